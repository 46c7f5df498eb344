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
import dev.jstencil.model.GrayScottParams;
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
