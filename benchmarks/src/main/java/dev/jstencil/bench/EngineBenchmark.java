package dev.jstencil.bench;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Halo;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.parallel.BandTask;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.parallel.RunControl;
import dev.jstencil.parallel.RunOutcome;
import dev.jstencil.parallel.StepEngine;
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
 * Whole steps through the parallel {@link StepEngine}: per step and band, the halo fill of the
 * band's rows (the model's boundaries: periodic for gray-scott) for every field, then the vector f64
 * kernel on the band; a barrier (persistent teams) or a join (fork/join) between steps. This is what
 * {@code Simulation.run} does with one step per sweep, minus the NaN scan and the buffer swap, on the
 * non-evolving workload of {@link BenchSupport.Workload}. {@code model} is a built-in name or a model
 * file's path; the grid is 2D, size x size.
 *
 * <p>Score: ns per lattice update (MLUP/s = 1000 / score). Every invocation is one
 * {@code engine.run} of {@value #UPDATES} updates, i.e. {@code UPDATES / size²} steps: 64 steps at
 * size 512, 4 at 2048 (about 20-50 ms). Persistent teams (platform, virtual) start their threads
 * at every {@code run} call, as a real run does; over those steps the start-up costs well under 1%.
 * {@code barrier} only matters for platform and virtual; serial with 2 threads runs 2 bands on the
 * calling thread.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar EngineBenchmark -p size=512 -p threads=2
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:LoopUnrollLimit=120"}) // as bin/jstencil: see README, JVM options
@State(Scope.Thread)
public class EngineBenchmark {
    /** Lattice updates per invocation (a constant, as {@link OperationsPerInvocation} must be). */
    public static final int UPDATES = 1 << 24;

    @Param({"serial", "platform", "virtual", "forkjoin"})
    public String mode;

    @Param({"1", "2"})
    public int threads;

    @Param({"jdk", "spin"})
    public String barrier;

    /** Grid side: size² must divide {@value #UPDATES} (a power of two up to 4096). */
    @Param({"512", "2048"})
    public int size;

    @Param({"gray-scott"})
    public String model;

    private BenchSupport.Workload workload;
    private StepEngine engine;
    private BandTask task;
    private RunControl control;
    private long steps;

    @Setup(Level.Trial)
    public void setUp() {
        long cells = (long) size * size;
        if (size < 1 || UPDATES % cells != 0) {
            throw new IllegalArgumentException("size " + size + ": size² must divide " + UPDATES
                    + " updates per invocation (use a power of two up to 4096)");
        }
        steps = UPDATES / cells;
        ParallelMode m = ParallelMode.parse(mode);
        engine = new StepEngine(m, threads, BarrierKind.parse(barrier));
        workload = BenchSupport.Workload.create(model, Backend.VECTOR, Precision.F64, GridShape.of2d(size, size));
        Field[] cur = workload.cur, next = workload.next;
        Halo halo = workload.halo;
        StencilKernel kernel = workload.kernel;
        task = (step, band) -> {
            for (int f = 0; f < cur.length; f++) {
                halo.fill(cur[f], f, band.y0(), band.y1());
            }
            kernel.update(cur, next, band.y0(), band.y1(), step);
        };
        control = new RunControl();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (workload != null) {
            workload.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(UPDATES)
    public RunOutcome steps() {
        return engine.run(workload.shape.bandAxisSize(), steps, task, control);
    }
}
