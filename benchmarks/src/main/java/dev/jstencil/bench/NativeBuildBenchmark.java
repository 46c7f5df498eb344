package dev.jstencil.bench;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.RunConstants;
import dev.jstencil.ffm.KernelCache;
import dev.jstencil.ffm.NativeKernels;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the native backend costs before its first step, in ms:
 * <ul>
 *   <li>{@link #compile}: generating a model's C and compiling it with gcc into an empty cache (what
 *       the first run of a model on a machine pays), each time into a fresh directory.
 *   <li>{@link #cachedFirstInJvm}: a fresh JVM whose model is already in the cache (compiled in the
 *       setup): {@code NativeKernels.create}, which generates the C, hashes it with the compiler's
 *       version (one {@code gcc --version}) and the CPU's flags, checks the library's checksum, loads
 *       it and checks its ABI: what every later run pays. Single shot, 10 forks.
 * </ul>
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar NativeBuildBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NativeBuildBenchmark {

    @State(Scope.Thread)
    public static class Subject {
        @Param({"gray-scott", "gray-scott-3d"})
        public String model;

        @Param({"f64"})
        public String precision;

        Model m;
        Lowered lowered;
        double[] slots;
        String source;
        KernelCache fresh;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            m = BenchSupport.model(model);
            int dims = m.ownDims();
            lowered = Lowering.kernel(m, dims, Precision.parse(precision));
            GridShape shape = dims == 3 ? GridShape.of3d(16, 16, 16) : GridShape.of2d(16, 16);
            slots = new RunConstants(m.defaultParams(), m.dt(), m.h(), shape).slotValues(lowered);
            source = NativeKernels.source(m.text(), lowered);
            Path dir = Files.createTempDirectory("jstencil-bench-cache-");
            System.setProperty(KernelCache.DIR_PROPERTY, dir.toString());
            // for cachedFirstInJvm: compiled by the same gcc named by its full path, so that the measured call still runs
            // (and pays for) its own 'gcc --version', which is cached per JVM and compiler name
            String cc = KernelCache.standard().compiler();
            new KernelCache(dir, onPath(cc)).obtain(NativeKernels.stem(lowered), source);
        }

        private static String onPath(String program) {
            if (program.contains("/")) {
                return program;
            }
            for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path p = Path.of(d.isEmpty() ? "." : d, program);
                if (Files.isExecutable(p)) {
                    return p.toAbsolutePath().toString();
                }
            }
            throw new IllegalStateException(program + " is not on PATH");
        }

        @Setup(Level.Invocation)
        public void emptyCache() throws IOException {
            fresh = new KernelCache(Files.createTempDirectory("jstencil-bench-empty-"), KernelCache.standard().compiler());
        }
    }

    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    @Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
    public KernelCache.Library compile(Subject s) {
        KernelCache.Library lib = s.fresh.obtain(NativeKernels.stem(s.lowered), NativeKernels.source(s.m.text(), s.lowered));
        if (!lib.compiled()) {
            throw new IllegalStateException("the cache was not empty");
        }
        return lib;
    }

    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 10, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
    public StencilKernel cachedFirstInJvm(Subject s) {
        return NativeKernels.create(s.m.text(), s.lowered, s.slots, 0);
    }
}
