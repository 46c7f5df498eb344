package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bit trick of {@link FiniteCheck#allFinite} against {@link Double#isFinite}, on the edge values of each type. */
class FiniteCheckTest {
    private static final double[] FINITE = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40, 3.4e38};
    private static final double[] NOT_FINITE = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.longBitsToDouble(0xFFF8_0000_0000_0001L)};

    @ParameterizedTest
    @EnumSource(Precision.class)
    void finiteEdgeValuesPassAndEveryNonFiniteOneIsFoundWhereverItIs(Precision p) {
        try (Field2D f = Field2D.allocate(p, 13, 5)) {
            for (double value : FINITE) {
                f.fill(value);
                assertTrue(FiniteCheck.allFinite(f, 0, 5), p + " " + value);
            }
            if (p == Precision.F64) {
                f.fill(Double.MAX_VALUE);
                assertTrue(FiniteCheck.allFinite(f, 0, 5), "f64 MAX_VALUE");
            }
            for (double bad : NOT_FINITE) {
                for (int[] at : new int[][] {{0, 0}, {12, 4}, {6, 2}}) {
                    f.fill(1.0);
                    f.set(at[0], at[1], bad);
                    assertFalse(FiniteCheck.allFinite(f, 0, 5), p + " " + bad + " at " + at[0] + "," + at[1]);
                    assertTrue(FiniteCheck.allFinite(f, at[1] == 0 ? 1 : 0, at[1] == 0 ? 5 : at[1]), "rows outside the band do not count");
                    NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                            () -> FiniteCheck.requireFinite("u", f, 0, 5, 7, 3));
                    assertTrue(e.getMessage().contains("(x=" + at[0] + ", y=" + at[1] + ")"), e.getMessage());
                    assertEquals(7, e.step());
                }
            }
        }
    }
}
