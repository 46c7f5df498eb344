package dev.jstencil.bench;

import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.WavefrontSweep;
import java.lang.foreign.Arena;
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
 * One step per sweep against two and eight ({@link WavefrontSweep}, temporal blocking), single
 * thread, vector kernel of gray-scott, on bands of {@value #CELLS} cells of a size x size grid cycling
 * through it as in {@link KernelBenchmark}. {@code oneStep} is the band kernel; {@code twoSteps} and
 * {@code eightSteps} compute 2 and 8 steps of the same band through the kernel's {@link RowKernel}
 * (their scores count every step, so all three are directly comparable per update). The rows
 * recomputed beyond a band's edges (k-1 per level and side) are counted as work done, not as updates. {@code -p model=} takes any 2D model of radius 1 (heat, a
 * model file's path), {@code -p backend=} any backend with a row kernel (interpreted, native).
 *
 * <p>Score: ns per lattice update (MLUP/s = 1000 / score). At 1024 the fields fit in L3 (f32) or
 * just do not (f64); at 4096 every sweep streams from DRAM, where k steps per sweep move 1/k of the
 * bytes per update.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar WavefrontSweepBenchmark -p size=4096
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:LoopUnrollLimit=120"}) // as bin/jstencil: see README, JVM options
@State(Scope.Thread)
public class WavefrontSweepBenchmark {
    /** Cells per band and invocation: a constant, as {@link OperationsPerInvocation} must be. */
    public static final int CELLS = 1 << 20;

    @Param({"f64", "f32"})
    public String precision;

    /** Grid side: a power of two from 1024 to CELLS, so that bands of CELLS / size rows tile the grid. */
    @Param({"1024", "4096"})
    public int size;

    @Param({"gray-scott"})
    public String model;

    @Param({"vector"})
    public String backend;

    private BenchSupport.Workload workload;
    private Arena arena;
    private WavefrontSweep two;
    private WavefrontSweep eight;
    private BenchSupport.Bands bands;
    private long step;

    @Setup(Level.Trial)
    public void setUp() {
        GridShape shape = GridShape.of2d(size, size);
        bands = new BenchSupport.Bands(shape, CELLS);
        Precision p = Precision.parse(precision);
        workload = BenchSupport.Workload.create(model, Backend.parse(backend), p, shape);
        arena = Arena.ofShared(); // the kind of the field set's arena: see WavefrontSweep
        two = new WavefrontSweep(arena, workload.kernel, workload.fields.current(0), workload.fields.size(), workload.halo, 2);
        eight = new WavefrontSweep(arena, workload.kernel, workload.fields.current(0), workload.fields.size(), workload.halo, 8);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (arena != null) {
            arena.close();
        }
        if (workload != null) {
            workload.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(CELLS)
    public void oneStep() {
        int from = bands.next();
        workload.update(from, from + bands.rows(), step++);
    }

    @Benchmark
    @OperationsPerInvocation(2 * CELLS)
    public void twoSteps() {
        int from = bands.next();
        two.run(workload.cur, workload.next, from, from + bands.rows(), step);
        step += 2;
    }

    @Benchmark
    @OperationsPerInvocation(8 * CELLS)
    public void eightSteps() {
        int from = bands.next();
        eight.run(workload.cur, workload.next, from, from + bands.rows(), step);
        step += 8;
    }
}
