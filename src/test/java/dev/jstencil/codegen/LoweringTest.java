package dev.jstencil.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import dev.jstencil.testutil.Grids;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lowering of a model: Gray-Scott written as a model computes exactly what the hand-written
 * kernels computed (their formula, transcribed below as the oracle), constants are computed once in
 * f64 and rounded, and equal subexpressions are computed once.
 */
class LoweringTest {
    /**
     * One step of the hand-written Gray-Scott kernels this library had before models (ScalarKernelF64/F32
     * at commit 3e6cf25), periodic, in their operation order, with F+k and 1/h^2 computed in double and
     * rounded once; arrays x fastest.
     */
    static double[][] handWrittenStep(double[] u, double[] v, int nx, int ny, double du, double dv, double f, double k, double dt,
                                      double h, Precision p) {
        boolean f32 = p == Precision.F32;
        double fk = f + k, invH2 = 1.0 / (h * h);
        double[] un = new double[u.length], vn = new double[v.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int c = y * nx + x, n = Math.floorMod(y - 1, ny) * nx + x, s = Math.floorMod(y + 1, ny) * nx + x;
                int w = y * nx + Math.floorMod(x - 1, nx), e = y * nx + Math.floorMod(x + 1, nx);
                if (f32) {
                    float uc = (float) u[c], vc = (float) v[c];
                    float lapU = (((float) u[n] + (float) u[s]) + ((float) u[w] + (float) u[e]) - 4.0f * uc) * (float) invH2;
                    float lapV = (((float) v[n] + (float) v[s]) + ((float) v[w] + (float) v[e]) - 4.0f * vc) * (float) invH2;
                    float uvv = uc * vc * vc;
                    un[c] = uc + (float) dt * (((float) du * lapU - uvv) + (float) f * (1.0f - uc));
                    vn[c] = vc + (float) dt * (((float) dv * lapV + uvv) - (float) fk * vc);
                } else {
                    double uc = u[c], vc = v[c];
                    double lapU = ((u[n] + u[s]) + (u[w] + u[e]) - 4.0 * uc) * invH2;
                    double lapV = ((v[n] + v[s]) + (v[w] + v[e]) - 4.0 * vc) * invH2;
                    double uvv = uc * vc * vc;
                    un[c] = uc + dt * ((du * lapU - uvv) + f * (1.0 - uc));
                    vn[c] = vc + dt * ((dv * lapV + uvv) - fk * vc);
                }
            }
        }
        return new double[][] {un, vn};
    }

    @ParameterizedTest(name = "{0} {1} h={2}")
    @CsvSource({"INTERPRETED, F64, 1", "INTERPRETED, F32, 1", "VECTOR, F64, 1", "VECTOR, F32, 1", "VECTOR, F64, 0.7", "VECTOR, F32, 0.7"})
    void grayScottAsAModelIsTheHandWrittenKernelToTheBit(Backend backend, Precision p, double h) {
        int nx = 37, ny = 23, steps = 25;
        double f = 0.035, k = 0.065, du = 0.2, dv = 0.1, dt = 0.5;
        double[] u = Grids.roundedTo(p, Grids.random(1, nx * ny, 0, 1)), v = Grids.roundedTo(p, Grids.random(2, nx * ny, 0, 0.5));
        try (Simulation sim = Simulation.builder(Model.builtin("gray-scott")).size(nx, ny).precision(p).backend(backend)
                .set("F", f).set("k", k).set("Du", du).set("Dv", dv).dt(dt).h(h).parallel(ParallelMode.SERIAL, 1).build()) {
            Grids.load(sim.field("u"), u);
            Grids.load(sim.field("v"), v);
            sim.run(steps);
            for (int i = 0; i < steps; i++) {
                double[][] next = handWrittenStep(u, v, nx, ny, du, dv, f, k, dt, h, p);
                u = next[0];
                v = next[1];
            }
            Grids.assertBitwiseEquals(u, sim.field("u").toArray(), nx, "u");
            Grids.assertBitwiseEquals(v, sim.field("v").toArray(), nx, "v");
        }
    }

    @Test
    void constantsAndParameterOnlySubexpressionsBecomeSlotsComputedInF64ThenRounded() {
        Model gs = Model.builtin("gray-scott");
        Lowered l = Lowering.kernel(gs, 2, Precision.F32);
        Node fPlusK = new Node.Binary(Node.BinaryOp.ADD, new Node.Param(gs.paramIndex("F")), new Node.Param(gs.paramIndex("k")));
        assertTrue(l.slots().contains(fPlusK), "F + k is one slot: " + l.slots());
        double[] slots = new RunConstants(new double[] {0.1, 0.2, 0.3, 0.4}, 1, 1, GridShape.of2d(8, 8)).slotValues(l);
        assertEquals((double) (float) (0.1 + 0.2), slots[l.slots().indexOf(fPlusK)], "(float)(F + k), not (float)F + (float)k");
    }

    @Test
    void equalSubexpressionsAreOneNode() {
        Model m = Model.parse("cse.model", "fields u v\ndu/dt = lap(u) - u*v*v\ndv/dt = u*v*v\n");
        Lowered l = Lowering.kernel(m, 2, Precision.F64);
        long products = l.topologicalOrder().stream().filter(n -> n instanceof Node.Binary b && b.op() == Node.BinaryOp.MUL
                && b.a() instanceof Node.Binary inner && inner.op() == Node.BinaryOp.MUL).count();
        assertEquals(1, products, "u*v*v is computed once for both fields");
        assertEquals(1, l.loads().stream().filter(x -> x.equals(new Node.Load(0, 0, 0, 0))).count(), "the centre of u is loaded once");
        assertEquals(List.of(List.of(-1, 0), List.of(1, 0)), l.rowShifts().stream().map(s -> List.of(s[0], s[1])).toList());
        assertEquals(1, l.radius());
    }

    @Test
    void theLaplacianIsFivePointIn2dAndSevenPointIn3d() {
        Model m = Model.parse("lap.model", "fields u\ndu/dt = lap(u)\n");
        assertEquals(5, Lowering.kernel(m, 2, Precision.F64).loads().size());
        Lowered l3 = Lowering.kernel(m, 3, Precision.F64);
        assertEquals(7, l3.loads().size());
        assertEquals(4, l3.rowShifts().size(), "y and z neighbours: rows at (dy, dz) = (+-1, 0) and (0, +-1)");
    }
}
