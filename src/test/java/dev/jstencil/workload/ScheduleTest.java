package dev.jstencil.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.parallel.StepEngine;
import dev.jstencil.parallel.StepFailedException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScheduleTest {
    @ParameterizedTest
    @EnumSource(Schedule.class)
    void everyIndexRunsExactlyOnceWhateverTheTeam(Schedule schedule) {
        for (ParallelMode mode : ParallelMode.values()) {
            for (int threads : new int[] {1, 2, 3, 7}) {
                for (int count : new int[] {1, 5, 100}) {
                    AtomicIntegerArray visits = new AtomicIntegerArray(count);
                    schedule.run(new StepEngine(mode, threads, BarrierKind.SPIN), count, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            visits.incrementAndGet(i);
                        }
                    });
                    int[] expected = new int[count];
                    Arrays.fill(expected, 1);
                    int[] actual = new int[count];
                    Arrays.setAll(actual, visits::get);
                    assertArrayEquals(expected, actual, schedule + " " + mode + " threads=" + threads + " count=" + count);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Schedule.class)
    void aFailingIndexFailsTheRunWithItsCause(Schedule schedule) {
        IllegalStateException boom = new IllegalStateException("boom");
        StepFailedException e = assertThrows(StepFailedException.class,
                () -> schedule.run(new StepEngine(ParallelMode.PLATFORM, 3, BarrierKind.SPIN), 50, (from, to) -> {
                    if (from <= 17 && 17 < to) {
                        throw boom;
                    }
                }));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("boom", e.getCause().getMessage());
    }

    @Test
    void parseNamesTheBadValueAndTheChoices() {
        assertEquals(Schedule.DYNAMIC, Schedule.parse("Dynamic"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("guided"));
        assertEquals("schedule 'guided' is not one of [static, dynamic]", e.getMessage());
    }

    @Test
    void parallelSettingsRejectBadThreadCounts() {
        assertEquals(1, ParallelSettings.parse("serial", 1).threads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParallelSettings.parse("platform", 0));
        assertEquals("--threads 0 is not allowed: use 1..4096", e.getMessage());
    }
}
