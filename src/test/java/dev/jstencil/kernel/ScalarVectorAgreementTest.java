package dev.jstencil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Precision;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.sim.GrayScottSimulation;
import dev.jstencil.testutil.Cases;
import dev.jstencil.testutil.Grids;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernel follows the scalar reference through 1000 whole simulation steps, on sizes
 * that exercise full vectors, scalar tails, rows shorter than one vector and rectangular grids.
 */
class ScalarVectorAgreementTest {
    private static final long STEPS = 1000;
    private static final double F64_TOLERANCE = 1e-12;
    /**
     * Both kernels evaluate the documented operation order in IEEE float without fused multiply-adds
     * and today agree to the last bit; the tolerance states what the f32 path is allowed, should a
     * kernel ever trade the exact order for speed. 1e-5 is ~80 ulps of 1 (the fields stay within [0, 1]); diffusion damps differences
     * between neighbouring cells, so a few ulps do not grow into that over 1000 steps, while a kernel
     * bug (a wrong neighbour, a skipped tail) shows up as an O(1e-2) difference after the first step.
     */
    private static final double F32_TOLERANCE = 1e-5;
    /** The "worms" regime (F = 0.03, k = 0.057): patterns stay alive for 1000 steps on all but the tiniest grids. */
    private static final GrayScottParams PARAMS = new GrayScottParams(0.16, 0.08, 0.03, 0.057, 1.0, 1.0);
    /** Compared after these step counts: early, while every cell still differs, and late. */
    private static final long[] CHECKPOINTS = {1, 10, 100, STEPS};

    static Stream<Arguments> cases() {
        return Cases.cross(Cases.PRECISIONS, Cases.rows(new int[][] {{3, 3}, {13, 13}, {67, 67}, {67, 13}, {13, 67},
                {100, 37}, {1000, 7}}));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("cases")
    void vectorMatchesScalarAfter1000Steps(Precision p, int nx, int ny) {
        int n = nx * ny;
        // A random start (30% of cells seeded like the square's inside) rather than the square itself,
        // which is uniform on small grids.
        double[] seeds = Grids.random(5, n, 0, 1), u0 = new double[n], v0 = new double[n];
        for (int i = 0; i < n; i++) {
            u0[i] = seeds[i] < 0.3 ? 0.5 + 0.1 * seeds[i] : 1.0;
            v0[i] = seeds[i] < 0.3 ? 0.25 + 0.1 * seeds[i] : 0.0;
        }
        double tol = p == Precision.F64 ? F64_TOLERANCE : F32_TOLERANCE;
        double maxReaction = 0;
        try (GrayScottSimulation scalar = Grids.serialSimulation(Backend.SCALAR, p, nx, ny, PARAMS);
             GrayScottSimulation vector = Grids.serialSimulation(Backend.VECTOR, p, nx, ny, PARAMS)) {
            for (GrayScottSimulation sim : List.of(scalar, vector)) {
                Grids.load(sim.u(), u0);
                Grids.load(sim.v(), v0);
            }
            for (long checkpoint : CHECKPOINTS) {
                scalar.run(checkpoint - scalar.stepsDone());
                vector.run(checkpoint - vector.stepsDone());
                double[] us = scalar.u().toArray(), vs = scalar.v().toArray();
                double du = Grids.maxAbsDiff(us, vector.u().toArray());
                double dv = Grids.maxAbsDiff(vs, vector.v().toArray());
                assertTrue(du <= tol && dv <= tol, "after " + checkpoint + " steps: max |u_vector - u_scalar| = " + du
                        + ", v: " + dv + " (tolerance " + tol + ")");
                for (int i = 0; i < n; i++) {
                    maxReaction = Math.max(maxReaction, us[i] * vs[i] * vs[i]);
                }
            }
            assertEquals(STEPS, vector.stepsDone());
        }
        assertTrue(maxReaction > 1e-3, "the reaction term was active (else a bug in it could not show)");
    }
}
