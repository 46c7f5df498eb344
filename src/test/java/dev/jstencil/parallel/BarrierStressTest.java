package dev.jstencil.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many very short steps with more threads than cores, for both barriers and both thread kinds.
 * The trip action checks that every party arrived exactly once per round (a barrier that lets a
 * party through early shows up as a wrong count), and the run must finish (hang guard: timeout).
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails the test instead of stalling the build
class BarrierStressTest {
    @ParameterizedTest(name = "{0} barrier, {1} threads, {2} parties")
    @CsvSource({"JDK,platform,2", "JDK,platform,8", "JDK,virtual,2", "JDK,virtual,8",
            "SPIN,platform,2", "SPIN,platform,8", "SPIN,virtual,2", "SPIN,virtual,8", "SPIN,virtual,33"})
    void everyRoundCompletesWithEveryPartyExactlyOnce(BarrierKind kind, String threadKind, int parties) throws Exception {
        final int rounds = parties > 8 ? 2_000 : 20_000;
        AtomicInteger arrivals = new AtomicInteger();
        AtomicLong trips = new AtomicLong();
        AtomicReference<String> error = new AtomicReference<>();
        StepBarrier barrier = kind.create(parties, () -> {
            long round = trips.incrementAndGet();
            int seen = arrivals.getAndSet(0);
            if (seen != parties && error.get() == null) {
                error.set("round " + round + ": " + seen + " arrivals, expected " + parties);
            }
            return true;
        });
        Thread.Builder builder = threadKind.equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform();
        List<Thread> team = new ArrayList<>();
        for (int p = 0; p < parties; p++) {
            final int party = p;
            team.add(builder.start(() -> {
                for (int r = 0; r < rounds; r++) {
                    arrivals.incrementAndGet();
                    if (!barrier.await(party)) {
                        error.compareAndSet(null, "party " + party + " released as broken in round " + r);
                        return;
                    }
                }
            }));
        }
        for (Thread t : team) {
            t.join();
        }
        assertEquals(null, error.get());
        assertEquals(rounds, trips.get());
        assertFalse(barrier.isBroken());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"JDK", "SPIN"})
    void breakingReleasesWaitersAndLateArrivals(BarrierKind kind) throws Exception {
        StepBarrier barrier = kind.create(3, () -> true);
        AtomicInteger released = new AtomicInteger();
        Thread w1 = Thread.ofPlatform().start(() -> { if (!barrier.await(0)) released.incrementAndGet(); });
        Thread w2 = Thread.ofVirtual().start(() -> { if (!barrier.await(1)) released.incrementAndGet(); });
        while (w1.getState() == Thread.State.RUNNABLE || w2.getState() == Thread.State.RUNNABLE) {
            Thread.sleep(1); // let both reach the barrier (they park after spinning)
        }
        barrier.breakBarrier();
        w1.join();
        w2.join();
        assertEquals(2, released.get(), "both waiters see a broken barrier");
        assertFalse(barrier.await(2), "a late arrival returns at once");
        assertTrue(barrier.isBroken());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"JDK", "SPIN"})
    void tripActionDecidesForEveryone(BarrierKind kind) throws Exception {
        AtomicInteger trips = new AtomicInteger();
        StepBarrier barrier = kind.create(4, () -> trips.incrementAndGet() < 10);
        AtomicInteger[] rounds = new AtomicInteger[4];
        List<Thread> team = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            final int party = p;
            rounds[p] = new AtomicInteger();
            team.add(Thread.ofPlatform().start(() -> {
                while (barrier.await(party)) {
                    rounds[party].incrementAndGet();
                }
            }));
        }
        for (Thread t : team) {
            t.join();
        }
        for (AtomicInteger r : rounds) {
            assertEquals(9, r.get(), "every party stops after the same round");
        }
    }
}
