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
import dev.jstencil.kernel.KernelUnavailableException;
import dev.jstencil.kernel.Kernels;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.model.Model;
import dev.jstencil.sim.Simulation;
import dev.jstencil.testutil.Grids;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad arguments to the native kernel are Java exceptions naming the value, checked before the
 * downcall; and the native backend takes only models whose formulas are the built-in gray-scott's,
 * saying why it refuses the others.
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
        return NativeKernels.create(lowered, slots(model, lowered, shape));
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
        NativeTestSupport.requireNativeLibrary();
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
        assertTrue(m.contains("centre row at byte 0 of u") && m.contains("[-8, "), m);
        long pastEnd = su.byteSize() - (NX - 1) * 8L; // the row's last cell would be the first byte after u
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, c, pastEnd, out, c, NX, 3, 0));
        assertTrue(m.contains("south row at byte " + pastEnd + " of u") && m.contains(su.byteSize() + " bytes"), m);
        rows.update(in, n, c, pastEnd - 8, out, c, NX, 3, 0); // one cell earlier it fits
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, -8, c, s, out, c, NX, 3, 0));
        assertTrue(m.contains("north row at byte -8 of u"), m);
        long huge = Long.MAX_VALUE - 7; // a whole number of cells, whose span would overflow past Long.MAX_VALUE
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, c, s, out, huge, NX, 3, 0));
        assertTrue(m.contains("out row at byte " + huge + " of uNext"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, c, s, out, c + 4, NX, 3, 0));
        assertTrue(m.contains("out row at byte " + (c + 4) + " of uNext") && m.contains("multiple of 8"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, c, s, new MemorySegment[] {sun, sv.asSlice(0, c)}, c, NX, 3, 0));
        assertTrue(m.contains("of vNext"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(new MemorySegment[] {su, sv.asSlice(0, s)}, n, c, s, out, c, NX, 3, 0));
        assertTrue(m.contains("south row at byte " + s + " of v"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(in, n, c, s, out, c, 0, 3, 0));
        assertTrue(m.contains("row of 0 cells"), m);
    }

    /** The row kernel takes exactly u and v in and out: arrays of another length or with a null are refused. */
    @Test
    void rowSegmentArraysAreChecked() {
        RowKernel rows = f64.rowKernel().orElseThrow();
        MemorySegment su = u.segment(), sv = v.segment(), sun = un.segment(), svn = vn.segment();
        long n = u.rowOffset(2, 0), c = u.rowOffset(3, 0), s = u.rowOffset(4, 0);
        String m = thrown(IllegalArgumentException.class, () -> rows.update(new MemorySegment[] {su}, n, c, s, new MemorySegment[] {sun, svn},
                c, NX, 3, 0));
        assertEquals("row input has 1 fields; the native Gray-Scott kernel takes 2 (u, v)", m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(new MemorySegment[] {su, sv}, n, c, s,
                new MemorySegment[] {sun, svn, svn}, c, NX, 3, 0));
        assertEquals("row output has 3 fields; the native Gray-Scott kernel takes 2 (u, v)", m);
        m = thrown(NullPointerException.class, () -> rows.update(new MemorySegment[] {su, null}, n, c, s, new MemorySegment[] {sun, svn},
                c, NX, 3, 0));
        assertEquals("v", m);
        m = thrown(NullPointerException.class, () -> rows.update(new MemorySegment[] {su, sv}, n, c, s, new MemorySegment[] {null, svn},
                c, NX, 3, 0));
        assertEquals("uNext", m);
    }

    @Test
    void kernelReportsItself() {
        assertEquals(Backend.NATIVE, f64.backend());
        assertEquals(Precision.F64, f64.precision());
        assertEquals("native f64 (gcc, hand-written Gray-Scott)", f64.description());
        StencilKernel f32 = nativeKernel(GRAY_SCOTT, SHAPE, Precision.F32);
        assertEquals(Precision.F32, f32.precision());
        assertEquals("native f32 (gcc, hand-written Gray-Scott)", f32.description());
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
        assertTrue(m.contains("vNext") && m.contains("closed"), m);
        u.close();
        m = thrown(IllegalStateException.class, () -> f64.update(cur(), next(), 0, NY, 0));
        assertTrue(m.startsWith("field u ") && m.contains("closed"), m);
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
        assertTrue(m.contains("field v") && m.contains((NX + 1) + "x" + NY) && m.contains("layout of u"), m);
        Field taller = field(Precision.F64, NX, NY + 3);
        m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {taller, vn}, 0, NY, 0));
        assertTrue(m.contains("field uNext") && m.contains(NX + "x" + (NY + 3)), m);
    }

    /** The C kernel is 2D with a ghost width of 1: a 3D field, or a wider ghost layer, is refused. */
    @Test
    void onlyTwoDimensionalFieldsWithGhostWidthOneAreTaken() {
        Field wideGhost = field(Precision.F64, SHAPE, 2);
        String m = thrown(IllegalArgumentException.class, () -> f64.update(new Field[] {u, wideGhost}, next(), 0, NY, 0));
        assertTrue(m.contains("field v") && m.contains("not 2D with a ghost width of 1"), m);
        Field cube = field(Precision.F64, GridShape.of3d(NX, NY, 4), 1);
        m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {un, cube}, 0, NY, 0));
        assertTrue(m.contains("field vNext") && m.contains("not 2D with a ghost width of 1"), m);
    }

    @Test
    void wrongPrecisionIsRejected() {
        Field single = field(Precision.F32, NX, NY);
        String m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {un, single}, 0, NY, 0));
        assertTrue(m.contains("field vNext is f32") && m.contains("needs f64"), m);
        StencilKernel f32 = nativeKernel(GRAY_SCOTT, SHAPE, Precision.F32);
        m = thrown(IllegalArgumentException.class, () -> f32.update(cur(), next(), 0, NY, 0));
        assertTrue(m.contains("field u is f64") && m.contains("native f32"), m);
    }

    @Test
    void aliasedFieldsAreRejected() {
        String m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {u, vn}, 0, NY, 0));
        assertTrue(m.contains("four distinct fields"), m);
        m = thrown(IllegalArgumentException.class, () -> f64.update(new Field[] {u, u}, next(), 0, NY, 0));
        assertTrue(m.contains("four distinct fields"), m);
    }

    @Test
    void fieldArraysOfAnotherLengthAreRejected() {
        String m = thrown(IllegalArgumentException.class, () -> f64.update(new Field[] {u}, next(), 0, NY, 0));
        assertEquals("current state has 1 fields; the native Gray-Scott kernel takes 2 (u, v)", m);
        m = thrown(IllegalArgumentException.class, () -> f64.update(cur(), new Field[] {un, vn, u}, 0, NY, 0));
        assertEquals("next state has 3 fields; the native Gray-Scott kernel takes 2 (u, v)", m);
    }

    @Test
    void nullsAreRejected() {
        String m = thrown(NullPointerException.class, () -> f64.update(new Field[] {u, null}, next(), 0, NY, 0));
        assertEquals("v", m);
        m = thrown(NullPointerException.class, () -> f64.update(cur(), new Field[] {null, vn}, 0, NY, 0));
        assertEquals("uNext", m);
        assertThrows(NullPointerException.class, () -> NativeKernels.create(null, new double[0]));
    }

    /** Models the C kernel does not compute: other models, gray-scott's formulas changed or reordered, gray-scott in 3D. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heat", "brusselator", "fitzhugh-nagumo", "advection", "gray-scott-3d", "gray-scott in 3D", "reordered",
            "other reaction", "params reordered"})
    void aModelThatIsNotGrayScottIsRefusedWithTheReason(String which) {
        Model model = switch (which) {
            case "gray-scott in 3D" -> GRAY_SCOTT;
            case "reordered" -> grayScottWith("F*(1 - u) - u*v*v + Du*lap(u)", "Dv*lap(v) + u*v*v - (F + k)*v", false);
            case "other reaction" -> grayScottWith("Du*lap(u) - u*v*v + F*(1 - u)", "Dv*lap(v) + u*v*v - (F + k)*v*v", false);
            case "params reordered" -> grayScottWith("Du*lap(u) - u*v*v + F*(1 - u)", "Dv*lap(v) + u*v*v - (F + k)*v", true);
            default -> Model.builtin(which);
        };
        GridShape shape = which.contains("3") ? GridShape.of3d(8, 8, 8) : GridShape.of2d(NX, NY);
        int[] size = shape.dims() == 3 ? new int[] {8, 8, 8} : new int[] {NX, NY};
        KernelUnavailableException e = assertThrows(KernelUnavailableException.class, () -> nativeKernel(model, shape, Precision.F64));
        String reason = "the native backend runs only models whose formulas are the built-in gray-scott model's";
        assertTrue(e.getMessage().contains(reason) && e.getMessage().contains("use --backend vector or interpreted"), e.getMessage());
        Lowered lowered = Lowering.kernel(model, shape.dims(), Precision.F32);
        e = assertThrows(KernelUnavailableException.class,
                () -> Kernels.create(Backend.NATIVE, model.text(), lowered, slots(model, lowered, shape), 0));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        e = assertThrows(KernelUnavailableException.class, () -> Simulation.builder(model).size(size).backend(Backend.NATIVE).build());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    /** Gray-Scott with other rates, or with its parameters declared in another order (F, k, Du, Dv is the built-in order). */
    private static Model grayScottWith(String du, String dv, boolean reorderParams) {
        var b = Model.builder("not-quite-gray-scott").fields("u", "v");
        if (reorderParams) {
            b.param("k", 0.06).param("F", 0.04);
        } else {
            b.param("F", 0.04).param("k", 0.06);
        }
        return b.param("Du", 0.16).param("Dv", 0.08).equation("u", du).equation("v", dv).init("flat", "u = 1", "v = 0.1*x").build();
    }

    /** The built-in formulas are accepted whoever wrote them down: the same text under another name, with other values. */
    @Test
    void theBuiltInFormulasAreAcceptedUnderAnotherName() {
        Model copy = Model.parse("copy", GRAY_SCOTT.text());
        StencilKernel k = nativeKernel(copy, SHAPE, Precision.F64);
        assertEquals(Backend.NATIVE, k.backend());
        try (Simulation sim = Simulation.builder(copy).size(NX, NY).set("F", 0.03).backend(Backend.NATIVE).build()) {
            assertEquals(Backend.NATIVE, sim.kernel().backend());
        }
    }
}
