package dev.jstencil.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.GrayScottParams;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/** Reference kernel, f32: one cell at a time, exactly the documented operation order. */
final class ScalarKernelF32 implements GrayScottKernel {
    private static final long E = Float.BYTES;

    @Override
    public void update(Field2D uf, Field2D vf, Field2D unf, Field2D vnf, GrayScottParams p, int y0, int y1) {
        final MemorySegment u = uf.segment(), v = vf.segment(), un = unf.segment(), vn = vnf.segment();
        final float du = (float) p.du(), dv = (float) p.dv(), f = (float) p.f(), fk = (float) p.fPlusK(),
                dt = (float) p.dt(), invH2 = (float) p.invH2();
        final long pitchBytes = (long) uf.pitch() * E;
        final long rowBytes = (long) uf.nx() * E;
        for (int y = y0; y < y1; y++) {
            final long start = uf.rowOffset(y);
            cells(u, v, un, vn, start, start + rowBytes, -pitchBytes, pitchBytes, 0, du, dv, f, fk, dt, invH2);
        }
    }

    @Override
    public Optional<RowKernel> rowKernel(GrayScottParams p) {
        final float du = (float) p.du(), dv = (float) p.dv(), f = (float) p.f(), fk = (float) p.fPlusK(),
                dt = (float) p.dt(), invH2 = (float) p.invH2();
        return Optional.of((u, v, n, c, s, un, vn, out, nx) ->
                cells(u, v, un, vn, c, c + (long) nx * E, n - c, s - c, out - c, du, dv, f, fk, dt, invH2));
    }

    /** Cells at byte offsets [from, to) of u/v; north/south at o + dn / o + ds, output at o + dOut. */
    private static void cells(MemorySegment u, MemorySegment v, MemorySegment un, MemorySegment vn, long from, long to,
                              long dn, long ds, long dOut, float du, float dv, float f, float fk, float dt, float invH2) {
        for (long o = from; o < to; o += E) {
            float uc = u.get(JAVA_FLOAT, o);
            float vc = v.get(JAVA_FLOAT, o);
            float lapU = ((u.get(JAVA_FLOAT, o + dn) + u.get(JAVA_FLOAT, o + ds)) + (u.get(JAVA_FLOAT, o - E) + u.get(JAVA_FLOAT, o + E)) - 4.0f * uc) * invH2;
            float lapV = ((v.get(JAVA_FLOAT, o + dn) + v.get(JAVA_FLOAT, o + ds)) + (v.get(JAVA_FLOAT, o - E) + v.get(JAVA_FLOAT, o + E)) - 4.0f * vc) * invH2;
            float uvv = uc * vc * vc;
            un.set(JAVA_FLOAT, o + dOut, uc + dt * ((du * lapU - uvv) + f * (1.0f - uc)));
            vn.set(JAVA_FLOAT, o + dOut, vc + dt * ((dv * lapV + uvv) - fk * vc));
        }
    }

    @Override
    public Backend backend() {
        return Backend.SCALAR;
    }

    @Override
    public Precision precision() {
        return Precision.F32;
    }

    @Override
    public String description() {
        return "scalar f32";
    }
}
