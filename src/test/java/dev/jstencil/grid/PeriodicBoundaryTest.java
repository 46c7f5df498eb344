package dev.jstencil.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jstencil.testutil.Cases;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeriodicBoundaryTest {
    private static final Boundary PERIODIC = PeriodicBoundary.INSTANCE;

    static Stream<Arguments> shapes() {
        return Cases.cross(Cases.PRECISIONS, Cases.rows(new int[][] {{1, 1}, {1, 5}, {5, 1}, {2, 2}, {3, 3}, {13, 13},
                {67, 13}, {13, 67}, {100, 37}, {1000, 7}}));
    }

    /** Random interior, every other byte of the segment (ghosts, padding) set to a recognisable junk value. */
    private static Field2D randomField(Precision p, int nx, int ny, long seed) {
        Field2D f = Field2D.allocate(p, nx, ny);
        f.segment().fill((byte) 0x7b);
        SplittableRandom r = new SplittableRandom(seed);
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                f.set(x, y, r.nextDouble());
            }
        }
        return f;
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void everyGhostCellHoldsTheWrappedInteriorCellIncludingCorners(Precision p, int nx, int ny) {
        try (Field2D f = randomField(p, nx, ny, 42)) {
            double[] before = f.toArray();
            PERIODIC.fillHalo(f);
            for (int y = -1; y <= ny; y++) {
                for (int x = -1; x <= nx; x++) {
                    double expected = f.get(Math.floorMod(x, nx), Math.floorMod(y, ny));
                    if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(f.get(x, y))) {
                        fail("cell (" + x + ", " + y + ") = " + f.get(x, y) + ", wrapped interior cell holds " + expected);
                    }
                }
            }
            assertTrue(java.util.Arrays.equals(before, f.toArray()), "the interior was modified");
        }
    }

    /** (precision, nx, ny, cuts): the bands are [cuts[i], cuts[i+1]). */
    static Stream<Arguments> bandSplits() {
        List<Arguments> out = new ArrayList<>();
        for (Precision p : Precision.values()) {
            out.add(Arguments.of(p, 13, 11, new int[] {0, 11}));
            out.add(Arguments.of(p, 13, 11, new int[] {0, 5, 11}));
            out.add(Arguments.of(p, 13, 11, new int[] {0, 1, 10, 11}));
            out.add(Arguments.of(p, 13, 11, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
            out.add(Arguments.of(p, 67, 37, new int[] {0, 9, 19, 28, 37}));
            out.add(Arguments.of(p, 5, 2, new int[] {0, 1, 2}));
            out.add(Arguments.of(p, 1000, 7, new int[] {0, 3, 7}));
        }
        return out.stream();
    }

    /**
     * Filling band by band, in reverse order (bands are independent), gives byte for byte the segment
     * that one whole-field fill gives; and each band's fill writes only ghost cells.
     */
    @ParameterizedTest(name = "{0} {1}x{2} bands {3}")
    @MethodSource("bandSplits")
    void fillingBandByBandEqualsFillingTheWholeField(Precision p, int nx, int ny, int[] cuts) {
        try (Field2D whole = randomField(p, nx, ny, 7); Field2D banded = randomField(p, nx, ny, 7)) {
            PERIODIC.fillHalo(whole);
            for (int b = cuts.length - 2; b >= 0; b--) {
                byte[] before = banded.segment().toArray(ValueLayout.JAVA_BYTE);
                PERIODIC.fillHalo(banded, cuts[b], cuts[b + 1]);
                assertOnlyGhostBytesChanged(banded, before);
            }
            long mismatch = whole.segment().mismatch(banded.segment());
            assertEquals(-1, mismatch, "first differing byte offset");
        }
    }

    private static void assertOnlyGhostBytesChanged(Field2D f, byte[] before) {
        byte[] after = f.segment().toArray(ValueLayout.JAVA_BYTE);
        int e = f.precision().bytes();
        List<Long> ghostCells = new ArrayList<>();
        for (int y = -1; y <= f.ny(); y++) {
            for (int x = -1; x <= f.nx(); x++) {
                if (x < 0 || x >= f.nx() || y < 0 || y >= f.ny()) {
                    ghostCells.add(f.offset(x, y));
                }
            }
        }
        for (int i = 0; i < after.length; i++) {
            if (after[i] != before[i]) {
                long o = i;
                boolean ghost = ghostCells.stream().anyMatch(g -> o >= g && o < g + e);
                assertTrue(ghost, "byte " + i + " changed but is not part of a ghost cell of " + f);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void aMiddleBandFillsOnlyItsOwnGhostColumns(Precision p, int nx, int ny) {
        if (ny < 3) {
            return; // no middle band
        }
        try (Field2D f = randomField(p, nx, ny, 3)) {
            double junk = f.get(-1, -1);
            PERIODIC.fillHalo(f, 1, ny - 1);
            for (int x = -1; x <= nx; x++) {
                assertEquals(junk, f.get(x, -1), "ghost row -1 is the first band's job, x=" + x);
                assertEquals(junk, f.get(x, ny), "ghost row ny is the last band's job, x=" + x);
            }
            for (int y = 1; y < ny - 1; y++) {
                assertEquals(f.get(nx - 1, y), f.get(-1, y), "left ghost of row " + y);
                assertEquals(f.get(0, y), f.get(nx, y), "right ghost of row " + y);
            }
            assertEquals(junk, f.get(-1, 0), "row 0 is outside the band");
            assertEquals(junk, f.get(nx, ny - 1), "row ny-1 is outside the band");
        }
    }

    @org.junit.jupiter.api.Test
    void nameIsPeriodic() {
        assertEquals("periodic", PERIODIC.name());
    }
}
