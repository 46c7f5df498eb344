package dev.jstencil.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.InitialCondition;
import dev.jstencil.sim.GrayScottSimulation;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For a given kernel and precision, the fields after a run are bitwise identical whatever the mode,
 * barrier and thread count: each cell's update reads only the previous step, so the band split
 * must not matter. (More threads than the 2 cores on purpose.)
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails the test instead of stalling the build
class ParallelDeterminismTest {
    private static final int NX = 67, NY = 41, STEPS = 150;

    static Stream<Arguments> configs() {
        return Stream.of(Backend.SCALAR, Backend.VECTOR).flatMap(backend -> Stream.of(Precision.values()).map(p -> Arguments.of(backend, p)));
    }

    private static double[][] run(Backend backend, Precision p, ParallelMode mode, int threads, BarrierKind barrier) {
        try (GrayScottSimulation sim = GrayScottSimulation.builder().size(NX, NY).precision(p).backend(backend)
                .init(InitialCondition.SQUARE).parallel(mode, threads).barrier(barrier).build()) {
            assertEquals(STEPS, sim.run(STEPS).steps());
            return new double[][] {sim.u().toArray(), sim.v().toArray()};
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configs")
    void everyModeBarrierAndThreadCountGivesTheSameBits(Backend backend, Precision p) {
        double[][] reference = run(backend, p, ParallelMode.SERIAL, 1, BarrierKind.JDK);
        for (Object[] mb : EngineConfigs.modesAndBarriers()) {
            for (int threads : new int[] {1, 2, 3, 4, 7}) {
                ParallelMode mode = (ParallelMode) mb[0];
                BarrierKind barrier = (BarrierKind) mb[1];
                double[][] got = run(backend, p, mode, threads, barrier);
                String what = mode + "/" + barrier + "/" + threads + " threads";
                // assertArrayEquals on double[] compares bit patterns (Double.equals semantics)
                assertArrayEquals(reference[0], got[0], "u differs: " + what);
                assertArrayEquals(reference[1], got[1], "v differs: " + what);
            }
        }
    }
}
