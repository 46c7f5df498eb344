package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A NaN or infinity stops the run with {@link NonFiniteValueException} naming the field, the cell and
 * the step; the simulation is then closed. For 2D and 3D models, one field or two, every boundary kind.
 */
class NonFiniteDetectionTest {
    private static Simulation.Builder builder(String model, Backend b, Precision p, int checkEvery, int... size) {
        return Simulation.builder(Model.builtin(model)).size(size).precision(p).backend(b).parallel(ParallelMode.SERIAL, 1)
                .checkEvery(checkEvery);
    }

    private static Simulation build(Simulation.Builder builder, Backend b) {
        Simulation sim = builder.build();
        assertEquals(b, sim.kernel().backend(), "no silent fallback: " + sim.kernel().description());
        return sim;
    }

    private static void assertClosed(Simulation sim) {
        assertTrue(sim.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim.run(1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> sim.field(sim.model().fields().getLast()).get(0, 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1} {2} check every {3}, NaN in {4}")
    @CsvSource({
        "gray-scott, INTERPRETED, F64, 10, u",
        "gray-scott, VECTOR, F64, 10, v",
        "gray-scott, INTERPRETED, F32, 7, u",
        "gray-scott, VECTOR, F32, 1, u",
        "gray-scott, VECTOR, F64, 100, u",
        "gray-scott-3d, VECTOR, F64, 10, v",
        "gray-scott-3d, INTERPRETED, F32, 4, u",
        "heat, VECTOR, F32, 5, T",
        "heat, INTERPRETED, F64, 10, T",
    })
    void anInjectedNaNIsReportedAtTheFirstCheck(String model, Backend b, Precision p, int checkEvery, String field) {
        boolean is3d = model.endsWith("3d");
        Simulation sim = build(builder(model, b, p, checkEvery, is3d ? new int[] {11, 9, 8} : new int[] {33, 21}), b);
        sim.run(3); // a clean start: the failure must count steps across runs
        if (is3d) {
            sim.field(field).set(5, 7, 6, Double.NaN);
        } else {
            sim.field(field).set(5, 7, Double.NaN);
        }
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(1000));
        long expectedStep = (3 / checkEvery + 1) * checkEvery; // the first multiple of checkEvery after step 3
        assertEquals(expectedStep, e.step());
        assertTrue(e.getMessage().contains("after step " + expectedStep), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertTrue(e.getMessage().contains(is3d ? ", z=" : ", y="), e.getMessage());
        if (expectedStep == 4) {
            // found one step after it was set. A NaN in v reaches u at that cell only (Gray-Scott's u reads v at the
            // centre), the first field scanned; a NaN in u (or heat's T) spreads through the Laplacian to its
            // neighbours, the first of which in scan order (x fastest, then y, then z) is the one at y - 1 (2D) or z - 1 (3D)
            String cell = is3d ? field.equals("v") ? "(x=5, y=7, z=6)" : "(x=5, y=7, z=5)" : field.equals("v") ? "(x=5, y=7)" : "(x=5, y=6)";
            String first = (model.equals("heat") ? "T" : "u") + " = NaN at " + cell;
            assertTrue(e.getMessage().startsWith(first), e.getMessage());
        }
        assertClosed(sim);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"gray-scott, INTERPRETED, F64", "gray-scott, VECTOR, F64", "gray-scott, VECTOR, F32", "gray-scott-3d, VECTOR, F64",
            "heat, INTERPRETED, F32"})
    void theLastStepOfARunIsAlwaysChecked(String model, Backend b, Precision p) {
        boolean is3d = model.endsWith("3d");
        Simulation sim = build(builder(model, b, p, 100, is3d ? new int[] {8, 7, 6} : new int[] {33, 21}), b);
        Field f = sim.field(sim.model().fields().getLast());
        f.set(0, 0, 0, Double.POSITIVE_INFINITY);
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(5));
        assertEquals(5, e.step());
        assertTrue(e.getMessage().contains("after step 5 (fields were finite after step 0)"), e.getMessage());
        assertClosed(sim);
    }

    /**
     * An explosive feed rate with dt at 0.9 of the stability limit overflows within a few dozen steps.
     * With a check after every step, the reported step must be the first one after which a value is
     * not finite: an unchecked run of one step fewer is finite everywhere, one of exactly that many
     * steps is not. With each boundary kind, since the boundaries feed the edge cells.
     */
    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource({
        "gray-scott, INTERPRETED, F64, periodic",
        "gray-scott, VECTOR, F64, neumann",
        "gray-scott, INTERPRETED, F32, 'dirichlet=0.5,periodic'",
        "gray-scott, VECTOR, F32, periodic",
        "gray-scott-3d, VECTOR, F64, 'periodic,neumann,dirichlet=1'",
        "gray-scott-3d, INTERPRETED, F32, periodic",
    })
    void aBlowUpIsReportedAtTheStepItHappens(String model, Backend b, Precision p, String boundary) {
        boolean is3d = model.endsWith("3d");
        int[] size = is3d ? new int[] {9, 7, 6} : new int[] {33, 21};
        Simulation.Builder explosive = builder(model, b, p, 1, size).set("F", 1e6).autoDt()
                .boundary(BoundarySpec.parse(boundary));
        Simulation sim = build(explosive, b);
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(100_000));
        long step = e.step();
        assertTrue(step >= 1 && step < 100_000, "step " + step);
        assertTrue(e.getMessage().contains("after step " + step), e.getMessage());
        assertTrue(e.getMessage().contains("finite after step " + (step - 1)), e.getMessage());
        assertClosed(sim);

        try (Simulation unchecked = build(explosive.checkEvery(0), b)) {
            unchecked.run(step - 1);
            assertTrue(allFinite(unchecked), "finite after step " + (step - 1));
            unchecked.run(1);
            assertFalse(allFinite(unchecked), "not finite after step " + step);
            assertFalse(unchecked.isClosed(), "an unchecked run does not stop");
        }
    }

    private static boolean allFinite(Simulation sim) {
        for (int f = 0; f < sim.model().fields().size(); f++) {
            if (!Arrays.stream(sim.field(f).toArray()).allMatch(Double::isFinite)) {
                return false;
            }
        }
        return true;
    }
}
