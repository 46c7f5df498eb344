package dev.jstencil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import dev.jstencil.sim.TemporalBlocking;
import dev.jstencil.testutil.Grids;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated Vector API kernel and the generated C kernel compute, to the bit, what the interpreter computes: every built-in
 * model and two models that use every operation of the language (radius 2, diagonals, positions,
 * noise, conditions, exp, floor), in 2D and 3D, f64 and f32, under every kind of boundary and a mix,
 * from random fields on odd sizes (rows that are not a whole number of vectors).
 */
class BackendAgreementTest {
    /** Every operation, 2D: offsets up to 2, diagonals, positions, indices, noise, conditions, functions. */
    static final String EVERYTHING_2D = """
            fields a b
            param p = 0.3
            param q = -1.5
            dirichlet a = 0.5
            dirichlet b = -0.25
            let s = a*b - p
            da/dt = 0.1*lap(a) + min(a, b)*0.01 - max(a, p)*0.01 + abs(s)*0.02 - sqrt(abs(b) + 1)*0.01 \\
                    + exp(-a*a)*0.05 - floor(3*b)*0.001 + (a > b ? 0.01 : -0.01) + (x - 0.5)*(y - 0.5)*0.1 \\
                    + 0.001*rand() + (ix > iy || !(a < 0.5) && b >= 0.2 ? 0.002 : 0) + a[2,0]*0.01 - a[-1,1]*0.01 \\
                    + b[0,-2]/(1 + b*b)*0.01 + q*z + nx*0.0001 - iz
            db/dt = 0.05*lap(b) - s*0.1 + b[1,1]*0.01 - b[-2,-1]*0.01 + (a == b ? 1 : 0) + (a != a ? 1 : 0) \\
                    + exp(b)*0.001 + 0.002*rand() - h*dt*0.001
            """;

    /** The same in 3D: offsets with three components. */
    static final String EVERYTHING_3D = """
            fields a b
            param p = 0.3
            dirichlet a = 0.5
            let s = a*b - p
            da/dt = 0.1*lap(a) + min(a, b)*0.01 - max(a, p)*0.01 + abs(s)*0.02 - sqrt(abs(b) + 1)*0.01 \\
                    + exp(-a*a)*0.05 - floor(3*b)*0.001 + (a > b ? 0.01 : -0.01) + (x - 0.5)*(z - 0.5)*0.1 \\
                    + 0.001*rand() + (iz > iy || ix <= 2 ? 0.002 : 0) + a[2,0,0]*0.01 - a[-1,1,1]*0.01 \\
                    + b[0,0,-2]/(1 + b*b)*0.01 + nz*0.0001
            db/dt = 0.05*lap(b) - s*0.1 + b[1,1,-1]*0.01 - b[0,-2,1]*0.01 + exp(b)*0.001 + 0.002*rand() + y*0.001
            """;

    private record Case(String name, Model model, int[] size, String bc, Precision precision) {
        @Override
        public String toString() {
            return name + " " + String.join("x", java.util.Arrays.stream(size).mapToObj(String::valueOf).toList()) + " " + bc + " "
                    + precision.cliName();
        }
    }

    static Stream<Arguments> cases() {
        List<Object[]> models = new ArrayList<>();
        int[] flat = {13, 11}, cube = {9, 7, 5};
        models.add(new Object[] {"gray-scott", Model.builtin("gray-scott"), flat});
        models.add(new Object[] {"gray-scott", Model.builtin("gray-scott"), cube});
        models.add(new Object[] {"gray-scott-3d", Model.builtin("gray-scott-3d"), cube});
        models.add(new Object[] {"gray-scott-3d", Model.builtin("gray-scott-3d"), flat});
        models.add(new Object[] {"heat", Model.builtin("heat"), flat});
        models.add(new Object[] {"heat", Model.builtin("heat"), cube});
        models.add(new Object[] {"brusselator", Model.builtin("brusselator"), flat});
        models.add(new Object[] {"fitzhugh-nagumo", Model.builtin("fitzhugh-nagumo"), flat});
        models.add(new Object[] {"advection", Model.builtin("advection"), flat});
        models.add(new Object[] {"everything-2d", Model.parse("everything-2d.model", EVERYTHING_2D), new int[] {19, 9}});
        models.add(new Object[] {"everything-3d", Model.parse("everything-3d.model", EVERYTHING_3D), new int[] {11, 6, 7}});
        List<Arguments> out = new ArrayList<>();
        for (Object[] m : models) {
            int dims = ((int[]) m[2]).length;
            List<String> bcs = List.of("periodic", "neumann", "dirichlet=0.25", "dirichlet",
                    dims == 2 ? "neumann,dirichlet=0.1" : "dirichlet=0.1,periodic,neumann");
            for (String bc : bcs) {
                for (Precision p : Precision.values()) {
                    out.add(Arguments.of(new Case((String) m[0], (Model) m[1], (int[]) m[2], bc, p)));
                }
            }
        }
        return out.stream();
    }

    private static double[][] run(Case c, Backend backend, int steps) {
        Simulation sim = Simulation.builder(c.model()).size(c.size()).precision(c.precision()).boundary(BoundarySpec.parse(c.bc()))
                .backend(backend).parallel(ParallelMode.SERIAL, 1).seed(11).dt(0.01).checkEvery(0)
                .temporalBlocking(TemporalBlocking.OFF).build();
        assertEquals(backend, sim.kernel().backend(), "no silent fallback");
        for (int f = 0; f < c.model().fields().size(); f++) {
            Grids.load(sim.field(f), Grids.random(100 + f, (int) sim.shape().cells(), 0.1, 0.9));
        }
        return Grids.fieldsAfter(sim, steps);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theVectorKernelIsTheInterpreterToTheBit(Case c) {
        assertComputesTheInterpretersBits(Backend.VECTOR, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theNativeKernelIsTheInterpreterToTheBit(Case c) {
        assertComputesTheInterpretersBits(Backend.NATIVE, c);
    }

    private static void assertComputesTheInterpretersBits(Backend backend, Case c) {
        int steps = c.size().length == 3 ? 6 : 10;
        double[][] interpreted = run(c, Backend.INTERPRETED, steps);
        double[][] generated = run(c, backend, steps);
        double[] start = Grids.random(100, interpreted[0].length, 0.1, 0.9);
        assertTrue(Grids.maxAbsDiff(Grids.roundedTo(c.precision(), start), interpreted[0]) > 0, "the run changed the fields");
        for (int f = 0; f < interpreted.length; f++) {
            for (double v : interpreted[f]) {
                assertTrue(Double.isFinite(v), c + ": a finite result to compare");
            }
            Grids.assertBitwiseEquals(interpreted[f], generated[f], c.size()[0], backend + " " + c + ": field " + c.model().fields().get(f));
        }
    }

    private static Simulation noisy3d(Backend backend, StencilKernel kernel, int... size) {
        Simulation.Builder b = Simulation.builder(Model.builtin("gray-scott-3d")).size(size).precision(Precision.F32)
                .backend(backend).parallel(ParallelMode.SERIAL, 1).seed(5).dt(0.5).checkEvery(0);
        Simulation sim = (kernel == null ? b : b.kernel(kernel)).build();
        for (int f = 0; f < 2; f++) {
            Grids.load(sim.field(f), Grids.random(7 + f, (int) sim.shape().cells(), 0.1, 0.9));
        }
        return sim;
    }

    /**
     * The vector kernel specialises its class for the layout of the fields it is given (row and
     * plane distances as constants): one kernel that alternates between two grids must switch
     * classes each time and still compute what the interpreter does on each.
     */
    @Test
    void oneVectorKernelServesTwoGridsInTurn() {
        try (Simulation a = noisy3d(Backend.VECTOR, null, 9, 7, 5);
             Simulation b = noisy3d(Backend.VECTOR, a.kernel(), 21, 6, 4);
             Simulation refA = noisy3d(Backend.INTERPRETED, null, 9, 7, 5);
             Simulation refB = noisy3d(Backend.INTERPRETED, null, 21, 6, 4)) {
            assertTrue(a.kernel() == b.kernel(), "one kernel for both grids");
            for (int round = 0; round < 3; round++) {
                for (Simulation s : List.of(a, b, refA, refB)) {
                    s.run(2);
                }
            }
            for (int f = 0; f < 2; f++) {
                Grids.assertBitwiseEquals(refA.field(f).toArray(), a.field(f).toArray(), 9, "9x7x5 field " + f);
                Grids.assertBitwiseEquals(refB.field(f).toArray(), b.field(f).toArray(), 21, "21x6x4 field " + f);
            }
        }
    }
}
