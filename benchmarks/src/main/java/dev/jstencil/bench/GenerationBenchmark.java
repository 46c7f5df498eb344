package dev.jstencil.bench;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.VectorSweepGenerator;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.vector.VectorSweep;
import dev.jstencil.model.Model;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.VectorShape;
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
 * What it costs to make a model's vector kernel class: {@link VectorSweepGenerator#generate} (the
 * ClassFile API writes the sweep class) and {@code Lookup.defineHiddenClass} (load, link, initialise
 * it and make an instance), which is what {@code VectorKernels} does the first time it sees a model
 * in a JVM. Scores are ms per model (per class made).
 *
 * <p>{@code VectorKernels} caches the class by model text, so going through it would measure a map
 * look-up after the first call. These benchmarks call the generator directly and define the class
 * exactly as {@code VectorKernels.define} does, with a lookup in package {@code
 * dev.jstencil.kernel.vector} (where the generated class lives) obtained by {@code
 * MethodHandles.privateLookupIn(VectorSweep.class, ...)}: the benchmarks and jstencil share the
 * class path's unnamed module, so that lookup has the full privilege access {@code
 * defineHiddenClass} needs, without putting a class of this project into jstencil's package. The
 * hidden classes are not strongly bound to their loader, so the ones made here are unloaded again.
 * The vector width is the CPU's preferred one, or {@code -Djstencil.vector.bits} as for the library.
 *
 * <ul>
 *   <li>{@link #generate}, {@link #define}, {@link #generateAndDefine}: warm (average time after JIT
 *       warm-up), the two halves and the whole: the cost in a long-lived JVM that makes kernels for
 *       many models.
 *   <li>{@link #firstInJvm}: generate and define once in a fresh JVM (single shot, no warm-up, 10
 *       forks): the cost a {@code jstencil run} pays, class loading of the ClassFile API and Vector API
 *       included. Options that add warm-up or iterations ({@code -wi}, {@code -i}) make it warm; run
 *       it with its own settings, e.g. {@code GenerationBenchmark.firstInJvm} alone.
 * </ul>
 * {@code model} is a built-in name or a model file's path, lowered for its own grid's dimension
 * (gray-scott: 2D, gray-scott-3d: 3D).
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar GenerationBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:LoopUnrollLimit=120"}) // as bin/jstencil: see README, JVM options
public class GenerationBenchmark {

    /** The lowered model and how to define its class. */
    @State(Scope.Thread)
    public static class Subject {
        @Param({"gray-scott", "gray-scott-3d"})
        public String model;

        @Param({"f64"})
        public String precision;

        Lowered lowered;
        int bits;
        int maxBits;
        MethodHandles.Lookup vectorPackage;

        @Setup(Level.Trial)
        public void setUp() throws IllegalAccessException {
            Model m = BenchSupport.model(model);
            lowered = Lowering.kernel(m, m.ownDims(), Precision.parse(precision));
            maxBits = VectorShape.preferredShape().vectorBitSize();
            String forced = System.getProperty("jstencil.vector.bits", "auto").trim();
            bits = forced.isEmpty() || forced.equals("auto") ? maxBits : Integer.parseInt(forced);
            vectorPackage = MethodHandles.privateLookupIn(VectorSweep.class, MethodHandles.lookup());
        }
    }

    /** The subject's class, generated in setup (for {@link #define}). */
    @State(Scope.Thread)
    public static class ClassBytes {
        byte[] bytes;

        @Setup(Level.Trial)
        public void setUp(Subject s) {
            bytes = writeClass(s).bytes();
        }
    }

    static VectorSweepGenerator.Generated writeClass(Subject s) {
        return VectorSweepGenerator.generate(s.lowered, s.bits, s.maxBits);
    }

    /** As {@code VectorKernels.define}: a hidden class, initialised, and an instance of it. */
    static VectorSweep load(Subject s, byte[] bytes) {
        try {
            MethodHandles.Lookup hidden = s.vectorPackage.defineHiddenClass(bytes, true);
            return (VectorSweep) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("the generated vector kernel of " + s.model + " could not be loaded: " + e, e);
        }
    }

    @Benchmark
    public VectorSweepGenerator.Generated generate(Subject s) {
        return writeClass(s);
    }

    @Benchmark
    public VectorSweep define(Subject s, ClassBytes g) {
        return load(s, g.bytes);
    }

    @Benchmark
    public VectorSweep generateAndDefine(Subject s) {
        return load(s, writeClass(s).bytes());
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 10, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
            "-XX:LoopUnrollLimit=120"})
    public VectorSweep firstInJvm(Subject s) {
        return load(s, writeClass(s).bytes());
    }
}
