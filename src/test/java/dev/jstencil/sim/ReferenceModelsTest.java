package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.codegen.Noise;
import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.testutil.Grids;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Built-in models against references written here by hand, in plain Java over arrays, from the
 * equations in the papers (not from the model files): heat (conservation under Neumann walls, decay
 * under Dirichlet 0), the Brusselator, and ADIOS2's 3D Gray-Scott with its noise.
 */
class ReferenceModelsTest {
    /** Index of a neighbour along one axis: periodic wraps, Neumann clamps to the edge (ghost = nearest interior cell). */
    private static IntUnaryOperator axis(int n, boolean periodic) {
        return i -> periodic ? Math.floorMod(i, n) : Math.max(0, Math.min(n - 1, i));
    }

    /** Laplacian of a at cell (x, y, z), grid spacing h, either boundary; 2D when nz = 1 and the z terms are left out. */
    private static double lap(double[] a, int x, int y, int z, int nx, int ny, int nz, boolean periodic, double h) {
        IntUnaryOperator wx = axis(nx, periodic), wy = axis(ny, periodic), wz = axis(nz, periodic);
        double c = a[(z * ny + y) * nx + x];
        double sum = a[(z * ny + wy.applyAsInt(y - 1)) * nx + x] + a[(z * ny + wy.applyAsInt(y + 1)) * nx + x]
                + a[(z * ny + y) * nx + wx.applyAsInt(x - 1)] + a[(z * ny + y) * nx + wx.applyAsInt(x + 1)];
        int neighbours = 4;
        if (nz > 1) {
            sum += a[(wz.applyAsInt(z - 1) * ny + y) * nx + x] + a[(wz.applyAsInt(z + 1) * ny + y) * nx + x];
            neighbours = 6;
        }
        return (sum - neighbours * c) / (h * h);
    }

    private static double[] fieldsAfter(Simulation sim, String field, long steps) {
        try (sim) {
            sim.run(steps);
            return sim.field(field).toArray();
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"23, 17, 1", "11, 9, 7"})
    void heatWithNeumannWallsConservesTheTotalAndDiffuses(int nx, int ny, int nz) {
        Model heat = Model.builtin("heat");
        int[] size = nz == 1 ? new int[] {nx, ny} : new int[] {nx, ny, nz};
        double[] t0 = Grids.random(5, nx * ny * nz, 0, 1);
        try (Simulation sim = Simulation.builder(heat).size(size).parallel(ParallelMode.PLATFORM, 3).autoDt().build()) {
            assertEquals("neumann," + (nz == 1 ? "neumann" : "neumann,neumann"), sim.boundaries());
            Grids.load(sim.field("T"), t0);
            double total0 = Grids.accurateSum(t0);
            double spread0 = max(t0) - min(t0);
            for (int i = 0; i < 10; i++) {
                sim.run(20);
                double[] t = sim.field("T").toArray();
                assertEquals(total0, Grids.accurateSum(t), 1e-12 * Math.abs(total0), "total heat after " + sim.stepsDone() + " steps");
            }
            double[] t = sim.field("T").toArray();
            assertTrue(max(t) - min(t) < 0.5 * spread0, "it diffused: spread " + spread0 + " -> " + (max(t) - min(t)));
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"23, 17, 1", "11, 9, 7"})
    void heatWithColdDirichletWallsDecaysTowardsZero(int nx, int ny, int nz) {
        int[] size = nz == 1 ? new int[] {nx, ny} : new int[] {nx, ny, nz};
        try (Simulation sim = Simulation.builder(Model.builtin("heat")).size(size).boundary(BoundarySpec.parse("dirichlet=0"))
                .autoDt().build()) {
            Grids.load(sim.field("T"), Grids.random(6, nx * ny * nz, 0.5, 1));
            double previous = Grids.accurateSum(sim.field("T").toArray());
            for (int i = 0; i < 20; i++) {
                sim.run(25);
                double total = Grids.accurateSum(sim.field("T").toArray());
                assertTrue(total < previous, "the total falls: " + previous + " -> " + total);
                previous = total;
            }
            double[] t = sim.field("T").toArray();
            assertTrue(max(t) < 0.5 && min(t) > 0, "decays towards 0 and stays positive: " + min(t) + " .. " + max(t));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"neumann, 0", "periodic, 1"})
    void heatMatchesAHandWrittenSolver(String bc, int threeD) {
        int nx = 14, ny = 9, nz = threeD == 1 ? 6 : 1, steps = 60;
        double d = 0.7, dt = 0.05, h = 0.9;
        boolean periodic = bc.equals("periodic");
        double[] t = Grids.random(7, nx * ny * nz, 0, 1);
        Simulation sim = Simulation.builder(Model.builtin("heat")).size(threeD == 1 ? new int[] {nx, ny, nz} : new int[] {nx, ny})
                .boundary(BoundarySpec.parse(bc)).set("D", d).dt(dt).h(h).build();
        Grids.load(sim.field("T"), t);
        double[] jstencil = fieldsAfter(sim, "T", steps);
        for (int s = 0; s < steps; s++) {
            double[] next = new double[t.length];
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        int c = (z * ny + y) * nx + x;
                        next[c] = t[c] + dt * d * lap(t, x, y, z, nx, ny, nz, periodic, h);
                    }
                }
            }
            t = next;
        }
        assertTrue(Grids.maxAbsDiff(t, jstencil) < 1e-13, "max |jstencil - reference| = " + Grids.maxAbsDiff(t, jstencil));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"INTERPRETED", "VECTOR"})
    void brusselatorMatchesAHandWrittenSolver(Backend backend) {
        int nx = 21, ny = 15, steps = 200;
        double a = 4.5, b = 9, du = 2, dv = 16, dt = 0.01;
        Simulation sim = Simulation.builder(Model.builtin("brusselator")).size(nx, ny).backend(backend).seed(3).build();
        double[] u = sim.field("u").toArray(), v = sim.field("v").toArray(); // the model's noisy start
        assertTrue(Math.abs(Grids.accurateSum(u) / u.length - a) < 0.01 && max(u) > min(u), "u starts near A with noise");
        double[] ju = fieldsAfter(sim, "u", steps);
        for (int s = 0; s < steps; s++) {
            double[] un = new double[u.length], vn = new double[v.length];
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int c = y * nx + x;
                    double uuv = u[c] * u[c] * v[c];
                    un[c] = u[c] + dt * (a - (b + 1) * u[c] + uuv + du * lap(u, x, y, 0, nx, ny, 1, true, 1));
                    vn[c] = v[c] + dt * (b * u[c] - uuv + dv * lap(v, x, y, 0, nx, ny, 1, true, 1));
                }
            }
            u = un;
            v = vn;
        }
        assertTrue(Grids.maxAbsDiff(u, ju) < 1e-11, "max |jstencil - reference| = " + Grids.maxAbsDiff(u, ju));
        assertTrue(max(u) - min(u) > 1e-3, "the pattern grew: " + (max(u) - min(u)));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"INTERPRETED", "VECTOR"})
    void grayScott3dMatchesAHandWrittenAdios2StyleSolverWithTheSameNoise(Backend backend) {
        int nx = 16, ny = 14, nz = 12, steps = 40;
        double f = 0.01, k = 0.05, du = 0.2, dv = 0.1, dt = 2, noise = 1e-3;
        long seed = 99;
        Simulation sim = Simulation.builder(Model.builtin("gray-scott-3d")).size(nx, ny, nz).backend(backend).seed(seed)
                .set("noise", noise).parallel(ParallelMode.PLATFORM, 2).build();
        double[] u = sim.field("u").toArray(), v = sim.field("v").toArray();
        int inside = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    boolean cube = Math.abs(x - nx / 2 + 0.5) < 6 && Math.abs(y - ny / 2 + 0.5) < 6 && Math.abs(z - nz / 2 + 0.5) < 6;
                    int c = (z * ny + y) * nx + x;
                    assertEquals(cube ? 0.25 : 1, u[c], "u at start, cell " + x + "," + y + "," + z);
                    assertEquals(cube ? 0.33 : 0, v[c], "v at start");
                    inside += cube ? 1 : 0;
                }
            }
        }
        assertEquals(12 * 12 * 12, inside, "the 12^3 cube");
        double[] ju = fieldsAfter(sim, "u", steps);
        for (int s = 0; s < steps; s++) {
            long key = Noise.key(seed, s, 0);
            double[] un = new double[u.length], vn = new double[v.length];
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        int c = (z * ny + y) * nx + x;
                        double uvv = u[c] * v[c] * v[c];
                        double r = Noise.f64(Noise.bits(key, c));
                        un[c] = u[c] + dt * (du * lap(u, x, y, z, nx, ny, nz, true, 1) / 6 - uvv + f * (1 - u[c]) + noise * r);
                        vn[c] = v[c] + dt * (dv * lap(v, x, y, z, nx, ny, nz, true, 1) / 6 + uvv - (f + k) * v[c]);
                    }
                }
            }
            u = un;
            v = vn;
        }
        assertTrue(Grids.maxAbsDiff(u, ju) < 1e-12, "max |jstencil - reference| = " + Grids.maxAbsDiff(u, ju));
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : a) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : a) {
            m = Math.min(m, x);
        }
        return m;
    }
}
