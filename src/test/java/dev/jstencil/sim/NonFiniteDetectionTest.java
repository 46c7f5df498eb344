package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.parallel.ParallelMode;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A NaN or infinity stops the run with {@link NonFiniteValueException} naming the step; the simulation is then closed. */
class NonFiniteDetectionTest {
    private static GrayScottSimulation build(Backend b, Precision p, GrayScottParams params, int checkEvery) {
        GrayScottSimulation sim = GrayScottSimulation.builder().size(33, 21).precision(p).params(params).backend(b)
                .parallel(ParallelMode.SERIAL, 1).checkEvery(checkEvery).build();
        assertEquals(b, sim.kernel().backend());
        return sim;
    }

    private static void assertClosed(GrayScottSimulation sim) {
        assertTrue(sim.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim.run(1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> sim.v().get(0, 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1} check every {2}")
    @CsvSource({"SCALAR, F64, 10", "VECTOR, F64, 10", "SCALAR, F32, 7", "VECTOR, F32, 1", "VECTOR, F64, 100"})
    void anInjectedNaNIsReportedAtTheFirstCheck(Backend b, Precision p, int checkEvery) {
        GrayScottSimulation sim = build(b, p, GrayScottParams.DEFAULT, checkEvery);
        sim.run(3); // a clean start: the failure must count steps across runs
        sim.u().set(5, 7, Double.NaN);
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(1000));
        long expectedStep = (3 / checkEvery + 1) * checkEvery; // the first multiple of checkEvery after step 3
        assertEquals(expectedStep, e.step());
        assertTrue(e.getMessage().contains("after step " + expectedStep), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertClosed(sim);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SCALAR, F64", "VECTOR, F64", "VECTOR, F32"})
    void theLastStepOfARunIsAlwaysChecked(Backend b, Precision p) {
        GrayScottSimulation sim = build(b, p, GrayScottParams.DEFAULT, 100);
        sim.v().set(0, 0, Double.POSITIVE_INFINITY);
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(5));
        assertEquals(5, e.step());
        assertTrue(e.getMessage().contains("after step 5"), e.getMessage());
        assertClosed(sim);
    }

    /**
     * An explosive feed rate with dt at the stability limit overflows within a few dozen steps. With a
     * check after every step, the reported step must be the first one after which a value is not finite:
     * an unchecked run of one step fewer is finite everywhere, one of exactly that many steps is not.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SCALAR, F64", "VECTOR, F64", "SCALAR, F32", "VECTOR, F32"})
    void aBlowUpIsReportedAtTheStepItHappens(Backend b, Precision p) {
        GrayScottParams params = new GrayScottParams(0.16, 0.08, 1e6, 0.06, 1.0, 1.0);
        params = params.withDt(params.stableDtLimit());
        GrayScottSimulation sim = build(b, p, params, 1);
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(100_000));
        long step = e.step();
        assertTrue(step >= 1 && step < 100_000, "step " + step);
        assertTrue(e.getMessage().contains("after step " + step), e.getMessage());
        assertTrue(e.getMessage().contains("finite after step " + (step - 1)), e.getMessage());
        assertClosed(sim);

        try (GrayScottSimulation unchecked = build(b, p, params, 0)) {
            unchecked.run(step - 1);
            assertTrue(allFinite(unchecked.u()) && allFinite(unchecked.v()), "finite after step " + (step - 1));
            unchecked.run(1);
            assertFalse(allFinite(unchecked.u()) && allFinite(unchecked.v()), "not finite after step " + step);
            assertFalse(unchecked.isClosed(), "an unchecked run does not stop");
        }
    }

    private static boolean allFinite(Field2D f) {
        return Arrays.stream(f.toArray()).allMatch(Double::isFinite);
    }
}
