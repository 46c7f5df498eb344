package dev.jstencil.grid;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jstencil.testutil.Cases;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layout of {@link Field} in 2D and 3D for every ghost width: aligned interiors, the pitch rules,
 * a row's right ghosts and the next row's left ghosts sharing one line that a vector kernel's row
 * never reaches, plane stride, the size of the segment, and the accessors' checks.
 */
class FieldTest {
    private static final List<Integer> GHOSTS = IntStream.rangeClosed(1, Field.MAX_GHOST).boxed().toList();

    /**
     * Odd, tiny, rectangular, and 2D shapes whose natural pitch is exactly 512 bytes (55 f64, 111 f32)
     * or a multiple of a line (64, 128); 3D shapes the same along x.
     */
    static Stream<Arguments> shapes() {
        List<int[]> sizes = List.of(new int[] {1, 1}, new int[] {3, 3}, new int[] {13, 13}, new int[] {67, 67},
                new int[] {1000, 1000}, new int[] {13, 67}, new int[] {67, 13}, new int[] {1000, 3}, new int[] {3, 1000},
                new int[] {55, 9}, new int[] {111, 9}, new int[] {64, 64}, new int[] {128, 5}, new int[] {1, 1, 1},
                new int[] {3, 3, 3}, new int[] {13, 7, 5}, new int[] {5, 13, 7}, new int[] {67, 5, 3}, new int[] {55, 4, 3},
                new int[] {111, 3, 2}, new int[] {64, 9, 4}, new int[] {2, 1, 11});
        return Cases.cross(Cases.PRECISIONS, GHOSTS, sizes.stream().map(s -> (Object) GridShape.of(s)).toList());
    }

    @ParameterizedTest(name = "{0} ghost {1} {2}")
    @MethodSource("shapes")
    void everyRowStartsOnACacheLineAndGhostsAndVectorTailsNeverReachTheNextRow(Precision p, int ghost, GridShape shape) {
        try (Field f = Field.allocate(p, shape, ghost)) {
            assertLayout(f);
        }
    }

    @ParameterizedTest(name = "{0} ghost {1} {2}")
    @MethodSource("shapes")
    void staggeredFieldsInACallersArenaKeepTheLayout(Precision p, int ghost, GridShape shape) {
        try (Arena arena = Arena.ofConfined()) {
            Field a = Field.allocate(arena, p, shape, ghost, 0);
            Field b = Field.allocate(arena, p, shape, ghost, Field.STAGGER_BYTES);
            assertLayout(a);
            assertLayout(b);
            assertTrue(a.sameLayout(b));
            assertTrue(a.isAlive() && b.isAlive());
        }
    }

    /**
     * Base and every row's interior start (ghost rows and planes included) are 64-byte aligned; the
     * pitch is a multiple of 64 bytes, not of 512; neighbours in x, y and z are one element, one row and
     * one plane apart; the ghost box starts in the first row's lead line; for every row in storage
     * order, its right ghosts end before the next row's left ghosts start (so 2*ghost cells share the
     * line between them), and the row rounded up to a line (what a vector kernel computes) ends at or
     * before the next row's left ghosts; the last row's right ghosts lie inside the segment, whose size
     * is all planes of ghosted rows plus one lead line.
     */
    private static void assertLayout(Field f) {
        int e = f.precision().bytes();
        int g = f.ghost();
        int gz = f.dims() == 3 ? g : 0;
        long base = f.segment().address();
        long pitchBytes = (long) f.pitch() * e;
        int rows = f.ny() + 2 * g;
        int planes = f.dims() == 3 ? f.nz() + 2 * g : 1;
        assertAll(
                () -> assertEquals(0, base % Field.ALIGNMENT, "base address " + base),
                () -> assertEquals(0, pitchBytes % 64, "pitch " + pitchBytes + " bytes"),
                () -> assertNotEquals(0, pitchBytes % 512, "pitch " + pitchBytes + " bytes is a multiple of 512"),
                () -> assertEquals(Field.pitchElements(f.precision(), f.nx(), f.ghost()), f.pitch()),
                () -> assertEquals(64 / e * (2 * g * e > 64 ? 2 : 1), f.lead(), "the lead is one line, two for ghosts wider than half a line"),
                () -> assertEquals(Field.leadElements(f.precision(), f.ghost()), f.lead()),
                () -> assertTrue(f.lead() >= g, "no room for " + g + " left ghosts"),
                () -> assertTrue(f.pitch() >= f.nx() + 2 * g, "pitch " + f.pitch() + " leaves no room for 2x" + g + " ghosts"),
                () -> assertEquals(rows, f.rowsPerPlane()),
                () -> assertEquals(pitchBytes, f.rowBytes()),
                () -> assertEquals((long) rows * pitchBytes, f.planeBytes()),
                () -> assertEquals(f.lead() - g, f.index(-g, -g, -gz), "the first ghost cell is the start of the first row's left ghosts"),
                () -> assertEquals(((long) planes * rows * f.pitch() + f.lead()) * e, Field.byteSize(f.precision(), f.shape(), g),
                        "planes x rows x pitch, plus one lead line"),
                () -> assertEquals(Field.byteSize(f.precision(), f.shape(), g), f.segment().byteSize()));
        // every row of the ghosted box, in storage order
        List<int[]> rowOrder = new ArrayList<>();
        for (int z = -gz; z < f.nz() + gz; z++) {
            for (int y = -g; y < f.ny() + g; y++) {
                rowOrder.add(new int[] {y, z});
            }
        }
        for (int r = 0; r < rowOrder.size(); r++) {
            int y = rowOrder.get(r)[0], z = rowOrder.get(r)[1];
            String row = "row (y=" + y + ", z=" + z + ")";
            long interior = base + f.rowOffset(y, z);
            if (interior % 64 != 0) {
                fail("interior of " + row + " at address " + interior);
            }
            assertEquals(f.offset(0, y, z), f.rowOffset(y, z));
            assertEquals(f.offset(-1, y, z) + e, f.offset(0, y, z), "left ghost of " + row + " is adjacent");
            assertEquals(f.offset(f.nx() - 1, y, z) + e, f.offset(f.nx(), y, z), "right ghost of " + row + " is adjacent");
            assertEquals(f.offset(3, y, z) + f.rowBytes(), f.offset(3, y + 1, z), "y neighbour of " + row);
            if (f.dims() == 3) {
                assertEquals(f.offset(2, y, z) + f.planeBytes(), f.offset(2, y, z + 1), "z neighbour of " + row);
            } else {
                assertEquals(f.offset(2, y, 0), f.offset(2, y), "2D offsets are plane 0");
            }
            assertTrue(f.offset(-g, y, z) >= 0, "left ghosts of " + row + " before the segment");
            long rightGhostsEnd = f.offset(f.nx() + g - 1, y, z) + e;
            assertTrue(rightGhostsEnd <= f.segment().byteSize(), "right ghosts of " + row + " past the segment");
            if (r + 1 < rowOrder.size()) {
                int ny2 = rowOrder.get(r + 1)[0], nz2 = rowOrder.get(r + 1)[1];
                long nextLeftGhosts = f.offset(-g, ny2, nz2);
                assertTrue(rightGhostsEnd <= nextLeftGhosts, "right ghosts of " + row + " overlap the next row's left ghosts");
                // A row kernel may compute up to the next 64-byte boundary: that must not reach the next row's left ghosts.
                long vectorEnd = f.rowOffset(y, z) + ceilToLine((long) f.nx() * e);
                assertTrue(vectorEnd <= nextLeftGhosts, row + " rounded up to a cache line reaches the next row's left ghosts");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void pitchRuleHoldsForEveryRowLengthUpTo5000AndEveryGhostWidth(Precision p) {
        int e = p.bytes();
        for (int nx = 1; nx <= 5000; nx++) {
            for (int g = 1; g <= Field.MAX_GHOST; g++) {
                int pitch = Field.pitchElements(p, nx, g);
                long pitchBytes = (long) pitch * e, leadBytes = (long) Field.leadElements(p, g) * e;
                // the row rounded up to a line, then the next row's g left ghosts, which end the next row's lead
                long needed = ceilToLine((long) nx * e) + (long) g * e;
                if (pitchBytes < needed || pitch < nx + 2 * g) {
                    fail("nx=" + nx + " ghost " + g + ": pitch " + pitchBytes + " bytes (needs " + needed + " and room for " + (nx + 2 * g)
                            + " cells)");
                }
                if (pitchBytes % 64 != 0 || pitchBytes % 512 == 0) {
                    fail("nx=" + nx + " ghost " + g + ": pitch " + pitchBytes + " bytes");
                }
                if (pitchBytes > ceilToLine((long) nx * e) + leadBytes + 64) {
                    fail("nx=" + nx + " ghost " + g + ": pitch " + pitchBytes + " wastes more than the lead and a line");
                }
            }
        }
        for (int g = 1; g <= Field.MAX_GHOST; g++) {
            assertTrue(2 * g <= Field.leadElements(p, g) && Field.leadElements(p, g) * p.bytes() % 64 == 0,
                    "2 x " + g + " cells fit in the lead, whole lines");
            assertEquals(64 / p.bytes(), Field.leadElements(p, Math.min(g, 32 / p.bytes())), "one line while 2 x ghost fit in it");
        }
    }

    @ParameterizedTest(name = "{0} ghost {1} {2}")
    @MethodSource("shapes")
    void everyCellIncludingGhostsRoundTripsAndNoTwoCellsAlias(Precision p, int ghost, GridShape shape) {
        long box = (long) (shape.nx() + 2 * ghost) * (shape.ny() + 2 * ghost) * (shape.dims() == 3 ? shape.nz() + 2 * ghost : 1);
        if (box > 40_000) {
            return; // the long rows and 1000x1000 add nothing here but time
        }
        int g = ghost, gz = shape.dims() == 3 ? ghost : 0;
        try (Field f = Field.allocate(p, shape, ghost)) {
            Set<Long> offsets = new HashSet<>();
            for (int z = -gz; z < f.nz() + gz; z++) {
                for (int y = -g; y < f.ny() + g; y++) {
                    for (int x = -g; x < f.nx() + g; x++) {
                        if (!offsets.add(f.offset(x, y, z))) {
                            fail("cell (" + x + ", " + y + ", " + z + ") shares memory with another");
                        }
                        f.set(x, y, z, code(f, x, y, z));
                    }
                }
            }
            for (int z = -gz; z < f.nz() + gz; z++) {
                for (int y = -g; y < f.ny() + g; y++) {
                    for (int x = -g; x < f.nx() + g; x++) {
                        if (code(f, x, y, z) != f.get(x, y, z)) {
                            fail("cell (" + x + ", " + y + ", " + z + ") holds " + f.get(x, y, z));
                        }
                    }
                }
            }
            double[] interior = f.toArray();
            assertEquals(shape.cells(), interior.length);
            for (int z = 0; z < f.nz(); z++) {
                for (int y = 0; y < f.ny(); y++) {
                    for (int x = 0; x < f.nx(); x++) {
                        int i = (z * f.ny() + y) * f.nx() + x;
                        assertEquals(i, shape.cellIndex(x, y, z));
                        if (code(f, x, y, z) != interior[i]) {
                            fail("toArray is not x fastest at (" + x + ", " + y + ", " + z + "): " + interior[i]);
                        }
                    }
                }
            }
        }
    }

    /** Distinct for every cell of the ghosted box (at most 40000 of them), and exactly representable in float. */
    private static double code(Field f, int x, int y, int z) {
        int g = f.ghost(), gz = f.dims() == 3 ? g : 0;
        return (((double) (z + gz) * (f.ny() + 2 * g) + y + g) * (f.nx() + 2 * g) + x + g) + 0.5;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void f32StoresFloatRoundingAndF64KeepsEveryBit(Precision p) {
        try (Field f = Field.allocate(p, GridShape.of2d(3, 3), 1); Field f3 = Field.allocate(p, GridShape.of3d(3, 3, 3), 2)) {
            double v = 0.1;
            f.set(1, 1, v);
            f3.set(1, 1, -2, v);
            double expected = p == Precision.F64 ? v : (double) (float) v;
            assertEquals(expected, f.get(1, 1));
            assertEquals(expected, f3.get(1, 1, -2));
            assertNotEquals(v, (double) (float) v, "the value must not be exact in float, or the test shows nothing");
        }
    }

    @ParameterizedTest(name = "{0} ghost {1}")
    @MethodSource("precisionsAndGhosts")
    void fillSetsTheInteriorOnlyAndNewMemoryIsZero(Precision p, int g) {
        for (GridShape shape : List.of(GridShape.of2d(7, 5), GridShape.of3d(7, 5, 3))) {
            int gz = shape.dims() == 3 ? g : 0;
            try (Field f = Field.allocate(p, shape, g)) {
                assertEquals(-1, f.segment().mismatch(MemorySegment.ofArray(new byte[(int) f.segment().byteSize()])), "fresh memory is zero");
                f.fill(3.25);
                for (int z = -gz; z < f.nz() + gz; z++) {
                    for (int y = -g; y < f.ny() + g; y++) {
                        for (int x = -g; x < f.nx() + g; x++) {
                            boolean interior = x >= 0 && x < f.nx() && y >= 0 && y < f.ny() && z >= 0 && z < f.nz();
                            assertEquals(interior ? 3.25 : 0.0, f.get(x, y, z), shape + " cell (" + x + ", " + y + ", " + z + ")");
                        }
                    }
                }
            }
        }
    }

    static Stream<Arguments> precisionsAndGhosts() {
        return Cases.cross(Cases.PRECISIONS, GHOSTS);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void usingAClosedFieldSaysItWasClosed(Precision p) {
        Field f2 = Field.allocate(p, GridShape.of2d(13, 7), 1);
        Field f3 = Field.allocate(p, GridShape.of3d(13, 7, 5), 3);
        for (Field f : List.of(f2, f3)) {
            assertTrue(f.isAlive());
            f.close();
            assertFalse(f.isAlive());
            List<Executable> uses = List.of(() -> f.get(0, 0), () -> f.get(0, 0, 0), () -> f.set(1, 1, 2.0), () -> f.set(1, 1, 0, 2.0),
                    () -> f.fill(1.0), f::toArray);
            for (Executable use : uses) {
                IllegalStateException e = assertThrows(IllegalStateException.class, use::execute);
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
                assertTrue(e.getMessage().contains(f.shape().toString()) && e.getMessage().contains(p.cliName()),
                        "message names the field: " + e.getMessage());
            }
            f.close(); // closing twice is harmless
        }
        assertEquals("13x7x5", f3.shape().toString());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aFieldInACallersArenaDiesWithTheArena(Precision p) {
        Field f;
        Field g;
        try (Arena arena = Arena.ofConfined()) {
            f = Field.allocate(arena, p, GridShape.of2d(5, 5), 1, 64);
            g = Field.over(arena.allocate(Field.byteSize(p, GridShape.of3d(4, 3, 2), 2), 64), p, GridShape.of3d(4, 3, 2), 2);
            f.close(); // not the owner: must not free the caller's memory
            g.close();
            assertTrue(f.isAlive() && g.isAlive());
            f.set(2, 2, 1.0);
            g.set(3, 2, 1, 1.0);
        }
        for (Field dead : List.of(f, g)) {
            assertFalse(dead.isAlive());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> dead.get(2, 2, 0));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} ghost {1}")
    @MethodSource("precisionsAndGhosts")
    void outOfRangeCellsAreRefusedWithTheCellAndTheValidRange(Precision p, int g) {
        try (Field f = Field.allocate(p, GridShape.of2d(13, 7), g)) {
            String xRange = -g + ".." + (12 + g), yRange = -g + ".." + (6 + g);
            int[][] bad = {{13 + g, 0}, {-g - 1, 0}, {0, 7 + g}, {0, -g - 1}, {Integer.MAX_VALUE, 3}, {Integer.MIN_VALUE, 3}};
            for (int[] c : bad) {
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> f.get(c[0], c[1]));
                String m = e.getMessage();
                assertTrue(m.contains("(" + c[0] + ", " + c[1] + ")"), "names the cell: " + m);
                assertTrue(m.contains("x in " + xRange) && m.contains("y in " + yRange), "states the valid range: " + m);
                assertTrue(m.contains("13x7"), "names the field: " + m);
                assertThrows(IndexOutOfBoundsException.class, () -> f.set(c[0], c[1], 1.0));
            }
            // the ghost layer's edges are valid
            f.set(-g, -g, 1.0);
            f.set(12 + g, 6 + g, 2.0);
            assertEquals(1.0, f.get(-g, -g));
            for (int z : new int[] {1, -1}) {
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> f.get(0, 0, z));
                assertTrue(e.getMessage().contains("z = 0 in 2D"), "a 2D field has no z ghosts: " + e.getMessage());
            }
        }
        try (Field f = Field.allocate(p, GridShape.of3d(13, 7, 5), g)) {
            String xRange = -g + ".." + (12 + g), yRange = -g + ".." + (6 + g), zRange = -g + ".." + (4 + g);
            int[][] bad = {{13 + g, 0, 0}, {-g - 1, 0, 0}, {0, 7 + g, 0}, {0, -g - 1, 0}, {0, 0, 5 + g}, {0, 0, -g - 1},
                    {0, 0, Integer.MAX_VALUE}, {0, 0, Integer.MIN_VALUE}};
            for (int[] c : bad) {
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> f.get(c[0], c[1], c[2]));
                String m = e.getMessage();
                assertTrue(m.contains("(" + c[0] + ", " + c[1] + ", " + c[2] + ")"), "names the cell: " + m);
                assertTrue(m.contains("x in " + xRange) && m.contains("y in " + yRange) && m.contains("z in " + zRange),
                        "states the valid range: " + m);
                assertTrue(m.contains("13x7x5"), "names the field: " + m);
                assertThrows(IndexOutOfBoundsException.class, () -> f.set(c[0], c[1], c[2], 1.0));
            }
            f.set(-g, -g, -g, 1.0);
            f.set(12 + g, 6 + g, 4 + g, 2.0);
            assertEquals(2.0, f.get(12 + g, 6 + g, 4 + g));
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void invalidShapesGhostsAndStaggersAreRefused(Precision p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridShape.of2d(0, 5));
        assertTrue(e.getMessage().contains("0x5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GridShape.of2d(4, -1));
        assertTrue(e.getMessage().contains("4x-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GridShape.of3d(4, 4, 0));
        assertTrue(e.getMessage().contains("4x4x0"), e.getMessage());
        for (int ghost : new int[] {0, -1, Field.MAX_GHOST + 1}) {
            e = assertThrows(IllegalArgumentException.class, () -> Field.allocate(p, GridShape.of2d(4, 4), ghost));
            assertTrue(e.getMessage().contains("ghost width " + ghost) && e.getMessage().contains("1.." + Field.MAX_GHOST), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Field.byteSize(p, GridShape.of3d(4, 4, 4), ghost));
            assertTrue(e.getMessage().contains("ghost width " + ghost), e.getMessage());
        }
        try (Arena arena = Arena.ofConfined()) {
            for (long stagger : new long[] {32, -64, 100}) {
                e = assertThrows(IllegalArgumentException.class, () -> Field.allocate(arena, p, GridShape.of2d(4, 4), 1, stagger));
                assertTrue(e.getMessage().contains(Long.toString(stagger)) && e.getMessage().contains("multiple of 64"), e.getMessage());
            }
            int tooWide = Field.MAX_GHOST + 1;
            e = assertThrows(IllegalArgumentException.class, () -> Field.allocate(arena, p, GridShape.of3d(4, 4, 4), tooWide, 0));
            assertTrue(e.getMessage().contains("ghost width " + tooWide), e.getMessage());
        }
        assertEquals(0, Field.STAGGER_BYTES % 64, "the default stagger is a multiple of a line");
        assertNotEquals(0, Field.STAGGER_BYTES % 512, "and not of 512 bytes");
    }

    @ParameterizedTest(name = "{0} ghost {1}")
    @MethodSource("precisionsAndGhosts")
    void aFieldOverACallersSegmentUsesItsStartAndRefusesUnfitMemory(Precision p, int g) {
        for (GridShape shape : List.of(GridShape.of2d(9, 4), GridShape.of3d(9, 4, 3))) {
            long bytes = Field.byteSize(p, shape, g);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment block = arena.allocate(bytes + 4096, 64);
                block.fill((byte) 0x5a);
                Field f = Field.over(block.asSlice(128), p, shape, g);
                assertLayout(f);
                assertEquals(block.address() + 128, f.segment().address());
                assertEquals(bytes, f.segment().byteSize(), "only what the field needs, not the rest of the block");
                assertEquals(f.get(0, 0, 0), f.get(8, 3, shape.nz() - 1), "contents are taken as they are");
                assertNotEquals(0.0, f.get(0, 0, 0));
                f.set(8, 3, shape.nz() - 1, 2.5);
                assertEquals(2.5, f.get(8, 3, shape.nz() - 1));

                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Field.over(block.asSlice(0, bytes - 1), p, shape, g));
                assertTrue(e.getMessage().contains((bytes - 1) + " bytes") && e.getMessage().contains("needs " + bytes)
                        && e.getMessage().contains(shape.toString()), e.getMessage());
                Field exact = Field.over(block.asSlice(0, bytes), p, shape, g);
                assertEquals(bytes, exact.segment().byteSize(), "exactly byteSize is enough");
                e = assertThrows(IllegalArgumentException.class, () -> Field.over(block.asSlice(8), p, shape, g));
                assertTrue(e.getMessage().contains("64-byte aligned"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> Field.over(block, p, shape, Field.MAX_GHOST + 1));
                assertTrue(e.getMessage().contains("ghost width"), e.getMessage());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Field.over(MemorySegment.ofArray(new long[(int) bytes]), p, shape, g));
            assertTrue(e.getMessage().contains("native"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void sameLayoutComparesShapeDimsGhostAndPrecision(Precision p) {
        Precision other = p == Precision.F64 ? Precision.F32 : Precision.F64;
        try (Field a = Field.allocate(p, GridShape.of2d(13, 7), 1); Field b = Field.allocate(p, GridShape.of2d(13, 7), 1);
             Field c = Field.allocate(p, GridShape.of2d(7, 13), 1); Field d = Field.allocate(other, GridShape.of2d(13, 7), 1);
             Field e = Field.allocate(p, GridShape.of2d(13, 7), 2); Field f = Field.allocate(p, GridShape.of3d(13, 7, 1), 1)) {
            assertTrue(a.sameLayout(b));
            assertFalse(a.sameLayout(c));
            assertFalse(a.sameLayout(d));
            assertFalse(a.sameLayout(e), "ghost width differs");
            assertFalse(a.sameLayout(f), "2D and 3D differ");
            assertArrayEquals(new double[13 * 7], a.toArray());
            assertEquals(2, a.dims());
            assertEquals(3, f.dims());
            assertEquals(1, a.nz(), "a 2D field has one plane");
            assertEquals(2, e.ghost());
            assertEquals(p, a.precision());
        }
    }

    private static long ceilToLine(long bytes) {
        return (bytes + 63) / 64 * 64;
    }
}
