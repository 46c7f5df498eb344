package dev.jstencil.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fault in any band at any step stops the whole team: the caller gets the original cause with the
 * step and band, no other step runs after the failing one, and no engine thread is left alive.
 * The timeouts only guard against a hang (a broken engine would wait at a barrier forever).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails the test instead of stalling the build
class StepEngineFailureTest {
    static final int ROWS = 37;
    static final long STEPS = 40;

    static Stream<Arguments> faults() {
        return EngineConfigs.modesAndBarriers().stream().flatMap(mb -> Stream.of(1, 2, 3, 7).flatMap(threads ->
                Stream.of(0L, 1L, 17L, STEPS - 1).flatMap(step -> Stream.of(0, -1).map(band ->
                        Arguments.of(mb[0], mb[1], threads, step, band)))));
    }

    @ParameterizedTest(name = "{0} {1} threads={2} fault at step {3} band {4}")
    @MethodSource("faults")
    void faultReachesCallerWithCauseStepAndBand(ParallelMode mode, BarrierKind barrier, int threads, long failStep, int bandSel) {
        List<Band> bands = mode == ParallelMode.FORKJOIN
                ? Partitioner.split(ROWS, threads * StepEngine.FORKJOIN_BANDS_PER_THREAD)
                : Partitioner.split(ROWS, threads);
        Band failBand = bands.get(bandSel < 0 ? bands.size() - 1 : bandSel);
        IllegalStateException injected = new IllegalStateException("injected fault");
        ConcurrentHashMap<Integer, AtomicLong> lastStep = new ConcurrentHashMap<>();
        BandTask task = (step, band) -> {
            lastStep.computeIfAbsent(band.index(), k -> new AtomicLong(-1)).accumulateAndGet(step, Math::max);
            if (step == failStep && band.index() == failBand.index()) {
                throw injected;
            }
        };
        StepEngine engine = new StepEngine(mode, threads, barrier);
        StepFailedException e = assertThrows(StepFailedException.class, () -> engine.run(ROWS, STEPS, task, new RunControl()));
        assertSame(injected, e.getCause(), "the original exception is the cause");
        assertEquals(failStep, e.step());
        assertEquals(failBand, e.band());
        assertTrue(e.getMessage().contains("step " + failStep) && e.getMessage().contains("injected fault"), e.getMessage());
        lastStep.forEach((band, last) -> assertTrue(last.get() <= failStep,
                "band " + band + " ran step " + last.get() + " after the failure at step " + failStep));
        assertEquals(List.of(), TeamThreads.alive(), "no engine thread may outlive run()");
    }

    /**
     * Regression: with the step loop inside the pool, an occasional failed run left
     * ForkJoinPool.awaitTermination waiting forever (no worker alive). Many failing runs, each with
     * bands that are still busy when the fault hits, must all return.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jstencil.parallel.EngineConfigs#modesAndBarriersArgs")
    void manyFailingRunsAllReturn(ParallelMode mode, BarrierKind barrier) {
        StepEngine engine = new StepEngine(mode, 2, barrier);
        int rows = 64;
        int lastBand = (mode == ParallelMode.FORKJOIN ? Partitioner.split(rows, 2 * StepEngine.FORKJOIN_BANDS_PER_THREAD)
                : Partitioner.split(rows, 2)).size() - 1;
        for (int trial = 0; trial < 400; trial++) {
            final int failBand = trial % 2 == 0 ? 0 : lastBand;
            StepFailedException e = assertThrows(StepFailedException.class, () -> engine.run(rows, 1_000, (step, band) -> {
                long until = System.nanoTime() + 50_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // a band busy for 50 µs, like a small kernel
                }
                if (step == 20 && band.index() == failBand) {
                    throw new IllegalStateException("injected");
                }
            }, new RunControl()));
            assertEquals(20, e.step());
        }
        assertEquals(List.of(), TeamThreads.alive());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jstencil.parallel.EngineConfigs#modesAndBarriersArgs")
    void errorsAreReportedToo(ParallelMode mode, BarrierKind barrier) {
        AssertionError injected = new AssertionError("boom");
        StepEngine engine = new StepEngine(mode, 2, barrier);
        StepFailedException e = assertThrows(StepFailedException.class, () -> engine.run(8, 5, (s, b) -> {
            if (s == 2) {
                throw injected;
            }
        }, new RunControl()));
        assertSame(injected, e.getCause());
        assertEquals(List.of(), TeamThreads.alive());
    }
}
