package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Boundary;
import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.PeriodicBoundary;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.Kernels;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.model.InitialCondition;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two steps per sweep ({@link dev.jstencil.kernel.TwoStepSweep}) must be invisible in the results:
 * bitwise the same fields as one step per sweep, for every kernel with a row kernel, precision,
 * shape (odd, tiny, a single row), step count (odd and even, across several runs), mode and band count.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TemporalBlockingTest {
    private static GrayScottSimulation.Builder builder(Backend b, Precision p, int nx, int ny, TemporalBlocking tb) {
        return GrayScottSimulation.builder().size(nx, ny).precision(p).backend(b).init(InitialCondition.GAUSS)
                .temporalBlocking(tb);
    }

    private static double[][] fields(GrayScottSimulation sim) {
        return new double[][] {sim.u().toArray(), sim.v().toArray()};
    }

    private static double[][] run(GrayScottSimulation.Builder b, long... runs) {
        try (GrayScottSimulation sim = b.build()) {
            for (long steps : runs) {
                assertEquals(steps, sim.run(steps).steps());
            }
            return fields(sim);
        }
    }

    static Stream<Arguments> kernelsAndShapes() {
        return Stream.of(Backend.SCALAR, Backend.VECTOR, Backend.NATIVE).flatMap(b -> Stream.of(Precision.values()).flatMap(p ->
                // 14 and 16 cells: a row two cells short of a whole cache line (f64 and f32), and a whole one,
                // where a row kernel's write up to the next 64-byte boundary comes closest to the next row
                Stream.of(new int[] {67, 41}, new int[] {8, 3}, new int[] {3, 1}, new int[] {17, 2}, new int[] {14, 9},
                                new int[] {16, 5})
                        .map(s -> Arguments.of(b, p, s[0], s[1]))));
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @MethodSource("kernelsAndShapes")
    void twoStepsPerSweepGiveTheSameBitsAsOne(Backend b, Precision p, int nx, int ny) {
        for (long steps : new long[] {1, 2, 7, 40}) {
            double[][] off = run(builder(b, p, nx, ny, TemporalBlocking.OFF), steps);
            double[][] on = run(builder(b, p, nx, ny, TemporalBlocking.ON), steps);
            assertArrayEquals(off[0], on[0], "u after " + steps + " steps");
            assertArrayEquals(off[1], on[1], "v after " + steps + " steps");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SCALAR, F64", "VECTOR, F64", "VECTOR, F32", "NATIVE, F32"})
    void everyModeAndBandCountGivesTheSameBits(Backend b, Precision p) {
        double[][] reference = run(builder(b, p, 45, 37, TemporalBlocking.OFF), 51);
        for (ParallelMode mode : ParallelMode.values()) {
            for (int threads : new int[] {1, 2, 3, 7}) {
                for (BarrierKind barrier : BarrierKind.values()) {
                    double[][] got = run(builder(b, p, 45, 37, TemporalBlocking.ON).parallel(mode, threads).barrier(barrier), 51);
                    String what = mode + "/" + barrier + "/" + threads + " threads";
                    assertArrayEquals(reference[0], got[0], "u differs: " + what);
                    assertArrayEquals(reference[1], got[1], "v differs: " + what);
                }
            }
        }
    }

    /** Odd runs flip the buffer parity differently from pairs: consecutive runs must still add up. */
    @Test
    void consecutiveRunsOfAnyLengthAddUp() {
        double[][] whole = run(builder(Backend.VECTOR, Precision.F64, 30, 20, TemporalBlocking.OFF), 3 + 4 + 1 + 0 + 6);
        double[][] pieces = run(builder(Backend.VECTOR, Precision.F64, 30, 20, TemporalBlocking.ON)
                .parallel(ParallelMode.PLATFORM, 2), 3, 4, 1, 0, 6);
        assertArrayEquals(whole[0], pieces[0]);
        assertArrayEquals(whole[1], pieces[1]);
    }

    @Test
    void autoStaysOffForSmallGridsAndTheSimulationSaysWhich() {
        try (GrayScottSimulation sim = builder(Backend.VECTOR, Precision.F64, 64, 64, TemporalBlocking.AUTO).build()) {
            assertFalse(sim.temporalBlocking());
        }
        try (GrayScottSimulation sim = builder(Backend.VECTOR, Precision.F64, 64, 64, TemporalBlocking.ON).build()) {
            assertTrue(sim.temporalBlocking());
        }
    }

    @Test
    void autoSwitchesOnAboveTheLastLevelCacheWithoutAllocating() {
        long cache = TemporalBlocking.autoThresholdBytes();
        assertTrue(cache > 0);
        int fits = 16, tooBig = (int) Math.sqrt(cache / 8.0) + 64; // four f64 fields of tooBig^2 > cache
        assertFalse(TemporalBlocking.AUTO.resolve(Precision.F64, fits, fits, null));
        assertTrue(TemporalBlocking.AUTO.resolve(Precision.F64, tooBig, tooBig, null));
        assertFalse(TemporalBlocking.AUTO.resolve(Precision.F64, tooBig, tooBig, "no row kernel"), "auto never fails");
        assertFalse(TemporalBlocking.OFF.resolve(Precision.F64, tooBig, tooBig, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TemporalBlocking.ON.resolve(Precision.F64, fits, fits, "no row kernel"));
        assertTrue(e.getMessage().contains("no row kernel"), e.getMessage());
    }

    @Test
    void onIsRefusedWhereItCannotWork() {
        GrayScottKernel bandOnly = new GrayScottKernel() { // a kernel without a row kernel
            final GrayScottKernel inner = Kernels.scalar(Precision.F64);

            public Backend backend() {
                return inner.backend();
            }

            public Precision precision() {
                return inner.precision();
            }

            public String description() {
                return "band-only test kernel";
            }

            public void update(Field2D u, Field2D v, Field2D un, Field2D vn, GrayScottParams p, int y0, int y1) {
                inner.update(u, v, un, vn, p, y0, y1);
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder(Backend.SCALAR, Precision.F64, 16, 16, TemporalBlocking.ON).kernel(bandOnly).build());
        assertTrue(e.getMessage().contains("band-only test kernel"), e.getMessage());

        Boundary clamped = new Boundary() {
            public void fillHalo(Field2D f, int y0, int y1) {
                PeriodicBoundary.INSTANCE.fillHalo(f, y0, y1);
            }

            public String name() {
                return "test-boundary";
            }
        };
        e = assertThrows(IllegalArgumentException.class,
                () -> builder(Backend.VECTOR, Precision.F64, 16, 16, TemporalBlocking.ON).boundary(clamped).build());
        assertTrue(e.getMessage().contains("test-boundary"), e.getMessage());
        try (GrayScottSimulation sim = builder(Backend.VECTOR, Precision.F64, 16, 16, TemporalBlocking.AUTO).boundary(clamped).build()) {
            assertFalse(sim.temporalBlocking(), "auto falls back quietly");
        }
    }

    /**
     * A cancel lands between phases; the run must report a whole number of steps (a halo phase alone
     * counts for nothing) and leave exactly the state of that many plain steps.
     */
    @ParameterizedTest(name = "cancel after {0} row updates, {1}")
    @CsvSource({"30, SERIAL", "95, PLATFORM", "200, VIRTUAL", "61, FORKJOIN"})
    void aCancelledRunKeepsTheStateOfTheStepsItReports(int rowCalls, ParallelMode mode) {
        AtomicReference<GrayScottSimulation> self = new AtomicReference<>();
        AtomicLong calls = new AtomicLong();
        GrayScottKernel vector = Kernels.create(Backend.VECTOR, Precision.F64);
        GrayScottKernel cancelling = new GrayScottKernel() {
            public Backend backend() {
                return vector.backend();
            }

            public Precision precision() {
                return vector.precision();
            }

            public String description() {
                return "cancelling " + vector.description();
            }

            public void update(Field2D u, Field2D v, Field2D un, Field2D vn, GrayScottParams p, int y0, int y1) {
                vector.update(u, v, un, vn, p, y0, y1);
            }

            public Optional<RowKernel> rowKernel(GrayScottParams p) {
                RowKernel rows = vector.rowKernel(p).orElseThrow();
                return Optional.of((u, v, n, c, s, un, vn, out, nx) -> {
                    rows.update(u, v, n, c, s, un, vn, out, nx);
                    if (calls.incrementAndGet() == rowCalls) {
                        self.get().control().cancel();
                    }
                });
            }
        };
        int n = 24;
        try (GrayScottSimulation sim = builder(Backend.VECTOR, Precision.F64, n, n, TemporalBlocking.ON)
                .kernel(cancelling).parallel(mode, 2).build()) {
            self.set(sim);
            RunResult r = sim.run(1001);
            assertTrue(r.cancelled(), "the cancel landed");
            assertTrue(r.steps() > 0 && r.steps() < 1001 && r.steps() % 2 == 0, "whole pairs: " + r.steps());
            assertEquals(r.steps(), sim.stepsDone());
            double[][] plain = run(builder(Backend.VECTOR, Precision.F64, n, n, TemporalBlocking.OFF), r.steps());
            double[][] got = fields(sim);
            assertArrayEquals(plain[0], got[0]);
            assertArrayEquals(plain[1], got[1]);
        }
    }

    @Test
    void anInjectedNaNIsReportedAtTheFirstPairThatPassesACheckPoint() {
        try (GrayScottSimulation sim = builder(Backend.VECTOR, Precision.F64, 33, 21, TemporalBlocking.ON).checkEvery(10).build()) {
            sim.run(3);
            sim.u().set(5, 7, Double.NaN);
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(1000));
            assertEquals(11, e.step(), "pairs end at 5, 7, 9, 11: the one passing step 10 is checked");
            assertTrue(e.getMessage().contains("after step 11 (fields were finite after step 3)"), e.getMessage());
            assertTrue(sim.isClosed());
        }
    }

    @Test
    void phaseAndCheckBookkeeping() {
        assertEquals(0, GrayScottTwoStep.stepsAfter(1, 10), "a halo phase alone is no step");
        assertEquals(2, GrayScottTwoStep.stepsAfter(3, 10));
        assertEquals(10, GrayScottTwoStep.stepsAfter(10, 10));
        assertEquals(6, GrayScottTwoStep.stepsAfter(6, 7));
        assertEquals(7, GrayScottTwoStep.stepsAfter(7, 7), "the odd last phase is one whole step");
        assertEquals(0, GrayScottTwoStep.swapsAfter(0));
        assertEquals(1, GrayScottTwoStep.swapsAfter(1));
        assertEquals(1, GrayScottTwoStep.swapsAfter(2));
        assertEquals(4, GrayScottTwoStep.swapsAfter(7));
        // pairs from 3: end at 5, 7, ..., 11 (passes 10), 13, ..., 21 (passes 20)
        assertEquals(3, GrayScottTwoStep.lastCheckedBefore(10, 3, 10), "no check point before the pair ending at 11");
        assertEquals(11, GrayScottTwoStep.lastCheckedBefore(20, 3, 10), "the pair ending at 11 passed 10");
        assertEquals(20, GrayScottTwoStep.lastCheckedBefore(21, 0, 10), "from 0 pairs end on even steps: 20 itself");
    }
}
