package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.RunConstants;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Halo;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.InterpretedKernel;
import dev.jstencil.kernel.PlaneKernel;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.model.Model;
import dev.jstencil.testutil.Grids;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments to the native kernel (C generated from the model) are Java exceptions naming the
 * value, checked before the downcall.
 */
class NativeKernelValidationTest {
    private static final int NX = 16, NY = 9;
    private static final Model GRAY_SCOTT = Model.builtin("gray-scott");
    private static final GridShape SHAPE = GridShape.of2d(NX, NY);
    private final List<Field> fields = new ArrayList<>();
    private StencilKernel f64;
    private StencilKernel reference;
    private Field u, v, un, vn;

    private static double[] slots(Model model, Lowered lowered, GridShape shape) {
        return new RunConstants(model.defaultParams(), model.dt(), model.h(), shape).slotValues(lowered);
    }

    /** The native kernel of {@code model} with its default values, through the factory the Kernels class uses. */
    private static StencilKernel nativeKernel(Model model, GridShape shape, Precision p) {
        Lowered lowered = Lowering.kernel(model, shape.dims(), p);
        return NativeKernels.create(model.text(), lowered, slots(model, lowered, shape), 0);
    }

    private Field field(Precision p, GridShape shape, int ghost) {
        Field f = Field.allocate(p, shape, ghost);
        fields.add(f);
        return f;
    }

    private Field field(Precision p, int nx, int ny) {
        return field(p, GridShape.of2d(nx, ny), 1);
    }

    @BeforeEach
    void setUp() {
        NativeTestSupport.requireCompiler();
        f64 = nativeKernel(GRAY_SCOTT, SHAPE, Precision.F64);
        Lowered lowered = Lowering.kernel(GRAY_SCOTT, 2, Precision.F64);
        reference = new InterpretedKernel(lowered, slots(GRAY_SCOTT, lowered, SHAPE), 0);
        u = field(Precision.F64, NX, NY);
        v = field(Precision.F64, NX, NY);
        un = field(Precision.F64, NX, NY);
        vn = field(Precision.F64, NX, NY);
        Grids.load(u, Grids.random(1, NX * NY, 0.3, 1.0));
        Grids.load(v, Grids.random(2, NX * NY, 0.0, 0.5));
        Halo halo = Halo.periodic(2, 2);
        halo.fill(u, 0);
        halo.fill(v, 1);
    }

    @AfterEach
    void tearDown() {
        fields.forEach(Field::close);
    }

    private static <T extends Throwable> String thrown(Class<T> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private Field[] cur() {
        return new Field[] {u, v};
    }

    private Field[] next() {
        return new Field[] {un, vn};
    }

    /** Rows given by offsets: each read and write must lie inside its segment, at a whole cell. */
    @Test
    void rowOffsetsOutsideTheSegmentsAreRefusedBeforeTheDowncall() {
        RowKernel rows = f64.rowKernel().orElseThrow();
        MemorySegment su = u.segment(), sv = v.segment(), sun = un.segment(), svn = vn.segment();
        MemorySegment[] in = {su, sv}, out = {sun, svn};
        for (int y = 0; y < NY; y++) { // valid calls, every row from its neighbours (the ghost rows for the first and last)
            long at = u.rowOffset(y, 0);
            rows.update(in, u.rowOffset(y - 1, 0), at, u.rowOffset(y + 1, 0), out, at, NX, y, 0);
        }
        Field bandU = field(Precision.F64, NX, NY), bandV = field(Precision.F64, NX, NY);
        f64.update(cur(), new Field[] {bandU, bandV}, 0, NY, 0);
        Grids.assertBitwiseEquals(bandU.toArray(), un.toArray(), NX, "u: row kernel against band kernel");
        Grids.assertBitwiseEquals(bandV.toArray(), vn.toArray(), NX, "v: row kernel against band kernel");
        long n = u.rowOffset(2, 0), c = u.rowOffset(3, 0), s = u.rowOffset(4, 0);

        String m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, 0, s, out, c, NX, 3, 0));
        assertTrue(m.contains("centre row at byte 0 of input field 0") && m.contains("[-8, "), m);
        long pastEnd = su.byteSize() - (NX - 1) * 8L; // the row's last cell would be the first byte after u
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, c, pastEnd, out, c, NX, 3, 0));
        assertTrue(m.contains("south row at byte " + pastEnd + " of input field 0") && m.contains(su.byteSize() + " bytes"), m);
        rows.update(in, n, c, pastEnd - 16, out, c, NX, 3, 0); // two cells earlier it fits (with its ghost cell)
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, -8, c, s, out, c, NX, 3, 0));
        assertTrue(m.contains("north row at byte -8 of input field 0"), m);
        long huge = Long.MAX_VALUE - 7; // a whole number of cells, whose span would overflow past Long.MAX_VALUE
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, c, s, out, huge, NX, 3, 0));
        assertTrue(m.contains("out row at byte " + huge + " of output field 0"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, c, s, out, c + 4, NX, 3, 0));
        assertTrue(m.contains("out row at byte " + (c + 4) + " of output field 0") && m.contains("multiple of 8"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, c, s, new MemorySegment[] {sun, sv.asSlice(0, c)}, c, NX, 3, 0));
        assertTrue(m.contains("of output field 1"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(new MemorySegment[] {su, sv.asSlice(0, s)}, n, c, s, out, c, NX, 3, 0));
        assertTrue(m.contains("south row at byte " + s + " of input field 1"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, c, s, out, c, 0, 3, 0));
        assertTrue(m.contains("row of 0 cells"), m);
    }

    /** The row kernel takes one segment per model field in and out: arrays of another length or with a null are refused. */
    @Test
    void rowSegmentArraysAreChecked() {
        RowKernel rows = f64.rowKernel().orElseThrow();
        MemorySegment su = u.segment(), sv = v.segment(), sun = un.segment(), svn = vn.segment();
        long n = u.rowOffset(2, 0), c = u.rowOffset(3, 0), s = u.rowOffset(4, 0);
        String m = thrown(IllegalArgumentException.class, () -> rows.update(new MemorySegment[] {su}, n, c, s, new MemorySegment[] {sun, svn},
                c, NX, 3, 0));
        assertTrue(m.startsWith("row of 1 input and 2 output fields: native f64") && m.endsWith("takes 2"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(new MemorySegment[] {su, sv}, n, c, s,
                new MemorySegment[] {sun, svn, svn}, c, NX, 3, 0));
        assertTrue(m.startsWith("row of 2 input and 3 output fields"), m);
        m = thrown(NullPointerException.class, () -> rows.update(new MemorySegment[] {su, null}, n, c, s, new MemorySegment[] {sun, svn},
                c, NX, 3, 0));
        assertEquals("input field 1", m);
        m = thrown(NullPointerException.class, () -> rows.update(new MemorySegment[] {su, sv}, n, c, s, new MemorySegment[] {null, svn},
                c, NX, 3, 0));
        assertEquals("output field 0", m);
    }

    @Test
    void kernelReportsItself() {
        assertEquals(Backend.NATIVE, f64.backend());
        assertEquals(Precision.F64, f64.precision());
        assertTrue(f64.description().matches("native f64 \\(generated C, kernel-2d-f64-[0-9a-f]+\\.so\\)"), f64.description());
        StencilKernel f32 = nativeKernel(GRAY_SCOTT, SHAPE, Precision.F32);
        assertEquals(Precision.F32, f32.precision());
        assertTrue(f32.description().matches("native f32 \\(generated C, kernel-2d-f32-[0-9a-f]+\\.so\\)"), f32.description());
    }

    /** A valid call writes its band (as the interpreted reference does, to the bit) and leaves the other rows alone. */
    @Test
    void validCallWritesOnlyItsBand() {
        un.fill(-7);
        f64.update(cur(), next(), 2, 6, 0);
        assertEquals(-7.0, un.get(3, 1), "row 1 is outside the band and must be untouched");
        assertEquals(-7.0, un.get(3, 6), "row 6 is outside the band and must be untouched");
        Field refU = field(Precision.F64, NX, NY), refV = field(Precision.F64, NX, NY);
        reference.update(cur(), new Field[] {refU, refV}, 2, 6, 0);
        for (int y = 2; y < 6; y++) {
            for (int x = 0; x < NX; x++) {
                assertEquals(refU.get(x, y), un.get(x, y), "u at (" + x + ", " + y + ")");
                assertEquals(refV.get(x, y), vn.get(x, y), "v at (" + x + ", " + y + ")");
            }
        }
        assertNotEquals(u.get(3, 4), un.get(3, 4), "the step changed u (else the comparison is vacuous)");
        f64.update(cur(), next(), 5, 5, 0); // an empty band is allowed
    }

    @Test
    void closedFieldIsNamed() {
        vn.close();
        String m = thrown(IllegalStateException.class, () -> f64.update(cur(), next(), 0, NY, 0));
        assertTrue(m.startsWith("next field 1 ") && m.contains("closed"), m);
        u.close();
        m = thrown(IllegalStateException.class, () -> f64.update(cur(), next(), 0, NY, 0));
        assertTrue(m.startsWith("current field 0 ") && m.contains("closed"), m);
    }

    @Test
    void bandOutsideTheFieldIsRejected() {
        for (int[] band : new int[][] {{-1, 3}, {0, NY + 1}, {5, 4}, {NY + 1, NY + 1}, {Integer.MIN_VALUE, Integer.MAX_VALUE}}) {
            String m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), next(), band[0], band[1], 0));
            assertTrue(m.contains("[" + band[0] + ", " + band[1] + ")") && m.contains("<= " + NY), m);
        }
    }

    @Test
    void mismatchedLayoutIsRejected() {
        Field wider = field(Precision.F64, NX + 1, NY);
        String m = thrown(IllegalArgumentException.class, () -> f64.update(new Field[] {u, wider}, next(), 0, NY, 0));
        assertTrue(m.contains("current field 1") && m.contains((NX + 1) + "x" + NY) && m.contains("layout of current field 0"), m);
        Field taller = field(Precision.F64, NX, NY + 3);
        m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {taller, vn}, 0, NY, 0));
        assertTrue(m.contains("next field 0") && m.contains(NX + "x" + (NY + 3)), m);
    }

    /** A 2D model's kernel takes 2D fields of one layout: a 3D field, or one with another ghost layer, is refused. */
    @Test
    void onlyFieldsOfTheModelsDimensionAndOneLayoutAreTaken() {
        Field wideGhost = field(Precision.F64, SHAPE, 2);
        String m = thrown(IllegalArgumentException.class, () -> f64.update(new Field[] {u, wideGhost}, next(), 0, NY, 0));
        assertTrue(m.contains("current field 1") && m.contains("layout of current field 0"), m);
        Field cube = field(Precision.F64, GridShape.of3d(NX, NY, 4), 1);
        m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {un, cube}, 0, NY, 0));
        assertTrue(m.contains("next field 1") && m.contains("is not 2D with a ghost width of at least 1"), m);
    }

    @Test
    void wrongPrecisionIsRejected() {
        Field single = field(Precision.F32, NX, NY);
        String m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {un, single}, 0, NY, 0));
        assertTrue(m.contains("next field 1 is f32") && m.contains("needs f64"), m);
        StencilKernel f32 = nativeKernel(GRAY_SCOTT, SHAPE, Precision.F32);
        m = thrown(IllegalArgumentException.class, () -> f32.update(cur(), next(), 0, NY, 0));
        assertTrue(m.contains("current field 0 is f64") && m.contains("native f32"), m);
    }

    @Test
    void aliasedFieldsAreRejected() {
        String m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {u, vn}, 0, NY, 0));
        assertTrue(m.contains("apart from the current ones") && m.contains(u.describe()), m);
        m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {un, Field.over(u.segment(), Precision.F64, SHAPE, 1)},
                0, NY, 0));
        assertTrue(m.contains("apart from the current ones"), m);
    }

    @Test
    void fieldArraysOfAnotherLengthAreRejected() {
        String m = thrown(IllegalArgumentException.class, () -> f64.update(new Field[] {u}, next(), 0, NY, 0));
        assertTrue(m.endsWith("takes 2 fields each side; got 1 current and 2 next"), m);
        m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {un, vn, u}, 0, NY, 0));
        assertTrue(m.endsWith("takes 2 fields each side; got 2 current and 3 next"), m);
    }

    @Test
    void nullsAreRejected() {
        String m = thrown(NullPointerException.class, () -> f64.update(new Field[] {u, null}, next(), 0, NY, 0));
        assertEquals("current field 1", m);
        m = thrown(NullPointerException.class, () -> f64.update(cur(), new Field[] {null, vn}, 0, NY, 0));
        assertEquals("next field 0", m);
        assertThrows(NullPointerException.class, () -> NativeKernels.create("fields u", null, new double[0], 0));
    }

    /** Only 2D models of radius 1 have a row kernel (two steps per sweep); the others say so by having none. */
    @Test
    void rowKernelsExistForTwoDimensionalModelsOfRadiusOne() {
        assertTrue(nativeKernel(Model.builtin("heat"), SHAPE, Precision.F32).rowKernel().isPresent());
        assertTrue(nativeKernel(Model.builtin("gray-scott-3d"), GridShape.of3d(8, 8, 8), Precision.F64).rowKernel().isEmpty());
        Model wide = Model.builder("wide").fields("c").equation("c", "c[2,0] - c").init("flat", "c = x").build();
        assertTrue(nativeKernel(wide, SHAPE, Precision.F64).rowKernel().isEmpty());
    }

    /** Planes go to C as offsets: a plane whose ghost rows or last row would leave its segment is refused in Java. */
    @Test
    void planeKernelsCheckEveryPlaneTheyTouch() {
        GridShape shape = GridShape.of3d(9, 5, 4);
        StencilKernel k = nativeKernel(Model.builtin("gray-scott-3d"), shape, Precision.F64);
        Field u = Field.allocate(Precision.F64, shape, 1), v = Field.allocate(Precision.F64, shape, 1);
        Field un = Field.allocate(Precision.F64, shape, 1), vn = Field.allocate(Precision.F64, shape, 1);
        try (u; v; un; vn) {
            assertTrue(nativeKernel(Model.builtin("gray-scott"), SHAPE, Precision.F64).planeKernel(u).isEmpty(), "2D models have none");
            PlaneKernel planes = k.planeKernel(u).orElseThrow();
            MemorySegment[] in = {u.segment(), v.segment()}, out = {un.segment(), vn.segment()};
            long below = u.rowOffset(0, 0), centre = u.rowOffset(0, 1), above = u.rowOffset(0, 2);
            planes.update(in, below, centre, above, out, centre, 1, 0); // a valid call
            String m = thrown(IllegalArgumentException.class, () -> planes.update(in, u.rowOffset(0, -1) - u.rowBytes(), centre, above, out,
                    centre, 1, 0));
            assertTrue(m.startsWith("below row at byte") && m.contains("of input field 0"), m);
            long lastFits = u.segment().byteSize() - (4L * u.rowBytes() + 10 * 8); // rows -1..5 of cells -1..9 end on the last byte
            m = thrown(IllegalArgumentException.class, () -> planes.update(in, below, centre, lastFits + u.rowBytes(), out, centre, 1, 0));
            assertTrue(m.startsWith("above row at byte " + (lastFits + u.rowBytes())), m);
            m = thrown(IllegalArgumentException.class, () -> planes.update(in, below, centre, above, out, un.segment().byteSize(), 1, 0));
            assertTrue(m.startsWith("out row at byte " + un.segment().byteSize() + " of output field 0"), m);
            m = thrown(IllegalArgumentException.class, () -> planes.update(new MemorySegment[] {u.segment()}, below, centre, above, out,
                    centre, 1, 0));
            assertTrue(m.startsWith("plane of 1 input and 2 output fields"), m);
        }
    }
}
