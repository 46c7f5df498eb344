package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.PeriodicBoundary;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.model.GrayScottParams;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments to the native kernel are Java exceptions naming the value, checked before the downcall. */
class NativeKernelValidationTest {
    private static final int NX = 16, NY = 9;
    private static final GrayScottParams P = GrayScottParams.DEFAULT;
    private final List<Field2D> fields = new ArrayList<>();
    private GrayScottKernel f64;
    private Field2D u, v, un, vn;

    private Field2D field(Precision p, int nx, int ny) {
        Field2D f = Field2D.allocate(p, nx, ny);
        fields.add(f);
        return f;
    }

    @BeforeEach
    void setUp() {
        NativeTestSupport.requireNativeLibrary();
        f64 = NativeKernels.create(Precision.F64);
        u = field(Precision.F64, NX, NY);
        v = field(Precision.F64, NX, NY);
        un = field(Precision.F64, NX, NY);
        vn = field(Precision.F64, NX, NY);
        u.fill(1.0);
        v.fill(0.0);
        v.set(3, 4, 0.5);
        PeriodicBoundary.INSTANCE.fillHalo(u);
        PeriodicBoundary.INSTANCE.fillHalo(v);
    }

    @AfterEach
    void tearDown() {
        fields.forEach(Field2D::close);
    }

    private static <T extends Throwable> String thrown(Class<T> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    /** Rows given by offsets: each read and write must lie inside its segment, at a whole cell. */
    @Test
    void rowOffsetsOutsideTheSegmentsAreRefusedBeforeTheDowncall() {
        RowKernel rows = f64.rowKernel(P).orElseThrow();
        MemorySegment su = u.segment(), sv = v.segment(), sun = un.segment(), svn = vn.segment();
        long n = u.rowOffset(2), c = u.rowOffset(3), s = u.rowOffset(4);
        rows.update(su, sv, n, c, s, sun, svn, c, NX); // the valid call: row 3, next to v's seed at (3, 4)
        Field2D bandU = field(Precision.F64, NX, NY), bandV = field(Precision.F64, NX, NY);
        f64.update(u, v, bandU, bandV, P, 3, 4);
        for (int x = 0; x < NX; x++) {
            assertEquals(bandV.get(x, 3), vn.get(x, 3), "v at x = " + x + ": row kernel against band kernel");
            assertEquals(bandU.get(x, 3), un.get(x, 3), "u at x = " + x);
        }
        assertNotEquals(0.0, vn.get(3, 3), "the seed reached row 3");

        String m = thrown(IllegalArgumentException.class, () -> rows.update(su, sv, n, 0, s, sun, svn, c, NX));
        assertTrue(m.contains("centre row at byte 0 of u") && m.contains("[-8, "), m);
        long pastEnd = su.byteSize() - (NX - 1) * 8L; // the row's last cell would be the first byte after u
        m = thrown(IllegalArgumentException.class, () -> rows.update(su, sv, n, c, pastEnd, sun, svn, c, NX));
        assertTrue(m.contains("south row at byte " + pastEnd + " of u") && m.contains(su.byteSize() + " bytes"), m);
        rows.update(su, sv, n, c, pastEnd - 8, sun, svn, c, NX); // one cell earlier it fits
        m = thrown(IllegalArgumentException.class, () -> rows.update(su, sv, -8, c, s, sun, svn, c, NX));
        assertTrue(m.contains("north row at byte -8 of u"), m);
        long huge = Long.MAX_VALUE - 7; // a whole number of cells, whose span would overflow past Long.MAX_VALUE
        m = thrown(IllegalArgumentException.class, () -> rows.update(su, sv, n, c, s, sun, svn, huge, NX));
        assertTrue(m.contains("out row at byte " + huge + " of uNext"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(su, sv, n, c, s, sun, svn, c + 4, NX));
        assertTrue(m.contains("out row at byte " + (c + 4) + " of uNext") && m.contains("multiple of 8"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(su, sv, n, c, s, sun, sv.asSlice(0, c), c, NX));
        assertTrue(m.contains("of vNext"), m);
        m = thrown(IllegalArgumentException.class, () -> rows.update(su, sv, n, c, s, sun, svn, c, 0));
        assertTrue(m.contains("row of 0 cells"), m);
    }

    @Test
    void kernelReportsItself() {
        assertEquals(Backend.NATIVE, f64.backend());
        assertEquals(Precision.F64, f64.precision());
        assertEquals("native f64 (gcc)", f64.description());
        assertEquals(Precision.F32, NativeKernels.create(Precision.F32).precision());
    }

    @Test
    void validCallWritesOnlyItsBand() {
        un.fill(-7);
        f64.update(u, v, un, vn, P, 2, 6);
        assertEquals(-7.0, un.get(3, 1), "row 1 is outside the band and must be untouched");
        assertEquals(-7.0, un.get(3, 6), "row 6 is outside the band and must be untouched");
        assertNotEquals(-7.0, un.get(3, 2));
        // u = 1, v = 0.5 at (3,4): u' = 1 + dt*((Du*0 - 0.25) + F*0) = 0.75
        assertEquals(1.0 + P.dt() * (-(1.0 * 0.5 * 0.5)), un.get(3, 4), 0.0);
        f64.update(u, v, un, vn, P, 5, 5); // an empty band is allowed
    }

    @Test
    void closedFieldIsNamed() {
        vn.close();
        String m = thrown(IllegalStateException.class, () -> f64.update(u, v, un, vn, P, 0, NY));
        assertTrue(m.contains("vNext") && m.contains("closed"), m);
        u.close();
        m = thrown(IllegalStateException.class, () -> f64.update(u, v, un, vn, P, 0, NY));
        assertTrue(m.startsWith("field u ") && m.contains("closed"), m);
    }

    @Test
    void bandOutsideTheFieldIsRejected() {
        for (int[] band : new int[][] {{-1, 3}, {0, NY + 1}, {5, 4}, {NY + 1, NY + 1}, {Integer.MIN_VALUE, Integer.MAX_VALUE}}) {
            String m = thrown(IllegalArgumentException.class, () -> f64.update(u, v, un, vn, P, band[0], band[1]));
            assertTrue(m.contains("[" + band[0] + ", " + band[1] + ")") && m.contains("<= " + NY), m);
        }
    }

    @Test
    void mismatchedLayoutIsRejected() {
        Field2D wider = field(Precision.F64, NX + 1, NY);
        String m = thrown(IllegalArgumentException.class, () -> f64.update(u, wider, un, vn, P, 0, NY));
        assertTrue(m.contains("field v") && m.contains((NX + 1) + "x" + NY), m);
        Field2D taller = field(Precision.F64, NX, NY + 3);
        m = thrown(IllegalArgumentException.class, () -> f64.update(u, v, taller, vn, P, 0, NY));
        assertTrue(m.contains("field uNext") && m.contains(NX + "x" + (NY + 3)), m);
    }

    @Test
    void wrongPrecisionIsRejected() {
        Field2D single = field(Precision.F32, NX, NY);
        String m = thrown(IllegalArgumentException.class, () -> f64.update(u, v, un, single, P, 0, NY));
        assertTrue(m.contains("field vNext is f32") && m.contains("needs f64"), m);
        GrayScottKernel f32 = NativeKernels.create(Precision.F32);
        m = thrown(IllegalArgumentException.class, () -> f32.update(u, v, un, vn, P, 0, NY));
        assertTrue(m.contains("field u is f64") && m.contains("native f32"), m);
    }

    @Test
    void aliasedFieldsAreRejected() {
        String m = thrown(IllegalArgumentException.class, () -> f64.update(u, v, u, vn, P, 0, NY));
        assertTrue(m.contains("four distinct fields"), m);
    }

    @Test
    void nullsAreRejected() {
        String m = thrown(NullPointerException.class, () -> f64.update(u, null, un, vn, P, 0, NY));
        assertEquals("v", m);
        m = thrown(NullPointerException.class, () -> f64.update(u, v, un, vn, null, 0, NY));
        assertEquals("params", m);
    }
}
