package dev.jstencil.bench;

import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.StepBarrier;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One round of a two-party {@link StepBarrier}, as the engine's persistent teams use it: party 0 is
 * the benchmark thread, party 1 a partner thread that does nothing but await the barrier in a loop.
 * Score: ns per round, from the benchmark thread's point of view (both parties arrive, the trip
 * action runs, both are released).
 *
 * <p>Both parties are of the same kind. {@link #platform} runs on JMH's ordinary platform worker
 * thread with a platform partner; {@link #virtual} forks a JVM with {@code -Djmh.executor=VIRTUAL}
 * (JMH 1.37 then runs the benchmark on a virtual thread) and starts a virtual partner. With 2
 * parties on 2 cores the spin barrier spins on platform threads; on virtual threads it never spins
 * (see {@code SpinParkBarrier}), so a round there is a park/unpark through the scheduler.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar BarrierBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Thread)
public class BarrierBenchmark {
    @Param({"jdk", "spin"})
    public String barrier;

    private StepBarrier stepBarrier;
    private Thread partner;
    private long rounds;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        boolean virtual = Thread.currentThread().isVirtual();
        boolean wantVirtual = params.getBenchmark().endsWith(".virtual");
        if (virtual != wantVirtual) {
            throw new IllegalStateException("benchmark " + params.getBenchmark() + " runs on a "
                    + (virtual ? "virtual" : "platform") + " thread: -Djmh.executor=VIRTUAL was "
                    + (wantVirtual ? "ignored (JMH older than 1.37?)" : "set for the whole run; drop it"));
        }
        stepBarrier = BarrierKind.parse(barrier).create(2, () -> {
            rounds++; // the trip action runs on the last arriver, with the other party waiting
            return true;
        });
        Runnable loop = () -> {
            while (stepBarrier.await(1)) {
                // one round per iteration until teardown breaks the barrier
            }
        };
        partner = (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true))
                .name("barrier-partner").start(loop);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        stepBarrier.breakBarrier();
        partner.join(10_000);
        if (partner.isAlive()) {
            throw new IllegalStateException("the partner thread did not stop after breakBarrier()");
        }
        if (rounds == 0) {
            throw new IllegalStateException("no barrier round was completed");
        }
    }

    private boolean round() {
        if (!stepBarrier.await(0)) {
            throw new IllegalStateException("barrier broken during the measurement");
        }
        return true;
    }

    /** Benchmark thread and partner are platform threads. */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
    public boolean platform() {
        return round();
    }

    /** Benchmark thread and partner are virtual threads (JMH's VIRTUAL executor). */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
            "-Djmh.executor=VIRTUAL"})
    public boolean virtual() {
        return round();
    }
}
