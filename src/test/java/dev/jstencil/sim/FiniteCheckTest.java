package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.testutil.Cases;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bit trick of {@link FiniteCheck#allFinite} against {@link Double#isFinite}, on the edge values
 * of each type, over 2D fields (bands of rows) and 3D fields (bands of planes), with ghost widths 1
 * and 2: every non-finite interior value is found wherever it is, only the band's cells count, and
 * the ghost layer and row padding never do.
 */
class FiniteCheckTest {
    private static final double[] FINITE = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40, 3.4e38};
    private static final double[] NOT_FINITE = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.longBitsToDouble(0xFFF8_0000_0000_0001L)};

    /** (precision, nx, ny, nz (0: 2D), ghost). */
    static Stream<Arguments> fields() {
        return Cases.cross(Cases.PRECISIONS, Cases.rows(new int[] {13, 5, 0, 1}, new int[] {13, 5, 0, 2}, new int[] {13, 5, 4, 1},
                new int[] {9, 3, 6, 2}));
    }

    private static Field allocate(Precision p, int nx, int ny, int nz, int ghost) {
        return Field.allocate(p, nz == 0 ? GridShape.of2d(nx, ny) : GridShape.of3d(nx, ny, nz), ghost);
    }

    /** The band axis size: rows in 2D, planes in 3D. */
    private static int bands(Field f) {
        return f.dims() == 3 ? f.nz() : f.ny();
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3} ghost {4}")
    @MethodSource("fields")
    void finiteEdgeValuesPassAndEveryNonFiniteOneIsFoundWhereverItIs(Precision p, int nx, int ny, int nz, int ghost) {
        try (Field f = allocate(p, nx, ny, nz, ghost)) {
            int n = bands(f);
            for (double value : FINITE) {
                f.fill(value);
                assertTrue(FiniteCheck.allFinite(f, 0, n), p + " " + value);
            }
            if (p == Precision.F64) {
                f.fill(Double.MAX_VALUE);
                assertTrue(FiniteCheck.allFinite(f, 0, n), "f64 MAX_VALUE");
            }
            int lastZ = Math.max(f.nz() - 1, 0);
            List<int[]> places = List.of(new int[] {0, 0, 0}, new int[] {nx - 1, ny - 1, lastZ}, new int[] {nx / 2, ny / 2, lastZ / 2},
                    new int[] {nx - 1, 0, 0}, new int[] {0, ny - 1, lastZ});
            for (double bad : NOT_FINITE) {
                for (int[] at : places) {
                    f.fill(1.0);
                    f.set(at[0], at[1], at[2], bad);
                    String where = p + " " + bad + " at " + at[0] + "," + at[1] + "," + at[2];
                    assertFalse(FiniteCheck.allFinite(f, 0, n), where);
                    int band = f.dims() == 3 ? at[2] : at[1];
                    assertFalse(FiniteCheck.allFinite(f, band, band + 1), where + ": its own band");
                    assertTrue(FiniteCheck.allFinite(f, 0, band), where + ": the bands before it do not hold it");
                    assertTrue(FiniteCheck.allFinite(f, band + 1, n), where + ": the bands after it do not hold it");
                    NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                            () -> FiniteCheck.requireFinite("u", f, 0, n, 7, 3));
                    String cell = f.dims() == 3 ? "(x=" + at[0] + ", y=" + at[1] + ", z=" + at[2] + ")" : "(x=" + at[0] + ", y=" + at[1] + ")";
                    assertTrue(e.getMessage().startsWith("u = ") && e.getMessage().contains(cell), e.getMessage());
                    assertTrue(e.getMessage().contains("after step 7 (fields were finite after step 3)"), e.getMessage());
                    assertTrue(e.getMessage().contains("the run diverged"), e.getMessage());
                    assertEquals(7, e.step());
                    FiniteCheck.requireFinite("u", f, 0, band, 7, 3); // no throw where the band does not hold it
                }
            }
        }
    }

    /** NaN in ghost cells and in the padding after a row's last cell is not an interior value. */
    @ParameterizedTest(name = "{0} {1}x{2}x{3} ghost {4}")
    @MethodSource("fields")
    void ghostCellsAndPaddingDoNotCount(Precision p, int nx, int ny, int nz, int ghost) {
        try (Field f = allocate(p, nx, ny, nz, ghost)) {
            int n = bands(f);
            f.fill(0.5);
            boolean planes = f.dims() == 3;
            int gz = planes ? ghost : 0;
            for (int z = -gz; z < Math.max(f.nz(), 1) + gz; z++) {
                for (int y = -ghost; y < ny + ghost; y++) {
                    for (int x = -ghost; x < nx + ghost; x++) {
                        boolean interior = x >= 0 && x < nx && y >= 0 && y < ny && z >= 0 && z < Math.max(f.nz(), 1);
                        if (!interior) {
                            f.set(x, y, z, Double.NaN);
                        }
                    }
                }
            }
            // the padding between a row's right ghosts and the next row's left ghosts
            long bytes = p.bytes();
            for (int z = 0; z < Math.max(f.nz(), 1); z++) {
                for (int y = 0; y < ny; y++) {
                    for (long o = f.offset(nx + ghost, y, z); o < f.offset(-ghost, y, z) + f.rowBytes(); o += bytes) {
                        if (p == Precision.F64) {
                            f.segment().set(ValueLayout.JAVA_DOUBLE, o, Double.NaN);
                        } else {
                            f.segment().set(ValueLayout.JAVA_FLOAT, o, Float.NaN);
                        }
                    }
                }
            }
            assertTrue(FiniteCheck.allFinite(f, 0, n), "only interior cells are scanned");
            FiniteCheck.requireFinite("v", f, 0, n, 1, 0);
            f.set(nx - 1, ny - 1, Math.max(f.nz(), 1) - 1, Double.POSITIVE_INFINITY);
            assertFalse(FiniteCheck.allFinite(f, 0, n), "and the interior still is");
        }
    }
}
