package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.testutil.Cases;
import dev.jstencil.testutil.Grids;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Symmetries and limits of the discrete Gray-Scott problem (the built-in gray-scott model) under
 * periodic boundaries, checked on whole simulations. The Laplacian's operation order ((n + s) +
 * (w + e)) turns a reflection or translation of the input into a mere swap of operands of
 * commutative additions, so these hold bit for bit, for every kernel.
 */
class PeriodicPhysicsTest {
    private static final Model GRAY_SCOTT = Model.builtin("gray-scott");

    static Stream<Arguments> kernels() {
        return Cases.cross(Cases.JAVA_BACKENDS, Cases.PRECISIONS);
    }

    /** A serial run of gray-scott from the given u and v (x fastest), with some parameters set; returns u and v. */
    private static double[][] evolve(Backend b, Precision p, int nx, int ny, Map<String, Double> set, boolean autoDt, double[] u0,
                                     double[] v0, long steps) {
        Simulation.Builder builder = Simulation.builder(GRAY_SCOTT).size(nx, ny).precision(p).backend(b).parallel(ParallelMode.SERIAL, 1);
        set.forEach(builder::set);
        if (autoDt) {
            builder.autoDt();
        }
        try (Simulation sim = builder.build()) {
            assertEquals(b, sim.kernel().backend(), "no silent fallback: " + sim.kernel().description());
            assertEquals("periodic,periodic", sim.boundaries());
            Grids.load(sim.field("u"), u0);
            Grids.load(sim.field("v"), v0);
            assertEquals(steps, sim.run(steps).steps());
            return new double[][] {sim.field("u").toArray(), sim.field("v").toArray()};
        }
    }

    private static double[][] evolve(Backend b, Precision p, int nx, int ny, double[] u0, double[] v0, long steps) {
        return evolve(b, p, nx, ny, Map.of(), false, u0, v0, steps);
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
        int nx = 32, ny = 24, steps = 9, x0 = nx - 1, y0 = ny - 1;
        double[] u0 = new double[nx * ny], v0 = new double[nx * ny];
        Arrays.fill(u0, 1.0);
        u0[y0 * nx + x0] = 0.5;
        v0[y0 * nx + x0] = 0.5;
        double[] v = evolve(b, p, nx, ny, u0, v0, steps)[1];
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
        // the interpreter (slow) on fewer cases: the backends give the same bits anyway, tested elsewhere
        return Stream.concat(Cases.cross(List.of(Backend.VECTOR), Cases.PRECISIONS,
                        Cases.rows(new int[][] {{67, 45, 17, 31}, {67, 45, 1, 0}, {67, 45, 66, 44}, {16, 9, 8, 4}})),
                Cases.cross(List.of(Backend.INTERPRETED), Cases.PRECISIONS, Cases.rows(new int[][] {{37, 21, 17, 20}, {16, 9, 8, 4}})));
    }

    /** Translation equivariance: evolving a circularly shifted start gives the shifted result, bit for bit. */
    @ParameterizedTest(name = "{0} {1} {2}x{3} shifted by ({4}, {5})")
    @MethodSource("shifts")
    void shiftingTheStartShiftsTheResult(Backend b, Precision p, int nx, int ny, int dx, int dy) {
        int n = nx * ny, steps = 101; // odd: a kernel writing mirrored cells would undo itself in an even number
        double[] u0 = Grids.roundedTo(p, Grids.random(11, n, 0.3, 1.0));
        double[] v0 = Grids.roundedTo(p, Grids.random(12, n, 0.0, 0.5));
        double[][] plain = evolve(b, p, nx, ny, u0, v0, steps);
        double[][] shifted = evolve(b, p, nx, ny, Grids.shift(u0, nx, ny, dx, dy), Grids.shift(v0, nx, ny, dx, dy), steps);
        Grids.assertBitwiseEquals(Grids.shift(plain[0], nx, ny, dx, dy), shifted[0], nx, "u");
        Grids.assertBitwiseEquals(Grids.shift(plain[1], nx, ny, dx, dy), shifted[1], nx, "v");
        assertTrue(Grids.maxAbsDiff(plain[1], shifted[1]) > 0, "the shift must move something (else vacuous)");
        assertTrue(Grids.maxAbsDiff(v0, plain[1]) > 0.01, "the fields evolved (else vacuous)");
    }

    static Stream<Arguments> mirrorCases() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of(Backend.VECTOR, Precision.F64, 67, 67));
        out.add(Arguments.of(Backend.VECTOR, Precision.F32, 67, 45));
        out.add(Arguments.of(Backend.VECTOR, Precision.F64, 100, 37));
        out.add(Arguments.of(Backend.VECTOR, Precision.F64, 160, 160));
        out.add(Arguments.of(Backend.VECTOR, Precision.F32, 128, 90));
        out.add(Arguments.of(Backend.INTERPRETED, Precision.F64, 40, 40));
        out.add(Arguments.of(Backend.INTERPRETED, Precision.F32, 50, 31));
        return out.stream();
    }

    /**
     * The model's square start is symmetric under x -> 2 lo + s - 1 - x (mod n) per axis (s = n/10,
     * lo = n/2 - s/2); a periodic run keeps that symmetry exactly.
     */
    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @MethodSource("mirrorCases")
    void theSquaresMirrorSymmetryIsKeptExactly(Backend b, Precision p, int nx, int ny) {
        int steps = 500;
        double[][] uv;
        try (Simulation sim = Grids.serialSimulation(GRAY_SCOTT, b, p, nx, ny)) {
            assertEquals("square", sim.initDescription());
            sim.run(steps);
            uv = new double[][] {sim.field("u").toArray(), sim.field("v").toArray()};
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
     * relative over 800 steps is far above that yet far below any leak (one ghost cell's worth is ~3e-4).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"INTERPRETED", "VECTOR"})
    void pureDiffusionConservesTheTotal(Backend b) {
        int nx = 48, ny = 32, n = nx * ny;
        double[] u0 = Grids.random(3, n, 0.0, 1.0);
        double[][] uv = evolve(b, Precision.F64, nx, ny, Map.of("Du", 0.2, "Dv", 0.1, "F", 0.0, "k", 0.0), true, u0, new double[n], 800);
        double before = Grids.accurateSum(u0), after = Grids.accurateSum(uv[0]);
        assertEquals(before, after, 1e-12 * before, "sum of u");
        assertTrue(Arrays.stream(uv[1]).allMatch(v -> v == 0.0), "v stays exactly 0 without a source");
        assertTrue(Grids.maxAbsDiff(u0, uv[0]) > 0.1, "u diffused (else conservation is vacuous)");
        double spread = Arrays.stream(uv[0]).max().orElseThrow() - Arrays.stream(uv[0]).min().orElseThrow();
        assertTrue(spread < 0.5, "diffusion flattened u: spread " + spread);
    }

    /**
     * Without diffusion (Du = Dv = 0) every cell is its own ODE: its value after any number of steps is,
     * bit for bit, that of a uniform grid started from its own values (whose Laplacian is exactly 0).
     * Neighbours, boundaries and the grid's size do not matter.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernels")
    void withoutDiffusionEveryCellEvolvesOnItsOwn(Backend b, Precision p) {
        int nx = 9, ny = 7, n = nx * ny, steps = 151; // odd, see above
        Map<String, Double> noDiffusion = Map.of("Du", 0.0, "Dv", 0.0);
        double[] u0 = Grids.roundedTo(p, Grids.random(21, n, 0.3, 1.0));
        double[] v0 = Grids.roundedTo(p, Grids.random(22, n, 0.0, 0.5));
        double[][] grid = evolve(b, p, nx, ny, noDiffusion, false, u0, v0, steps);
        for (int cell : new int[] {0, 8, 31, 55, 62}) {
            double[] u = new double[9], v = new double[9];
            Arrays.fill(u, u0[cell]);
            Arrays.fill(v, v0[cell]);
            double[][] alone = evolve(b, p, 3, 3, noDiffusion, false, u, v, steps);
            for (int i = 0; i < 9; i++) {
                assertEquals(alone[0][0], alone[0][i], "a uniform grid stays uniform: u at " + i);
                assertEquals(alone[1][0], alone[1][i], "a uniform grid stays uniform: v at " + i);
            }
            assertEquals(alone[0][0], grid[0][cell], "u at cell " + cell);
            assertEquals(alone[1][0], grid[1][cell], "v at cell " + cell);
            assertTrue(Math.abs(grid[1][cell] - v0[cell]) > 1e-3, "v at cell " + cell + " changed (else vacuous)");
        }
    }
}
