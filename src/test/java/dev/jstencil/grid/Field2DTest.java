package dev.jstencil.grid;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.testutil.Cases;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class Field2DTest {
    /** Odd, tiny, rectangular, and shapes whose natural pitch is exactly 512 bytes (55 f64, 111 f32). */
    static Stream<Arguments> shapes() {
        return Cases.cross(Cases.PRECISIONS, Cases.rows(new int[][] {{1, 1}, {3, 3}, {13, 13}, {67, 67}, {1000, 1000},
                {13, 67}, {67, 13}, {1000, 3}, {3, 1000}, {55, 9}, {111, 9}, {64, 64}, {128, 5}}));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void everyRowStartsOnACacheLineAndThePitchAvoidsMultiplesOf512Bytes(Precision p, int nx, int ny) {
        try (Field2D f = Field2D.allocate(p, nx, ny)) {
            assertLayout(f);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void staggeredFieldsInACallersArenaKeepTheLayout(Precision p, int nx, int ny) {
        try (Arena arena = Arena.ofConfined()) {
            Field2D a = Field2D.allocate(arena, p, nx, ny, 0);
            Field2D b = Field2D.allocate(arena, p, nx, ny, 1024 + 64);
            assertLayout(a);
            assertLayout(b);
            assertTrue(a.sameLayout(b));
            assertTrue(a.isAlive());
        }
    }

    /**
     * Base and every row's interior start are 64-byte aligned (with or without a stagger); the pitch
     * is a multiple of 64 bytes, not of 512; the ghost ring (x = -1, nx; y = -1, ny) lies inside the
     * segment; rows do not overlap.
     */
    private static void assertLayout(Field2D f) {
        int e = f.precision().bytes();
        long base = f.segment().address();
        long pitchBytes = (long) f.pitch() * e;
        assertAll(
                () -> assertEquals(0, base % Field2D.ALIGNMENT, "base address " + base),
                () -> assertEquals(0, pitchBytes % 64, "pitch " + pitchBytes + " bytes"),
                () -> assertNotEquals(0, pitchBytes % 512, "pitch " + pitchBytes + " bytes is a multiple of 512"),
                () -> assertTrue(f.pitch() >= f.nx() + 2, "pitch " + f.pitch() + " leaves no room for two ghosts"),
                () -> assertTrue(f.lead() >= 1, "no room for the left ghost"),
                () -> assertEquals(Field2D.byteSize(f.precision(), f.nx(), f.ny()), f.segment().byteSize()));
        for (int y = -1; y <= f.ny(); y++) {
            long interior = base + f.rowOffset(y);
            assertEquals(0, interior % 64, "interior of row " + y + " at address " + interior);
            assertEquals(f.offset(-1, y) + e, f.offset(0, y), "left ghost of row " + y + " is adjacent");
            assertEquals(f.offset(f.nx() - 1, y) + e, f.offset(f.nx(), y), "right ghost of row " + y + " is adjacent");
            assertTrue(f.offset(-1, y) >= 0, "left ghost of row " + y + " before the segment");
            assertTrue(f.offset(f.nx(), y) + e <= f.segment().byteSize(), "right ghost of row " + y + " past the segment");
            if (y < f.ny()) {
                assertTrue(f.offset(f.nx(), y) < f.offset(-1, y + 1), "rows " + y + " and " + (y + 1) + " overlap");
                // A row kernel may compute up to the next 64-byte boundary: that must not reach the next row.
                long vectorEnd = f.rowOffset(y) + ceilToLine((long) f.nx() * e);
                assertTrue(vectorEnd <= f.offset(-1, y + 1), "row " + y + " rounded up to a cache line reaches row " + (y + 1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void pitchRuleHoldsForEveryRowLengthUpTo5000(Precision p) {
        for (int nx = 1; nx <= 5000; nx++) {
            long pitchBytes = (long) Field2D.pitchElements(p, nx) * p.bytes();
            // the row rounded up to a line, then the next row's left ghost
            long needed = ceilToLine((long) nx * p.bytes()) + p.bytes();
            assertTrue(pitchBytes >= needed && pitchBytes % 64 == 0 && pitchBytes % 512 != 0,
                    "nx=" + nx + ": pitch " + pitchBytes + " bytes (needs " + needed + ")");
            assertTrue(pitchBytes <= ceilToLine((long) nx * p.bytes()) + 2 * 64,
                    "nx=" + nx + ": pitch " + pitchBytes + " wastes more than two lines");
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void everyCellIncludingGhostsRoundTripsAndNoTwoCellsAlias(Precision p, int nx, int ny) {
        if ((long) nx * ny > 100_000) {
            return; // 1000x1000 adds nothing here but time
        }
        try (Field2D f = Field2D.allocate(p, nx, ny)) {
            Set<Long> offsets = new HashSet<>();
            for (int y = -1; y <= ny; y++) {
                for (int x = -1; x <= nx; x++) {
                    assertTrue(offsets.add(f.offset(x, y)), "cell (" + x + ", " + y + ") shares memory with another");
                    f.set(x, y, code(x, y));
                }
            }
            for (int y = -1; y <= ny; y++) {
                for (int x = -1; x <= nx; x++) {
                    assertEquals(code(x, y), f.get(x, y), "cell (" + x + ", " + y + ")");
                }
            }
            double[] interior = f.toArray();
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    assertEquals(code(x, y), interior[y * nx + x], "toArray is row-major at (" + x + ", " + y + ")");
                }
            }
        }
    }

    /** Distinct for every cell and exactly representable in float. */
    private static double code(int x, int y) {
        return (y + 1) * 2048.0 + (x + 1) + 0.5;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void f32StoresFloatRoundingAndF64KeepsEveryBit(Precision p) {
        try (Field2D f = Field2D.allocate(p, 3, 3)) {
            double v = 0.1;
            f.set(1, 1, v);
            assertEquals(p == Precision.F64 ? v : (double) (float) v, f.get(1, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void fillSetsTheInteriorOnlyAndNewMemoryIsZero(Precision p) {
        try (Field2D f = Field2D.allocate(p, 7, 5)) {
            for (int y = -1; y <= 5; y++) {
                for (int x = -1; x <= 7; x++) {
                    assertEquals(0.0, f.get(x, y), "fresh cell (" + x + ", " + y + ")");
                }
            }
            f.fill(3.25);
            for (int y = -1; y <= 5; y++) {
                for (int x = -1; x <= 7; x++) {
                    boolean interior = x >= 0 && x < 7 && y >= 0 && y < 5;
                    assertEquals(interior ? 3.25 : 0.0, f.get(x, y), "cell (" + x + ", " + y + ")");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void usingAClosedFieldSaysItWasClosed(Precision p) {
        Field2D f = Field2D.allocate(p, 13, 7);
        f.close();
        assertFalse(f.isAlive());
        List<Executable> uses = List.of(() -> f.get(0, 0), () -> f.set(1, 1, 2.0), () -> f.fill(1.0), f::toArray);
        for (Executable use : uses) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use::execute);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertTrue(e.getMessage().contains("13x7"), "message names the field: " + e.getMessage());
        }
        f.close(); // closing twice is harmless
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aFieldInACallersArenaDiesWithTheArena(Precision p) {
        Field2D f;
        try (Arena arena = Arena.ofConfined()) {
            f = Field2D.allocate(arena, p, 5, 5, 64);
            f.close(); // not the owner: must not free the caller's memory
            assertTrue(f.isAlive());
            f.set(2, 2, 1.0);
        }
        assertFalse(f.isAlive());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.get(2, 2));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void outOfRangeCellsAreRefusedWithTheCellAndTheValidRange(Precision p) {
        try (Field2D f = Field2D.allocate(p, 13, 7)) {
            int[][] bad = {{14, 0}, {-2, 0}, {0, 8}, {0, -2}, {Integer.MAX_VALUE, 3}, {Integer.MIN_VALUE, 3}};
            for (int[] c : bad) {
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> f.get(c[0], c[1]));
                String m = e.getMessage();
                assertTrue(m.contains("(" + c[0] + ", " + c[1] + ")"), "names the cell: " + m);
                assertTrue(m.contains("-1..13") && m.contains("-1..7"), "states the valid range: " + m);
                assertThrows(IndexOutOfBoundsException.class, () -> f.set(c[0], c[1], 1.0));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void invalidShapesAndStaggersAreRefused(Precision p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Field2D.allocate(p, 0, 5));
        assertTrue(e.getMessage().contains("0x5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Field2D.allocate(p, 4, -1));
        assertTrue(e.getMessage().contains("4x-1"), e.getMessage());
        try (Arena arena = Arena.ofConfined()) {
            e = assertThrows(IllegalArgumentException.class, () -> Field2D.allocate(arena, p, 4, 4, 32));
            assertTrue(e.getMessage().contains("32"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aFieldOverACallersSegmentUsesItsStartAndRefusesUnfitMemory(Precision p) {
        long bytes = Field2D.byteSize(p, 9, 4);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(bytes + 4096, 64);
            Field2D f = Field2D.over(block.asSlice(128), p, 9, 4);
            assertLayout(f);
            assertEquals(block.address() + 128, f.segment().address());
            assertEquals(bytes, f.segment().byteSize(), "only what the field needs, not the rest of the block");
            f.set(8, 3, 2.5);
            assertEquals(2.5, f.get(8, 3));

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Field2D.over(block.asSlice(0, bytes - 1), p, 9, 4));
            assertTrue(e.getMessage().contains((bytes - 1) + " bytes") && e.getMessage().contains("needs " + bytes), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Field2D.over(block.asSlice(8), p, 9, 4));
            assertTrue(e.getMessage().contains("64-byte aligned"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Field2D.over(block, p, 0, 4));
            assertTrue(e.getMessage().contains("0x4"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Field2D.over(MemorySegment.ofArray(new long[(int) bytes]), p, 9, 4));
        assertTrue(e.getMessage().contains("native"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void sameLayoutComparesShapeAndPrecision(Precision p) {
        Precision other = p == Precision.F64 ? Precision.F32 : Precision.F64;
        try (Field2D a = Field2D.allocate(p, 13, 7); Field2D b = Field2D.allocate(p, 13, 7);
             Field2D c = Field2D.allocate(p, 7, 13); Field2D d = Field2D.allocate(other, 13, 7)) {
            assertTrue(a.sameLayout(b));
            assertFalse(a.sameLayout(c));
            assertFalse(a.sameLayout(d));
            assertArrayEquals(new double[13 * 7], a.toArray());
        }
    }

    private static long ceilToLine(long bytes) {
        return (bytes + 63) / 64 * 64;
    }
}
