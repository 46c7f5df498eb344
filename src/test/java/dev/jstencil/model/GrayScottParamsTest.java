package dev.jstencil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrayScottParamsTest {
    /** Forward Euler on the 5-point Laplacian is stable for dt <= h^2 / (4 D), D the larger diffusivity. */
    private static double limit(double du, double dv, double h) {
        return h * h / (4 * Math.max(du, dv));
    }

    @ParameterizedTest
    @CsvSource({"0.16, 0.08, 1.0", "0.08, 0.16, 1.0", "0.2, 0.1, 0.5", "1e-3, 0, 2.0", "0, 0.05, 0.1"})
    void stabilityLimitIsHSquaredOverFourTimesTheLargerDiffusivity(double du, double dv, double h) {
        double expected = limit(du, dv, h);
        GrayScottParams atLimit = new GrayScottParams(du, dv, 0.04, 0.06, expected, h);
        assertEquals(expected, atLimit.stableDtLimit(), 1e-15 * expected);
        assertEquals(expected, GrayScottParams.stableDtLimit(du, dv, h), 1e-15 * expected);
        double exact = atLimit.stableDtLimit();
        GrayScottParams q = atLimit.withDt(exact);
        assertTrue(q.isStable(), "dt at the limit is stable");
        assertSame(q, q.requireStable());
        assertFalse(atLimit.withDt(Math.nextUp(exact)).isStable(), "dt just above the limit is unstable");
    }

    @Test
    void refusingAnUnstableDtGivesTheLargestStableValue() {
        GrayScottParams p = new GrayScottParams(0.16, 0.08, 0.04, 0.06, 2.0, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::requireStable);
        String largest = Double.toString(limit(0.16, 0.08, 1.0)); // 1/(4*0.16) = 1.5625
        assertEquals("1.5625", largest);
        assertTrue(e.getMessage().contains(largest), e.getMessage());
        assertTrue(e.getMessage().contains("dt = 2.0"), "names the refused value: " + e.getMessage());
    }

    @Test
    void refusalOnAFinerGridQuotesThatGridsLimit() {
        GrayScottParams p = new GrayScottParams(0.2, 0.1, 0.04, 0.06, 0.5, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::requireStable);
        assertTrue(e.getMessage().contains(Double.toString(limit(0.2, 0.1, 0.5))), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0.16, 0.08, 1.0", "0.2, 0.1, 0.5", "0, 0.05, 0.1", "2.5, 2.5, 3.0"})
    void autoDtIsNineTenthsOfTheLimitAndStable(double du, double dv, double h) {
        GrayScottParams p = new GrayScottParams(du, dv, 0.04, 0.06, 123.0, h).withAutoDt();
        double expected = 0.9 * limit(du, dv, h);
        assertEquals(expected, p.dt(), 1e-15 * expected);
        assertTrue(p.isStable());
        assertEquals(du, p.du());
        assertEquals(dv, p.dv());
        assertEquals(h, p.h());
    }

    @Test
    void autoDtWithoutDiffusionIsRefusedWithTheReason() {
        GrayScottParams p = new GrayScottParams(0, 0, 0.04, 0.06, 1.0, 1.0);
        assertEquals(Double.POSITIVE_INFINITY, p.stableDtLimit());
        assertTrue(p.isStable(), "without diffusion any dt passes the diffusion limit");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::withAutoDt);
        assertTrue(e.getMessage().contains("Du > 0 or Dv > 0"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "Du, -0.5", "Dv, -1e-9", "F, NaN", "k, Infinity", "k, -Infinity",
            "dt, 0.0", "dt, -1.0", "dt, NaN", "h, 0.0", "h, -2.0", "h, Infinity"})
    void invalidValuesAreRefusedNamingTheParameterAndValue(String name, double value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withOne(name, value));
        String m = e.getMessage();
        assertTrue(m.contains(name + " = " + value), "names parameter and value: " + m);
        assertTrue(m.contains(name.equals("dt") || name.equals("h") ? "> 0" : ">= 0"), "says what is allowed: " + m);
    }

    @ParameterizedTest
    @CsvSource({"Du, 0", "Dv, 0", "F, 0", "k, 0"})
    void zeroIsAllowedForRatesAndDiffusivities(String name, double value) {
        assertEquals(value, switch (name) {
            case "Du" -> withOne(name, value).du();
            case "Dv" -> withOne(name, value).dv();
            case "F" -> withOne(name, value).f();
            default -> withOne(name, value).k();
        });
    }

    private static GrayScottParams withOne(String name, double value) {
        double du = 0.16, dv = 0.08, f = 0.04, k = 0.06, dt = 1.0, h = 1.0;
        switch (name) {
            case "Du" -> du = value;
            case "Dv" -> dv = value;
            case "F" -> f = value;
            case "k" -> k = value;
            case "dt" -> dt = value;
            case "h" -> h = value;
            default -> throw new IllegalArgumentException(name);
        }
        return new GrayScottParams(du, dv, f, k, dt, h);
    }

    @Test
    void derivedConstantsMatchTheirDefinitions() {
        GrayScottParams p = new GrayScottParams(0.1, 0.05, 0.035, 0.065, 0.5, 0.8);
        assertEquals(1 / (0.8 * 0.8), p.invH2(), 1e-15);
        assertEquals(0.1, p.fPlusK(), 1e-16);
        assertTrue(GrayScottParams.DEFAULT.isStable(), "the default parameters must run");
    }
}
