package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.testutil.Cases;
import dev.jstencil.testutil.Grids;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Symmetries of the discrete problem under periodic boundaries, checked on whole simulations. The
 * stencil's operation order ((n + s) + (w + e)) turns a reflection or translation of the input into
 * a mere swap of operands of commutative additions, so these hold bit for bit, for every kernel.
 */
class PeriodicPhysicsTest {
    private static final GrayScottParams PARAMS = GrayScottParams.DEFAULT;

    static Stream<Arguments> kernels() {
        return Cases.cross(Cases.JAVA_BACKENDS, Cases.PRECISIONS);
    }

    /** Manhattan distance on the torus. */
    private static int torusDistance(int x, int y, int x0, int y0, int nx, int ny) {
        int dx = Math.abs(x - x0), dy = Math.abs(y - y0);
        return Math.min(dx, nx - dx) + Math.min(dy, ny - dy);
    }

    /**
     * A v spot on the corner cell spreads one cell per step in each direction, through the edges: after
     * t steps v > 0 exactly on the cells within torus distance t of the corner (cells next to the
     * opposite edges included), and 0 everywhere else; and the pattern is mirror-symmetric about the
     * corner's row and column, across the wrap.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernels")
    void aSpotOnTheCornerSpreadsAcrossBothEdges(Backend b, Precision p) {
        int nx = 32, ny = 24, steps = 8, x0 = nx - 1, y0 = ny - 1;
        double[] u0 = new double[nx * ny], v0 = new double[nx * ny];
        Arrays.fill(u0, 1.0);
        u0[y0 * nx + x0] = 0.5;
        v0[y0 * nx + x0] = 0.5;
        double[] v = Grids.evolve(b, p, nx, ny, PARAMS, u0, v0, steps)[1];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                boolean reached = torusDistance(x, y, x0, y0, nx, ny) <= steps;
                double value = v[y * nx + x];
                if (reached != value > 0 || value < 0) {
                    fail("v at (" + x + ", " + y + ") = " + value + ", torus distance " + torusDistance(x, y, x0, y0, nx, ny)
                            + " from the spot after " + steps + " steps");
                }
                double mirrorX = v[y * nx + Math.floorMod(2 * x0 - x, nx)];
                double mirrorY = v[Math.floorMod(2 * y0 - y, ny) * nx + x];
                assertEquals(value, mirrorX, "v mirrored about column " + x0 + " at (" + x + ", " + y + ")");
                assertEquals(value, mirrorY, "v mirrored about row " + y0 + " at (" + x + ", " + y + ")");
            }
        }
        assertTrue(v[0] > 0 && v[nx - 1] > 0 && v[(ny - 1) * nx] > 0, "the spot reached the other three corners");
    }

    /** (backend, precision, nx, ny, dx, dy). */
    static Stream<Arguments> shifts() {
        return Cases.cross(Cases.JAVA_BACKENDS, Cases.PRECISIONS,
                Cases.rows(new int[][] {{67, 45, 17, 31}, {67, 45, 1, 0}, {67, 45, 66, 44}, {16, 9, 8, 4}}));
    }

    /** Translation equivariance: evolving a circularly shifted start gives the shifted result, bit for bit. */
    @ParameterizedTest(name = "{0} {1} {2}x{3} shifted by ({4}, {5})")
    @MethodSource("shifts")
    void shiftingTheStartShiftsTheResult(Backend b, Precision p, int nx, int ny, int dx, int dy) {
        int n = nx * ny, steps = 200;
        double[] u0 = Grids.roundedTo(p, Grids.random(11, n, 0.3, 1.0));
        double[] v0 = Grids.roundedTo(p, Grids.random(12, n, 0.0, 0.5));
        double[][] plain = Grids.evolve(b, p, nx, ny, PARAMS, u0, v0, steps);
        double[][] shifted = Grids.evolve(b, p, nx, ny, PARAMS,
                Grids.shift(u0, nx, ny, dx, dy), Grids.shift(v0, nx, ny, dx, dy), steps);
        Grids.assertBitwiseEquals(Grids.shift(plain[0], nx, ny, dx, dy), shifted[0], nx, "u");
        Grids.assertBitwiseEquals(Grids.shift(plain[1], nx, ny, dx, dy), shifted[1], nx, "v");
        assertTrue(Grids.maxAbsDiff(plain[1], shifted[1]) > 0, "the shift must move something (else vacuous)");
    }

    static Stream<Arguments> mirrorCases() {
        List<Arguments> out = new ArrayList<>();
        for (Backend b : List.of(Backend.SCALAR, Backend.VECTOR)) {
            out.add(Arguments.of(b, Precision.F64, 256, 256));
            out.add(Arguments.of(b, Precision.F64, 67, 67));
            out.add(Arguments.of(b, Precision.F32, 67, 45));
            out.add(Arguments.of(b, Precision.F64, 100, 37));
        }
        return out.stream();
    }

    /**
     * The square start is symmetric under x -> 2 lo + s - 1 - x (mod n) per axis (s = n/10,
     * lo = n/2 - s/2); a periodic run keeps that symmetry exactly.
     */
    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @MethodSource("mirrorCases")
    void theSquaresMirrorSymmetryIsKeptExactly(Backend b, Precision p, int nx, int ny) {
        int steps = 500;
        double[][] uv;
        try (GrayScottSimulation sim = Grids.serialSimulation(b, p, nx, ny, PARAMS)) {
            sim.run(steps);
            uv = new double[][] {sim.u().toArray(), sim.v().toArray()};
        }
        int cx = mirrorSum(nx), cy = mirrorSum(ny);
        for (int s = 0; s < 2; s++) {
            double[] f = uv[s];
            String name = s == 0 ? "u" : "v";
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double value = f[y * nx + x];
                    int mx = Math.floorMod(cx - x, nx), my = Math.floorMod(cy - y, ny);
                    if (Double.compare(value, f[y * nx + mx]) != 0 || Double.compare(value, f[my * nx + x]) != 0) {
                        fail(name + " at (" + x + ", " + y + ") = " + value + " but at its x-mirror (" + mx + ", " + y + ") "
                                + f[y * nx + mx] + " and its y-mirror (" + x + ", " + my + ") " + f[my * nx + x]);
                    }
                }
            }
        }
        assertTrue(Arrays.stream(uv[1]).distinct().count() > 20, "the pattern developed (else the symmetry is trivial)");
    }

    /** 2 lo + s - 1 for an axis of length n: the mirror maps x to this minus x. */
    private static int mirrorSum(int n) {
        int s = n / 10, lo = n / 2 - s / 2;
        return 2 * lo + s - 1;
    }

    /**
     * Pure diffusion (F = k = 0, v = 0) conserves the total of u: the periodic Laplacian sums to zero.
     * Each step adds rounding errors of ~1e-16 relative per cell, which average out in the sum; 1e-12
     * relative over 2000 steps is far above that yet far below any leak (one ghost cell's worth is ~3e-4).
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SCALAR", "VECTOR"})
    void pureDiffusionConservesTheTotal(Backend b) {
        int nx = 64, ny = 48, n = nx * ny;
        GrayScottParams diffusion = new GrayScottParams(0.2, 0.1, 0, 0, 1.0, 1.0).withAutoDt();
        double[] u0 = Grids.random(3, n, 0.0, 1.0);
        double[][] uv = Grids.evolve(b, Precision.F64, nx, ny, diffusion, u0, new double[n], 2000);
        double before = Grids.accurateSum(u0), after = Grids.accurateSum(uv[0]);
        assertEquals(before, after, 1e-12 * before, "sum of u");
        assertTrue(Arrays.stream(uv[1]).allMatch(v -> v == 0.0), "v stays exactly 0 without a source");
        assertTrue(Grids.maxAbsDiff(u0, uv[0]) > 0.1, "u diffused (else conservation is vacuous)");
        double spread = Arrays.stream(uv[0]).max().orElseThrow() - Arrays.stream(uv[0]).min().orElseThrow();
        assertTrue(spread < 0.5, "diffusion flattened u: spread " + spread);
    }
}
