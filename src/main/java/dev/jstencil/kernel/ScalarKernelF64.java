package dev.jstencil.kernel;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.GrayScottParams;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/** Reference kernel, f64: one cell at a time, exactly the documented operation order. */
final class ScalarKernelF64 implements GrayScottKernel {
    private static final long E = Double.BYTES;

    @Override
    public void update(Field2D uf, Field2D vf, Field2D unf, Field2D vnf, GrayScottParams p, int y0, int y1) {
        final MemorySegment u = uf.segment(), v = vf.segment(), un = unf.segment(), vn = vnf.segment();
        final double du = p.du(), dv = p.dv(), f = p.f(), fk = p.fPlusK(),
                dt = p.dt(), invH2 = p.invH2();
        final long pitchBytes = (long) uf.pitch() * E;
        final long rowBytes = (long) uf.nx() * E;
        for (int y = y0; y < y1; y++) {
            final long start = uf.rowOffset(y);
            cells(u, v, un, vn, start, start + rowBytes, -pitchBytes, pitchBytes, 0, du, dv, f, fk, dt, invH2);
        }
    }

    @Override
    public Optional<RowKernel> rowKernel(GrayScottParams p) {
        final double du = p.du(), dv = p.dv(), f = p.f(), fk = p.fPlusK(),
                dt = p.dt(), invH2 = p.invH2();
        return Optional.of((u, v, n, c, s, un, vn, out, nx) ->
                cells(u, v, un, vn, c, c + (long) nx * E, n - c, s - c, out - c, du, dv, f, fk, dt, invH2));
    }

    /** Cells at byte offsets [from, to) of u/v; north/south at o + dn / o + ds, output at o + dOut. */
    private static void cells(MemorySegment u, MemorySegment v, MemorySegment un, MemorySegment vn, long from, long to,
                              long dn, long ds, long dOut, double du, double dv, double f, double fk, double dt, double invH2) {
        for (long o = from; o < to; o += E) {
            double uc = u.get(JAVA_DOUBLE, o);
            double vc = v.get(JAVA_DOUBLE, o);
            double lapU = ((u.get(JAVA_DOUBLE, o + dn) + u.get(JAVA_DOUBLE, o + ds)) + (u.get(JAVA_DOUBLE, o - E) + u.get(JAVA_DOUBLE, o + E)) - 4.0 * uc) * invH2;
            double lapV = ((v.get(JAVA_DOUBLE, o + dn) + v.get(JAVA_DOUBLE, o + ds)) + (v.get(JAVA_DOUBLE, o - E) + v.get(JAVA_DOUBLE, o + E)) - 4.0 * vc) * invH2;
            double uvv = uc * vc * vc;
            un.set(JAVA_DOUBLE, o + dOut, uc + dt * ((du * lapU - uvv) + f * (1.0 - uc)));
            vn.set(JAVA_DOUBLE, o + dOut, vc + dt * ((dv * lapV + uvv) - fk * vc));
        }
    }

    @Override
    public Backend backend() {
        return Backend.SCALAR;
    }

    @Override
    public Precision precision() {
        return Precision.F64;
    }

    @Override
    public String description() {
        return "scalar f64";
    }
}
