package dev.jstencil.bench;

import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One kernel, one thread, no engine: {@link dev.jstencil.kernel.StencilKernel#update} of a model on
 * a band of rows (2D) or planes (3D).
 *
 * <p>Score: ns per lattice update (one cell of every field advanced one step), so MLUP/s = 1000 /
 * score. Every invocation updates {@value #CELLS} cells: the next band of whole rows or planes,
 * cycling through the grid so the whole working set (two buffers of every field) stays in play, as
 * in a real step. The kernel reads the current buffers and writes the other ones and the state
 * never evolves (see {@link BenchSupport.Workload}); the halo is filled once in setup.
 *
 * <p>Three benchmarks, so that the default parameters hold no combination that cannot run:
 * <ul>
 *   <li>{@link #band}: 2D grids of {@code size} x {@code size} cells, Java backends (interpreted,
 *       vector). {@code size} is a power of two from 256 to {@value #CELLS}: at 256 a band is the
 *       whole grid, 64 rows at 1024, 16 at 4096; at 4096 the fields are far larger than L3 and the
 *       score includes the memory traffic.
 *   <li>{@link #band3d}: 3D grids of {@code size3d}<sup>3</sup> cells, Java backends. {@code size3d}
 *       is a power of two from 64 to 256: 16 planes a band at 64 (64<sup>3</sup> = 512<sup>2</sup>
 *       cells), 4 at 128, 1 at 256 (256<sup>3</sup> = 4096<sup>2</sup> cells). A separate parameter
 *       from {@code size}, so that {@code -p size=4096} never asks for a 4096<sup>3</sup> grid.
 *   <li>{@link #bandNative}: the C kernel generated from the model (2D), on the sizes of {@code band};
 *       {@code band3d} takes {@code -p backend=native} for the C kernel in 3D.
 * </ul>
 * The grid's dimension belongs to the benchmark, not to the model: every built-in model but
 * advection (2D only) runs on both, so {@code -p model=heat} gives heat in 2D under {@code band}
 * and in 3D under {@code band3d}. {@code model} is a built-in name or a model file's path. Select
 * one benchmark with its name, e.g. {@code 'KernelBenchmark.band$'}; asking for a combination that
 * cannot run (e.g. advection under {@code band3d}) fails that combination with a message saying why.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar 'KernelBenchmark.band$' -p size=256 -p precision=f64
 *   java -jar benchmarks/target/benchmarks.jar KernelBenchmark.band3d -p size3d=128 -p backend=vector
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:LoopUnrollLimit=120"}) // as bin/jstencil: see README, JVM options
public class KernelBenchmark {
    /** Cell updates per invocation: a constant, as {@link OperationsPerInvocation} must be. */
    public static final int CELLS = 65536;

    /** What the three states share: the workload and the bands it is swept in. */
    public abstract static class Sweep {
        private BenchSupport.Workload workload;
        private BenchSupport.Bands bands;
        private long step;

        void open(String model, Backend backend, String precision, GridShape shape) {
            bands = new BenchSupport.Bands(shape, CELLS);
            workload = BenchSupport.Workload.create(model, backend, Precision.parse(precision), shape);
        }

        void close() {
            if (workload != null) {
                workload.close();
            }
        }

        /** The next band; the step index only matters to models with noise (gray-scott-3d), whose keys it selects. */
        void band() {
            int from = bands.next();
            workload.update(from, from + bands.rows(), step++);
        }
    }

    /** 2D, Java backends. */
    @State(Scope.Thread)
    public static class Planar extends Sweep {
        @Param({"gray-scott", "heat"})
        public String model;

        @Param({"interpreted", "vector"})
        public String backend;

        @Param({"f64", "f32"})
        public String precision;

        /** Grid side: the grid is size x size. */
        @Param({"256", "1024", "4096"})
        public int size;

        @Setup(Level.Trial)
        public void setUp() {
            open(model, Backend.parse(backend), precision, GridShape.of2d(size, size));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            close();
        }
    }

    /** 3D, Java backends. */
    @State(Scope.Thread)
    public static class Volume extends Sweep {
        @Param({"gray-scott-3d", "heat"})
        public String model;

        @Param({"interpreted", "vector"})
        public String backend;

        @Param({"f64", "f32"})
        public String precision;

        /** Grid side: the grid is size3d x size3d x size3d. */
        @Param({"64", "128", "256"})
        public int size3d;

        @Setup(Level.Trial)
        public void setUp() {
            open(model, Backend.parse(backend), precision, GridShape.of3d(size3d, size3d, size3d));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            close();
        }
    }

    /** 2D, the C kernel generated from the model and compiled by gcc. */
    @State(Scope.Thread)
    public static class Native extends Sweep {
        @Param({"gray-scott", "heat"})
        public String model;

        @Param({"f64", "f32"})
        public String precision;

        /** Grid side: the grid is size x size. */
        @Param({"256", "1024", "4096"})
        public int size;

        @Setup(Level.Trial)
        public void setUp() {
            open(model, Backend.NATIVE, precision, GridShape.of2d(size, size));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(CELLS)
    public void band(Planar s) {
        s.band();
    }

    @Benchmark
    @OperationsPerInvocation(CELLS)
    public void band3d(Volume s) {
        s.band();
    }

    @Benchmark
    @OperationsPerInvocation(CELLS)
    public void bandNative(Native s) {
        s.band();
    }
}
