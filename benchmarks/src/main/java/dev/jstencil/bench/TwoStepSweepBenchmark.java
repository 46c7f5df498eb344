package dev.jstencil.bench;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.TwoStepSweep;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.model.GrayScottState;
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
 * One step per sweep against two ({@link TwoStepSweep}, temporal blocking), single thread, vector
 * kernel, on bands of {@value #CELLS} cells cycling through the grid as in {@link KernelBenchmark}.
 * {@code oneStep} is the band kernel; {@code twoSteps} computes two steps of the same band (its
 * score counts both, so the two are directly comparable per update). Bands here are large enough
 * that the two extra intermediate rows per band cost under 1% at 4096.
 *
 * <p>Score: ns per lattice update (MLUP/s = 1000 / score). At 1024 the fields fit in L3 (f32) or
 * just do not (f64); at 4096 every sweep streams from DRAM, where two steps per sweep move half the
 * bytes per update.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar TwoStepSweepBenchmark -p size=4096
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:LoopUnrollLimit=120"}) // as bin/jstencil: see README, JVM options
@State(Scope.Thread)
public class TwoStepSweepBenchmark {
    /** Cells per band and invocation: a constant, as {@link OperationsPerInvocation} must be. */
    public static final int CELLS = 1 << 20;

    @Param({"f64", "f32"})
    public String precision;

    /** Grid side: a power of two from 1024 to CELLS, so that bands of CELLS / size rows tile the grid. */
    @Param({"1024", "4096"})
    public int size;

    private GrayScottState state;
    private Arena arena;
    private GrayScottKernel kernel;
    private TwoStepSweep sweep;
    private GrayScottParams params;
    private Field2D u, v, uNext, vNext;
    private BenchSupport.Bands bands;

    @Setup(Level.Trial)
    public void setUp() {
        bands = new BenchSupport.Bands(size, CELLS);
        Precision p = Precision.parse(precision);
        params = GrayScottParams.DEFAULT;
        kernel = BenchSupport.kernel(Backend.VECTOR, p);
        state = BenchSupport.steadyState(p, size, size);
        arena = Arena.ofShared(); // the kind of the state's arena: see TwoStepSweep
        sweep = new TwoStepSweep(arena, kernel.rowKernel(params).orElseThrow(), p, size);
        u = state.u(0);
        v = state.v(0);
        uNext = state.u(1);
        vNext = state.v(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (arena != null) {
            arena.close();
        }
        if (state != null) {
            state.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(CELLS)
    public void oneStep() {
        int from = bands.next();
        kernel.update(u, v, uNext, vNext, params, from, from + bands.rows());
    }

    @Benchmark
    @OperationsPerInvocation(2 * CELLS)
    public void twoSteps() {
        int from = bands.next();
        sweep.run(u, v, uNext, vNext, from, from + bands.rows());
    }
}
