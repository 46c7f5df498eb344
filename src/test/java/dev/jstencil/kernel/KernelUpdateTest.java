package dev.jstencil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.testutil.Cases;
import dev.jstencil.testutil.Grids;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One {@link GrayScottKernel#update} of each kernel against an oracle written here from the model's
 * equations on plain double[] arrays, and the promise that a band update writes only its own rows.
 */
class KernelUpdateTest {
    /** Rounding budget for f64: values stay below ~10 and a few ulps of that are ~1e-14. */
    private static final double F64_TOLERANCE = 1e-13;
    /**
     * f32 rounds every intermediate to a 24-bit significand (ulp(1) = 1.2e-7), and the parameters
     * themselves to float; intermediates stay below ~8, so the kernel is within a few ulps of 1 of
     * the exact result. 1e-5 leaves ample margin while every term of the update (the smallest,
     * dt*F*(1-u), is ~1e-2 on this data) is far larger: a missing or wrong term cannot hide in it.
     */
    private static final double F32_TOLERANCE = 1e-5;

    /** h != 1 and dt = 0.9 of the stability limit (1.2), so 1/h^2 and dt both matter. */
    private static final GrayScottParams PARAMS = new GrayScottParams(0.12, 0.05, 0.037, 0.061, 1.0, 0.8).withAutoDt();
    private static final GrayScottParams UNIT_H = GrayScottParams.DEFAULT;

    static Stream<Arguments> cases() {
        return Cases.cross(Cases.JAVA_BACKENDS, Cases.PRECISIONS,
                Cases.rows(new int[][] {{3, 3}, {13, 7}, {67, 5}, {100, 4}, {8, 3}, {16, 2}, {1, 3}}));
    }

    private static GrayScottKernel kernel(Backend b, Precision p) {
        GrayScottKernel k = Kernels.create(b, p);
        assertEquals(b, k.backend(), "no silent fallback: " + k.description());
        assertEquals(p, k.precision());
        return k;
    }

    /** Four fields of one shape; u and v random everywhere (ghosts too), the outputs full of junk. */
    private record Fields(Field2D u, Field2D v, Field2D un, Field2D vn) implements AutoCloseable {
        static Fields random(Precision p, int nx, int ny, long seed) {
            Fields f = new Fields(Field2D.allocate(p, nx, ny), Field2D.allocate(p, nx, ny),
                    Field2D.allocate(p, nx, ny), Field2D.allocate(p, nx, ny));
            SplittableRandom r = new SplittableRandom(seed);
            for (int y = -1; y <= ny; y++) {
                for (int x = -1; x <= nx; x++) {
                    f.u.set(x, y, r.nextDouble());
                    f.v.set(x, y, r.nextDouble());
                }
            }
            f.un.segment().fill((byte) 0x5a);
            f.vn.segment().fill((byte) 0x5a);
            return f;
        }

        /** Runs {@code k} on rows [y0, y1) of these fields with {@link #PARAMS}. */
        void update(GrayScottKernel k, int y0, int y1) {
            k.update(u, v, un, vn, PARAMS, y0, y1);
        }

        @Override
        public void close() {
            u.close();
            v.close();
            un.close();
            vn.close();
        }
    }

    /** The field including its ghost ring, as a (ny+2) x (nx+2) row-major array. */
    private static double[] padded(Field2D f) {
        int w = f.nx() + 2;
        double[] a = new double[w * (f.ny() + 2)];
        for (int y = -1; y <= f.ny(); y++) {
            for (int x = -1; x <= f.nx(); x++) {
                a[(y + 1) * w + x + 1] = f.get(x, y);
            }
        }
        return a;
    }

    /**
     * The oracle, straight from the model: lap(a) = (N + S + W + E - 4C) / h^2,
     * u' = u + dt (Du lap(u) - u v^2 + F (1 - u)), v' = v + dt (Dv lap(v) + u v^2 - (F + k) v).
     * Returns {u', v'} for the interior, row-major (ny * nx).
     */
    private static double[][] oracle(double[] u, double[] v, int nx, int ny, GrayScottParams p) {
        int w = nx + 2;
        double[] un = new double[nx * ny], vn = new double[nx * ny];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int c = (y + 1) * w + x + 1;
                double lapU = (u[c - w] + u[c + w] + u[c - 1] + u[c + 1] - 4 * u[c]) / (p.h() * p.h());
                double lapV = (v[c - w] + v[c + w] + v[c - 1] + v[c + 1] - 4 * v[c]) / (p.h() * p.h());
                double reaction = u[c] * v[c] * v[c];
                un[y * nx + x] = u[c] + p.dt() * (p.du() * lapU - reaction + p.f() * (1 - u[c]));
                vn[y * nx + x] = v[c] + p.dt() * (p.dv() * lapV + reaction - (p.f() + p.k()) * v[c]);
            }
        }
        return new double[][] {un, vn};
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @MethodSource("cases")
    void oneUpdateMatchesTheModelEquations(Backend b, Precision p, int nx, int ny) {
        double tol = p == Precision.F64 ? F64_TOLERANCE : F32_TOLERANCE;
        GrayScottKernel k = kernel(b, p);
        for (GrayScottParams params : List.of(PARAMS, UNIT_H)) {
            try (Fields f = Fields.random(p, nx, ny, 31L * nx + ny)) {
                double[][] expected = oracle(padded(f.u()), padded(f.v()), nx, ny, params);
                k.update(f.u(), f.v(), f.un(), f.vn(), params, 0, ny);
                double du = Grids.maxAbsDiff(expected[0], f.un().toArray());
                double dv = Grids.maxAbsDiff(expected[1], f.vn().toArray());
                assertTrue(du <= tol && dv <= tol, k.description() + " " + params + ": max |u' - oracle| = " + du
                        + ", max |v' - oracle| = " + dv + " (tolerance " + tol + ")");
            }
        }
    }

    /** (backend, precision, nx, ny, y0, y1). */
    static Stream<Arguments> bands() {
        return Cases.cross(Cases.JAVA_BACKENDS, Cases.PRECISIONS,
                Cases.rows(new int[][] {{37, 11, 3, 7}, {37, 11, 0, 1}, {37, 11, 10, 11}, {64, 9, 2, 9}, {5, 6, 1, 5}}));
    }

    /**
     * A band update [y0, y1) writes the interior cells of those rows (the same values a full update
     * writes there) and no byte outside the span from the band's first interior cell to its last: other
     * rows, the ghost rows and the ghosts at the band's two ends stay as they were, so concurrent bands
     * never write the same memory. Ghost and padding bytes between the band's own rows may be written
     * (the vector kernels sweep a band as one loop through them; nothing reads them). The other bands,
     * run afterwards in reverse order, complete the full update bit for bit.
     */
    @ParameterizedTest(name = "{0} {1} {2}x{3} rows [{4},{5})")
    @MethodSource("bands")
    void aBandUpdateTouchesOnlyItsRows(Backend b, Precision p, int nx, int ny, int y0, int y1) {
        GrayScottKernel k = kernel(b, p);
        try (Fields full = Fields.random(p, nx, ny, 5); Fields band = Fields.random(p, nx, ny, 5)) {
            full.update(k, 0, ny);
            byte[] junk = band.un().segment().toArray(ValueLayout.JAVA_BYTE);
            band.update(k, y0, y1);
            Field2D shape = band.un();
            long spanStart = shape.rowOffset(y0);
            long spanEnd = shape.rowOffset(y1 - 1) + (long) nx * p.bytes();
            for (Field2D[] pair : new Field2D[][] {{full.un(), band.un()}, {full.vn(), band.vn()}}) {
                byte[] want = pair[0].segment().toArray(ValueLayout.JAVA_BYTE);
                byte[] got = pair[1].segment().toArray(ValueLayout.JAVA_BYTE);
                for (int i = 0; i < got.length; i++) {
                    int row = rowOfInteriorByte(shape, i);
                    if (row >= y0 && row < y1) {
                        if (got[i] != want[i]) {
                            fail(k.description() + ": byte " + i + " of band row " + row + " differs from a full update");
                        }
                    } else if ((i < spanStart || i >= spanEnd) && got[i] != junk[i]) {
                        fail(k.description() + ": byte " + i + " outside the span of rows [" + y0 + "," + y1 + ") was written");
                    }
                }
            }
            // The remaining bands, after and then before (any order works): together the full update.
            band.update(k, y1, ny);
            band.update(k, 0, y0);
            Grids.assertBitwiseEquals(full.un().toArray(), band.un().toArray(), nx, k.description() + " u' from bands");
            Grids.assertBitwiseEquals(full.vn().toArray(), band.vn().toArray(), nx, k.description() + " v' from bands");
        }
    }

    /** The row of the interior cell that byte {@code i} belongs to, or -2 if it is a ghost or padding byte. */
    private static int rowOfInteriorByte(Field2D f, long i) {
        long rowBytes = (long) f.pitch() * f.precision().bytes();
        int y = (int) (i / rowBytes) - 1;
        if (y < 0 || y >= f.ny()) {
            return -2;
        }
        long start = f.rowOffset(y);
        return i >= start && i < start + (long) f.nx() * f.precision().bytes() ? y : -2;
    }
}
