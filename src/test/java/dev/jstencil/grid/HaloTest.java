package dev.jstencil.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jstencil.testutil.Cases;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The halo step against an independent reference: a plain array with a ghost border, filled axis by
 * axis (x, then y, then z), each axis copying from what the previous axes left. Every ghost cell,
 * edges and corners included, must match it bit for bit; filling band by band must give the same
 * bytes as one whole-field fill, each band writing exactly its own ghosts and nothing else.
 */
class HaloTest {
    /** Each field's own Dirichlet value, for axes written plain "dirichlet"; field 1 is not exact in float. */
    private static final List<Double> FIELD_VALUES = List.of(0.25, 0.1, -7.5);

    /** Boundaries of 2D grids: every kind on all axes, then mixed, then Dirichlet on both axes with different values. */
    private static final List<String> BOUNDARIES_2D = List.of("periodic", "neumann", "dirichlet=2.5", "dirichlet",
            "periodic,neumann", "neumann,periodic", "dirichlet=-3,periodic", "neumann,dirichlet", "dirichlet=1.5,dirichlet=-0.5",
            "dirichlet,dirichlet=4");
    private static final List<String> BOUNDARIES_3D = List.of("periodic", "neumann", "dirichlet=2.5", "dirichlet",
            "periodic,neumann,dirichlet=-1", "dirichlet=0.1,periodic,neumann", "neumann,dirichlet,periodic",
            "dirichlet=3,dirichlet,dirichlet=-2", "periodic,periodic,neumann", "neumann,dirichlet=6,dirichlet=-6");
    /** Odd, prime, tiny (smaller than the ghost width) and flat sizes. */
    private static final List<int[]> SIZES_2D = List.of(new int[] {1, 1}, new int[] {2, 3}, new int[] {3, 2}, new int[] {1, 5},
            new int[] {5, 1}, new int[] {7, 11}, new int[] {13, 3}, new int[] {67, 17});
    private static final List<int[]> SIZES_3D = List.of(new int[] {1, 1, 1}, new int[] {3, 5, 7}, new int[] {7, 3, 2},
            new int[] {2, 2, 5}, new int[] {11, 13, 5}, new int[] {17, 1, 3});
    private static final List<Integer> GHOSTS = List.of(1, 2, 3);

    static Stream<Arguments> cases() {
        List<Object> shapes2 = SIZES_2D.stream().map(s -> (Object) GridShape.of(s)).toList();
        List<Object> shapes3 = SIZES_3D.stream().map(s -> (Object) GridShape.of(s)).toList();
        return Stream.concat(Cases.cross(BOUNDARIES_2D, shapes2, GHOSTS, Cases.PRECISIONS),
                Cases.cross(BOUNDARIES_3D, shapes3, GHOSTS, Cases.PRECISIONS));
    }

    /** Which field of {@link #FIELD_VALUES} a case fills: varies with the case, so every field's value is used. */
    private static int fieldIndex(String bc, GridShape shape, int ghost) {
        return Math.floorMod(bc.hashCode() + shape.nx() + shape.ny() + ghost, FIELD_VALUES.size());
    }

    private static Halo halo(String bc, int dims) {
        return new Halo(BoundarySpec.parse(bc).forDims(dims), FIELD_VALUES);
    }

    // ---------------------------------------------------------------- the reference

    /** A plain array holding the ghosted box of a field: x in -g..nx+g-1, y likewise, z likewise in 3D (0 in 2D). */
    private record Box(int nx, int ny, int nz, int g, int gz, double[] v) {
        static Box of(GridShape s, int g) {
            int gz = s.dims() == 3 ? g : 0;
            return new Box(s.nx(), s.ny(), s.nz(), g, gz, new double[(s.nx() + 2 * g) * (s.ny() + 2 * g) * (s.nz() + 2 * gz)]);
        }

        int at(int x, int y, int z) {
            return ((z + gz) * (ny + 2 * g) + y + g) * (nx + 2 * g) + x + g;
        }

        int size(int axis) {
            return axis == 0 ? nx : axis == 1 ? ny : nz;
        }

        int ghost(int axis) {
            return axis == 2 ? gz : g;
        }
    }

    /** A field's interior: random values in [-1, 1), rounded to the precision. */
    private static Box interior(GridShape s, int g, Precision p, long seed) {
        Box b = Box.of(s, g);
        SplittableRandom r = new SplittableRandom(seed);
        Arrays.fill(b.v, Double.NaN); // ghosts: filled by the reference below
        for (int z = 0; z < s.nz(); z++) {
            for (int y = 0; y < s.ny(); y++) {
                for (int x = 0; x < s.nx(); x++) {
                    b.v[b.at(x, y, z)] = round(p, r.nextDouble(-1, 1));
                }
            }
        }
        return b;
    }

    /**
     * The rule applied axis by axis: axis 0 fills its ghosts over the interior of the other axes; axis
     * 1 then fills its ghost rows over every x (ghosts included) and the interior of z; axis 2 fills its
     * ghost planes over everything. Each copies from the cells the earlier axes left: periodic from the
     * wrapped coordinate, Neumann from the edge cell; Dirichlet writes V (the axis's value, else the
     * field's).
     */
    private static Box reference(Box in, List<AxisBoundary> axes, int field, Precision p) {
        Box b = new Box(in.nx, in.ny, in.nz, in.g, in.gz, in.v.clone());
        for (int a = 0; a < axes.size(); a++) {
            AxisBoundary bc = axes.get(a);
            double v = round(p, bc.value() != null ? bc.value() : FIELD_VALUES.get(field));
            int[] lo = new int[3], hi = new int[3];
            for (int o = 0; o < 3; o++) {
                lo[o] = o < a ? -b.ghost(o) : 0; // earlier axes: their ghosts are filled, copy them along
                hi[o] = b.size(o) + (o < a ? b.ghost(o) : 0);
            }
            int n = b.size(a);
            for (int c = -b.ghost(a); c < n + b.ghost(a); c++) {
                if (c >= 0 && c < n) {
                    continue;
                }
                lo[a] = c;
                hi[a] = c + 1;
                int src = switch (bc.kind()) {
                    case PERIODIC -> Math.floorMod(c, n);
                    case NEUMANN -> c < 0 ? 0 : n - 1;
                    case DIRICHLET -> Integer.MIN_VALUE;
                };
                for (int z = lo[2]; z < hi[2]; z++) {
                    for (int y = lo[1]; y < hi[1]; y++) {
                        for (int x = lo[0]; x < hi[0]; x++) {
                            if (src == Integer.MIN_VALUE) {
                                b.v[b.at(x, y, z)] = v;
                            } else {
                                int[] from = {x, y, z};
                                from[a] = src;
                                b.v[b.at(x, y, z)] = b.v[b.at(from[0], from[1], from[2])];
                            }
                        }
                    }
                }
            }
        }
        return b;
    }

    private static double round(Precision p, double v) {
        return p == Precision.F64 ? v : (float) v;
    }

    // ---------------------------------------------------------------- fields

    /** Junk in every byte (no value a halo writes), then the interior of {@code box}. */
    private static Field field(Arena arena, Precision p, GridShape s, int g, Box box) {
        Field f = Field.allocate(arena, p, s, g, 0);
        f.segment().fill((byte) 0x7b);
        for (int z = 0; z < s.nz(); z++) {
            for (int y = 0; y < s.ny(); y++) {
                for (int x = 0; x < s.nx(); x++) {
                    f.set(x, y, z, box.v[box.at(x, y, z)]);
                }
            }
        }
        return f;
    }

    private static void assertMatchesReference(Field f, Box ref, String what) {
        for (int z = -ref.gz; z < ref.nz + ref.gz; z++) {
            for (int y = -ref.g; y < ref.ny + ref.g; y++) {
                for (int x = -ref.g; x < ref.nx + ref.g; x++) {
                    double want = ref.v[ref.at(x, y, z)], got = f.get(x, y, z);
                    if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)) {
                        fail(what + ": cell (" + x + ", " + y + ", " + z + ") = " + got + ", axis-by-axis reference " + want);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} ghost {2} {3}")
    @MethodSource("cases")
    void everyGhostCellMatchesTheAxisByAxisReferenceAndTheInteriorIsUntouched(String bc, GridShape shape, int g, Precision p) {
        int field = fieldIndex(bc, shape, g);
        Halo halo = halo(bc, shape.dims());
        Box in = interior(shape, g, p, bc.hashCode() * 31L + shape.cells() + g);
        Box ref = reference(in, halo.axes(), field, p);
        try (Arena arena = Arena.ofConfined()) {
            Field f = field(arena, p, shape, g, in);
            halo.fill(f, field);
            assertMatchesReference(f, ref, bc + " field " + field);
            // filling again changes nothing: the halo reads interior cells only
            byte[] once = f.segment().toArray(ValueLayout.JAVA_BYTE);
            halo.fill(f, field);
            assertEquals(-1, f.segment().mismatch(MemorySegment.ofArray(once)), "a second fill changed the field");
        }
    }

    /** Splits [0, n) into bands: one band, every row/plane its own band, and random cuts. */
    private static List<int[]> splits(int n, long seed) {
        List<int[]> out = new ArrayList<>();
        out.add(new int[] {0, n});
        int[] singles = new int[n + 1];
        Arrays.setAll(singles, i -> i);
        out.add(singles);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 3 && n > 1; i++) {
            int k = 1 + r.nextInt(Math.min(n - 1, 4)); // inner cuts
            int[] cuts = r.ints(1, n).distinct().limit(k).sorted().toArray();
            int[] all = new int[cuts.length + 2];
            System.arraycopy(cuts, 0, all, 1, cuts.length);
            all[all.length - 1] = n;
            out.add(all);
        }
        return out;
    }

    /**
     * The band of [cuts[b], cuts[b+1]) that owns ghost cell (x, y, z): the band holding its row (2D)
     * or plane (3D); the ghost rows/planes before the grid belong to the first band, those after to
     * the last. -1 for an interior cell.
     */
    private static int owner(int[] cuts, GridShape s, int x, int y, int z) {
        boolean ghost = x < 0 || x >= s.nx() || y < 0 || y >= s.ny() || z < 0 || z >= s.nz();
        if (!ghost) {
            return -1;
        }
        int c = s.dims() == 2 ? y : z;
        int bands = cuts.length - 1;
        if (c < 0) {
            return 0;
        }
        if (c >= s.bandAxisSize()) {
            return bands - 1;
        }
        for (int b = 0; b < bands; b++) {
            if (c >= cuts[b] && c < cuts[b + 1]) {
                return b;
            }
        }
        throw new AssertionError("no band holds " + c);
    }

    @ParameterizedTest(name = "{0} {1} ghost {2} {3}")
    @MethodSource("cases")
    void fillingBandByBandEqualsTheWholeFillAndEachBandWritesExactlyItsOwnGhosts(String bc, GridShape shape, int g, Precision p) {
        int field = fieldIndex(bc, shape, g);
        Halo halo = halo(bc, shape.dims());
        Box in = interior(shape, g, p, 7 + g);
        int gz = shape.dims() == 3 ? g : 0;
        try (Arena arena = Arena.ofConfined()) {
            Field whole = field(arena, p, shape, g, in);
            halo.fill(whole, field);
            long seed = bc.hashCode() + 1000L * shape.cells() + g;
            for (int[] cuts : splits(shape.bandAxisSize(), seed)) {
                String split = bc + " bands " + Arrays.toString(cuts);
                Field banded = field(arena, p, shape, g, in);
                // bands are independent: fill them in a shuffled order
                List<Integer> order = new ArrayList<>();
                for (int b = 0; b + 1 < cuts.length; b++) {
                    order.add(b);
                }
                Collections.shuffle(order, new java.util.Random(seed ^ cuts.length));
                // each cell of the ghosted box: its byte offset and the band that owns it (-1: interior)
                List<long[]> cells = new ArrayList<>();
                boolean[] inCell = new boolean[(int) banded.segment().byteSize()];
                int e = p.bytes();
                for (int z = -gz; z < shape.nz() + gz; z++) {
                    for (int y = -g; y < shape.ny() + g; y++) {
                        for (int x = -g; x < shape.nx() + g; x++) {
                            int o = (int) banded.offset(x, y, z);
                            cells.add(new long[] {o, owner(cuts, shape, x, y, z), x, y, z});
                            Arrays.fill(inCell, o, o + e, true);
                        }
                    }
                }
                int[] writtenBy = new int[cells.size()];
                Arrays.fill(writtenBy, -1);
                for (int b : order) {
                    byte[] before = banded.segment().toArray(ValueLayout.JAVA_BYTE);
                    halo.fill(banded, field, cuts[b], cuts[b + 1]);
                    byte[] after = banded.segment().toArray(ValueLayout.JAVA_BYTE);
                    for (int i = 0; i < after.length; i++) {
                        if (!inCell[i] && after[i] != before[i]) {
                            fail(split + ": band " + b + " wrote byte " + i + ", padding outside every cell");
                        }
                    }
                    for (int c = 0; c < cells.size(); c++) {
                        long[] cell = cells.get(c);
                        int o = (int) cell[0];
                        // every ghost cell starts as junk that no fill writes, so a band's own ghosts all change
                        boolean changed = !Arrays.equals(before, o, o + e, after, o, o + e);
                        String where = "cell (" + cell[2] + ", " + cell[3] + ", " + cell[4] + "), which belongs to "
                                + (cell[1] == -1 ? "the interior" : "band " + cell[1]);
                        if (changed != (cell[1] == b)) {
                            fail(split + ": band " + b + (changed ? " wrote " : " did not write ") + where);
                        }
                        if (changed) {
                            assertEquals(-1, writtenBy[c], split + ": " + where + " written twice");
                            writtenBy[c] = b;
                        }
                    }
                }
                for (int c = 0; c < cells.size(); c++) {
                    assertEquals(cells.get(c)[1], writtenBy[c], split + ": the union of the bands' writes is every ghost cell, cell " + c);
                }
                assertEquals(-1, whole.segment().mismatch(banded.segment()), split + ": first byte that differs from the whole-field fill");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} ghost {2} {3}")
    @MethodSource("cases")
    void fillRowXFillsTheXGhostsOfItsRowOnly(String bc, GridShape shape, int g, Precision p) {
        int field = fieldIndex(bc, shape, g);
        Halo halo = halo(bc, shape.dims());
        AxisBoundary x = halo.axes().getFirst();
        Box in = interior(shape, g, p, 99 + g);
        try (Arena arena = Arena.ofConfined()) {
            Field f = field(arena, p, shape, g, in);
            for (int z = 0; z < shape.nz(); z++) {
                for (int y = 0; y < shape.ny(); y++) {
                    byte[] before = f.segment().toArray(ValueLayout.JAVA_BYTE);
                    halo.fillRowX(f, field, y, z);
                    // the row's x ghosts as the x rule alone gives them
                    for (int gx = -g; gx < shape.nx() + g; gx++) {
                        if (gx >= 0 && gx < shape.nx()) {
                            continue;
                        }
                        double want = switch (x.kind()) {
                            case PERIODIC -> in.v[in.at(Math.floorMod(gx, shape.nx()), y, z)];
                            case NEUMANN -> in.v[in.at(gx < 0 ? 0 : shape.nx() - 1, y, z)];
                            case DIRICHLET -> round(p, x.value() != null ? x.value() : FIELD_VALUES.get(field));
                        };
                        assertEquals(want, f.get(gx, y, z), bc + ": x ghost " + gx + " of row (" + y + ", " + z + ")");
                    }
                    // and nothing else: every other byte is as it was
                    byte[] after = f.segment().toArray(ValueLayout.JAVA_BYTE);
                    long lo = f.offset(-g, y, z), hi = f.offset(shape.nx() + g, y, z);
                    for (int i = 0; i < after.length; i++) {
                        boolean mine = (i >= lo && i < f.rowOffset(y, z)) || (i >= f.offset(shape.nx(), y, z) && i < hi);
                        if (after[i] != before[i] && !mine) {
                            fail(bc + ": fillRowX of row (" + y + ", " + z + ") wrote byte " + i + " outside that row's x ghosts");
                        }
                    }
                }
            }
        }
    }

    @Test
    void dirichletValuesComeFromTheAxisElseFromTheField() {
        Halo h = new Halo(List.of(AxisBoundary.dirichlet(2.5), AxisBoundary.dirichletPerField(), AxisBoundary.NEUMANN), List.of(0.25, -1.0));
        assertEquals(BoundaryKind.DIRICHLET, h.kind(0));
        assertEquals(BoundaryKind.NEUMANN, h.kind(2));
        assertEquals(2.5, h.dirichletValue(0, 0));
        assertEquals(2.5, h.dirichletValue(0, 1), "an axis value holds for every field");
        assertEquals(0.25, h.dirichletValue(1, 0));
        assertEquals(-1.0, h.dirichletValue(1, 1), "a plain dirichlet axis takes each field's own value");
        assertEquals("dirichlet=2.5,dirichlet,neumann", h.describe());
        Halo periodic = Halo.periodic(3, 2);
        for (int a = 0; a < 3; a++) {
            assertEquals(BoundaryKind.PERIODIC, periodic.kind(a));
        }
        assertEquals(3, periodic.axes().size());
    }

    @Test
    void boundariesForTheWrongNumberOfAxesAreRefused() {
        try (Field f2 = Field.allocate(Precision.F64, GridShape.of2d(4, 4), 1);
             Field f3 = Field.allocate(Precision.F64, GridShape.of3d(4, 4, 4), 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Halo.periodic(3, 1).fill(f2, 0));
            assertTrue(e.getMessage().contains("3 axes") && e.getMessage().contains("2D"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Halo.periodic(2, 1).fill(f3, 0, 0, 2));
            assertTrue(e.getMessage().contains("2 axes") && e.getMessage().contains("3D"), e.getMessage());
        }
    }
}
