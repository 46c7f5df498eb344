package dev.jstencil.bench;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.model.GrayScottState;
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
 * One kernel, one thread, no engine: {@link GrayScottKernel#update} on a band of rows.
 *
 * <p>Score: ns per lattice update, so MLUP/s = 1000 / score. Every invocation updates
 * {@value #CELLS} cells: the next {@code CELLS / size} rows of the grid (256 rows, the whole grid, at
 * size 256; 64 rows at 1024; 16 rows at 4096), cycling through the grid so the whole working set
 * (four fields of size² cells) stays in play, as in a real step: at 4096 it is far larger than L3
 * and the score includes the memory traffic. The kernel reads the current buffers and writes the
 * other ones and the state never evolves (see {@link BenchSupport#steadyState}); the halo is
 * filled once in setup.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar KernelBenchmark -p size=256 -p precision=f64
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:LoopUnrollLimit=120"}) // as bin/jstencil: see README, JVM options
@State(Scope.Thread)
public class KernelBenchmark {
    /** Cell updates per invocation: a constant, as {@link OperationsPerInvocation} must be. */
    public static final int CELLS = 65536;

    @Param({"scalar", "vector", "native"})
    public String backend;

    @Param({"f64", "f32"})
    public String precision;

    /** Grid side: a power of two from 256 to 65536 (so that CELLS / size rows tile the grid). */
    @Param({"256", "1024", "4096"})
    public int size;

    private GrayScottState state;
    private GrayScottKernel kernel;
    private GrayScottParams params;
    private Field2D u, v, uNext, vNext;
    private BenchSupport.Bands bands;

    @Setup(Level.Trial)
    public void setUp() {
        bands = new BenchSupport.Bands(size, CELLS);
        Precision p = Precision.parse(precision);
        kernel = BenchSupport.kernel(Backend.parse(backend), p);
        state = BenchSupport.steadyState(p, size, size);
        params = GrayScottParams.DEFAULT;
        u = state.u(0);
        v = state.v(0);
        uNext = state.u(1);
        vNext = state.v(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (state != null) {
            state.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(CELLS)
    public void band() {
        int from = bands.next();
        kernel.update(u, v, uNext, vNext, params, from, from + bands.rows());
    }
}
