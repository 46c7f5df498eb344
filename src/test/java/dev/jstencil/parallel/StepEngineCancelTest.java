package dev.jstencil.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Cancellation stops every band after the same step, and the outcome names that step. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails the test instead of stalling the build
class StepEngineCancelTest {
    private static final long STEPS = 1_000_000;

    /** Counts, per band, how many steps it ran; cancels once band 0 reaches {@code at}. */
    private static BandTask countingTask(ConcurrentHashMap<Integer, AtomicLong> done, long at, Runnable cancel) {
        return (step, band) -> {
            done.computeIfAbsent(band.index(), k -> new AtomicLong()).incrementAndGet();
            if (band.index() == 0 && step == at) {
                cancel.run();
            }
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jstencil.parallel.EngineConfigs#modesAndBarriersArgs")
    void cancelHandleStopsAtAStepBoundary(ParallelMode mode, BarrierKind barrier) {
        RunControl control = new RunControl();
        ConcurrentHashMap<Integer, AtomicLong> done = new ConcurrentHashMap<>();
        RunOutcome out = new StepEngine(mode, 3, barrier).run(30, STEPS, countingTask(done, 50, control::cancel), control);
        assertTrue(out.cancelled());
        assertTrue(out.completedSteps() >= 51 && out.completedSteps() < STEPS, "stopped soon after the request: " + out);
        assertEquals(out.completedSteps(), control.completedSteps());
        done.forEach((band, n) -> assertEquals(out.completedSteps(), n.get(), "band " + band + " ran a different number of steps"));
        assertEquals(List.of(), TeamThreads.alive());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jstencil.parallel.EngineConfigs#modesAndBarriersArgs")
    void interruptOfTheCallerCancelsAndKeepsTheInterruptStatus(ParallelMode mode, BarrierKind barrier) throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<RunOutcome> outcome = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        ConcurrentHashMap<Integer, AtomicLong> done = new ConcurrentHashMap<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            outcome.set(new StepEngine(mode, 2, barrier).run(16, STEPS, countingTask(done, 10, running::countDown), new RunControl()));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        running.await();
        caller.interrupt();
        caller.join();
        assertTrue(outcome.get().cancelled(), "interrupt must cancel: " + outcome.get());
        assertTrue(stillInterrupted.get(), "the interrupt status must survive for the caller's own code");
        done.forEach((band, n) -> assertEquals(outcome.get().completedSteps(), n.get()));
        assertEquals(List.of(), TeamThreads.alive());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jstencil.parallel.EngineConfigs#modesAndBarriersArgs")
    void uncancelledRunCompletesEveryStep(ParallelMode mode, BarrierKind barrier) {
        ConcurrentHashMap<Integer, AtomicLong> done = new ConcurrentHashMap<>();
        RunControl control = new RunControl();
        RunOutcome out = new StepEngine(mode, 2, barrier).run(5, 123, countingTask(done, -1, () -> { }), control);
        assertFalse(out.cancelled());
        assertEquals(123, out.completedSteps());
        assertEquals(123, control.completedSteps());
        done.forEach((band, n) -> assertEquals(123, n.get()));
    }
}
