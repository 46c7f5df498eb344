package dev.jstencil.bench;

import dev.jstencil.ffm.jstencil_h;
import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.model.GrayScottState;
import java.lang.foreign.MemorySegment;
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
 *   <li>{@link #noop}: {@code jstencil_h.jstencil_noop()}, the generated wrapper of an empty C
 *       function: the fixed price of one downcall (no arguments, thread-state transitions).
 *   <li>{@link #javaNoop}: an empty Java method that is not inlined: the baseline to compare with.
 *   <li>{@link #row}: one row of {@code nx} f64 cells through {@link GrayScottKernel#update}, with
 *       {@code backend} native (argument checks + downcall + C loop), vector or scalar (Java loops):
 *       for the smallest unit of work the engine could hand out, what the call costs relative to the
 *       work. Divide by nx for ns per update. The row stays in L1/L2: call cost plus arithmetic.
 *   <li>{@link #rowDirect}: the same row straight through {@code jstencil_h.jstencil_gs_band_f64}
 *       with the interior slices made in setup: {@code row} (native) minus this is the cost of the
 *       Java side's per-call checks.
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

    /** Loads the native library (through the kernel factory, which says why when it cannot). */
    @State(Scope.Benchmark)
    public static class Library {
        @Setup(Level.Trial)
        public void load() {
            BenchSupport.kernel(Backend.NATIVE, Precision.F64);
            try {
                jstencil_h.jstencil_noop();
            } catch (LinkageError e) {
                throw new IllegalStateException("the native library does not provide jstencil_noop: " + e, e);
            }
        }
    }

    @Benchmark
    public void noop(Library library) {
        jstencil_h.jstencil_noop();
    }

    @Benchmark
    public void javaNoop() {
        emptyJava();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static void emptyJava() {
    }

    /** One row of nx cells, f64, read from the steady workload and written to the other buffers. */
    @State(Scope.Thread)
    public static class Row {
        @Param({"native", "vector", "scalar"})
        public String backend;

        @Param({"1024"})
        public int nx;

        GrayScottState state;
        GrayScottKernel kernel;
        GrayScottParams params;
        Field2D u, v, uNext, vNext;
        int y;

        @Setup(Level.Trial)
        public void setUp() {
            kernel = BenchSupport.kernel(Backend.parse(backend), Precision.F64);
            state = BenchSupport.steadyState(Precision.F64, nx, 64);
            params = GrayScottParams.DEFAULT;
            u = state.u(0);
            v = state.v(0);
            uNext = state.u(1);
            vNext = state.v(1);
            y = 32;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (state != null) {
                state.close();
            }
        }
    }

    @Benchmark
    public void row(Row r) {
        r.kernel.update(r.u, r.v, r.uNext, r.vNext, r.params, r.y, r.y + 1);
    }

    /** The same row, with the downcall's arguments prepared once. */
    @State(Scope.Thread)
    public static class RawRow {
        @Param({"1024"})
        public int nx;

        GrayScottState state;
        MemorySegment u, v, uNext, vNext;
        long pitch;
        int y;
        double du, dv, f, fk, dt, invH2;

        @Setup(Level.Trial)
        public void setUp() {
            BenchSupport.kernel(Backend.NATIVE, Precision.F64); // loads the library, or says why not
            state = BenchSupport.steadyState(Precision.F64, nx, 64);
            u = interior(state.u(0));
            v = interior(state.v(0));
            uNext = interior(state.u(1));
            vNext = interior(state.v(1));
            pitch = state.u(0).pitch();
            y = 32;
            GrayScottParams p = GrayScottParams.DEFAULT;
            du = p.du();
            dv = p.dv();
            f = p.f();
            fk = p.fPlusK();
            dt = p.dt();
            invH2 = p.invH2();
        }

        private static MemorySegment interior(Field2D field) {
            return field.segment().asSlice(field.offset(0, 0)); // what the native kernel passes: cell (0, 0)
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (state != null) {
                state.close();
            }
        }
    }

    @Benchmark
    public void rowDirect(RawRow r) {
        jstencil_h.jstencil_gs_band_f64(r.u, r.v, r.uNext, r.vNext, r.pitch, r.nx, r.y, r.y + 1,
                r.du, r.dv, r.f, r.fk, r.dt, r.invH2);
    }
}
