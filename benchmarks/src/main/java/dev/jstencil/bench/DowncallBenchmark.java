package dev.jstencil.bench;

import dev.jstencil.codegen.Lowering;
import dev.jstencil.ffm.KernelCache;
import dev.jstencil.ffm.NativeKernels;
import dev.jstencil.ffm.jstencil_abi_version_fn;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.model.Model;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a call into C costs, in the manner of the JDK's own {@code CallOverhead} micro benchmarks
 * (test/micro/org/openjdk/bench/java/lang/foreign). Scores are ns per call.
 *
 * <ul>
 *   <li>{@link #downcall}: {@code jstencil_abi_version} of gray-scott's generated library, called through
 *       its address as the native kernel calls its functions: the fixed price of one downcall.
 *   <li>{@link #javaNoop}: an empty Java method that is not inlined: the baseline to compare with.
 *   <li>{@link #row}: one row of {@code nx} f64 cells of gray-scott through {@link
 *       dev.jstencil.kernel.StencilKernel#update} (a band of one row), with {@code backend} native
 *       (argument checks, the argument table, the downcall of {@code jstencil_band} and the C loop),
 *       vector or interpreted (Java loops): for the smallest unit of work the engine could hand out,
 *       what the call costs relative to the work. Divide by nx for ns per update. The row stays in
 *       L1/L2: call cost plus arithmetic.
 *   <li>{@link #rowKernel}: the same row through the kernel's {@link RowKernel} (what two steps per
 *       sweep call: fields as {@code MemorySegment[]}, rows as byte offsets).
 * </ul>
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar DowncallBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class DowncallBenchmark {

    /** Compiles (or finds cached) gray-scott's C kernel library and finds its ABI-version function. */
    @State(Scope.Benchmark)
    public static class Library {
        MemorySegment abiVersion;

        @Setup(Level.Trial)
        public void load() {
            Model gs = Model.builtin("gray-scott");
            Path lib = KernelCache.standard().obtain("bench", NativeKernels.source(gs.text(), Lowering.kernel(gs, 2, Precision.F64)))
                    .library();
            abiVersion = SymbolLookup.libraryLookup(lib, Arena.global()).find("jstencil_abi_version").orElseThrow();
        }
    }

    @Benchmark
    public int downcall(Library library) {
        return jstencil_abi_version_fn.invoke(library.abiVersion);
    }

    @Benchmark
    public void javaNoop() {
        emptyJava();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static void emptyJava() {
    }

    /** One row of nx cells of gray-scott, f64, read from the steady workload and written to the other buffers. */
    @State(Scope.Thread)
    public static class Row {
        @Param({"native", "vector", "interpreted"})
        public String backend;

        @Param({"1024"})
        public int nx;

        BenchSupport.Workload workload;
        RowKernel rowKernel;
        MemorySegment[] in, out;
        long north, centre, south, outOffset;
        int y;

        @Setup(Level.Trial)
        public void setUp() {
            workload = BenchSupport.Workload.create("gray-scott", Backend.parse(backend), Precision.F64, GridShape.of2d(nx, ROWS));
            rowKernel = workload.kernel.rowKernel().orElseThrow(() -> new IllegalStateException(workload.kernel.description()
                    + " has no row kernel"));
            y = ROWS / 2;
            Field f = workload.cur[0];
            in = segments(workload.cur);
            out = segments(workload.next);
            north = f.rowOffset(y - 1, 0);
            centre = f.rowOffset(y, 0);
            south = f.rowOffset(y + 1, 0);
            outOffset = workload.next[0].rowOffset(y, 0);
        }

        private static MemorySegment[] segments(Field[] fields) {
            MemorySegment[] s = new MemorySegment[fields.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = fields[i].segment();
            }
            return s;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (workload != null) {
                workload.close();
            }
        }
    }

    /** Rows of the grid the row is taken from (the row is the middle one). */
    static final int ROWS = 64;

    @Benchmark
    public void row(Row r) {
        r.workload.update(r.y, r.y + 1, 0);
    }

    @Benchmark
    public void rowKernel(Row r) {
        r.rowKernel.update(r.in, r.north, r.centre, r.south, r.out, r.outOffset, r.nx, r.y, 0);
    }
}
