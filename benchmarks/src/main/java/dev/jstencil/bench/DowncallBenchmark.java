package dev.jstencil.bench;

import dev.jstencil.codegen.Lowering;
import dev.jstencil.ffm.jstencil_h;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.model.Model;
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
 *   <li>{@link #row}: one row of {@code nx} f64 cells of gray-scott through {@link
 *       dev.jstencil.kernel.StencilKernel#update} (a band of one row), with {@code backend} native
 *       (argument checks + downcall of {@code jstencil_gs_band_f64} + C loop), vector or interpreted
 *       (Java loops): for the smallest unit of work the engine could hand out, what the call costs
 *       relative to the work. Divide by nx for ns per update. The row stays in L1/L2: call cost plus
 *       arithmetic.
 *   <li>{@link #rowKernel}: the same row through the kernel's {@link RowKernel} (what two steps per
 *       sweep call: fields as {@code MemorySegment[]}, rows as byte offsets); native: row checks +
 *       downcall of {@code jstencil_gs_row_f64}.
 *   <li>{@link #rowDirect}: the same row straight through {@code jstencil_h.jstencil_gs_band_f64}
 *       with the interior slices made in setup: {@code row} (native) minus this is the cost of the
 *       Java side's per-call checks.
 *   <li>{@link #rowKernelDirect}: the same row straight through {@code jstencil_h.jstencil_gs_row_f64}
 *       with the element offsets worked out in setup: {@code rowKernel} (native) minus this is the
 *       cost of the row kernel's checks.
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
            Model gs = Model.builtin("gray-scott");
            GridShape shape = GridShape.of2d(16, 16);
            BenchSupport.kernel(Backend.NATIVE, gs, Lowering.kernel(gs, 2, Precision.F64), shape);
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

    /** The same row, with the downcalls' arguments prepared once. */
    @State(Scope.Thread)
    public static class RawRow {
        @Param({"1024"})
        public int nx;

        BenchSupport.Workload workload;
        /** Slices from interior cell (0, 0), as the band kernel passes them. */
        MemorySegment u, v, uNext, vNext;
        /** Whole fields, as the row kernel passes them. */
        MemorySegment uAll, vAll, uNextAll, vNextAll;
        long pitch;
        /** Element offsets of the rows, from the fields' starts. */
        long north, centre, south, out;
        int y;
        double du, dv, f, fk, dt, invH2;

        @Setup(Level.Trial)
        public void setUp() {
            // NATIVE: loads the library, or says why not
            workload = BenchSupport.Workload.create("gray-scott", Backend.NATIVE, Precision.F64, GridShape.of2d(nx, ROWS));
            Field[] cur = workload.cur, next = workload.next;
            u = interior(cur[0]);
            v = interior(cur[1]);
            uNext = interior(next[0]);
            vNext = interior(next[1]);
            uAll = cur[0].segment();
            vAll = cur[1].segment();
            uNextAll = next[0].segment();
            vNextAll = next[1].segment();
            pitch = cur[0].pitch();
            y = ROWS / 2;
            long e = Precision.F64.bytes();
            north = cur[0].rowOffset(y - 1, 0) / e;
            centre = cur[0].rowOffset(y, 0) / e;
            south = cur[0].rowOffset(y + 1, 0) / e;
            out = next[0].rowOffset(y, 0) / e;
            // the C kernel's arguments, as the native kernel derives them from the model's slots (f64: no rounding)
            Model m = workload.model;
            double[] p = m.defaultParams();
            du = p[m.paramIndex("Du")];
            dv = p[m.paramIndex("Dv")];
            f = p[m.paramIndex("F")];
            fk = f + p[m.paramIndex("k")];
            dt = m.dt();
            invH2 = 1 / (m.h() * m.h());
        }

        private static MemorySegment interior(Field field) {
            return field.segment().asSlice(field.offset(0, 0)); // what the native band kernel passes: cell (0, 0)
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (workload != null) {
                workload.close();
            }
        }
    }

    @Benchmark
    public void rowDirect(RawRow r) {
        jstencil_h.jstencil_gs_band_f64(r.u, r.v, r.uNext, r.vNext, r.pitch, r.nx, r.y, r.y + 1,
                r.du, r.dv, r.f, r.fk, r.dt, r.invH2);
    }

    @Benchmark
    public void rowKernelDirect(RawRow r) {
        jstencil_h.jstencil_gs_row_f64(r.uAll, r.vAll, r.north, r.centre, r.south, r.uNextAll, r.vNextAll, r.out, r.nx,
                r.du, r.dv, r.f, r.fk, r.dt, r.invH2);
    }
}
