package dev.jstencil.kernel;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.GrayScottParams;
import java.lang.foreign.MemorySegment;

/** Reference kernel, f32: one cell at a time, exactly the documented operation order. */
final class ScalarKernelF32 implements GrayScottKernel {
    @Override
    public void update(Field2D uf, Field2D vf, Field2D unf, Field2D vnf, GrayScottParams p, int y0, int y1) {
        final MemorySegment u = uf.segment(), v = vf.segment(), un = unf.segment(), vn = vnf.segment();
        final float du = (float) p.du(), dv = (float) p.dv(), f = (float) p.f(), fk = (float) p.fPlusK(),
                dt = (float) p.dt(), invH2 = (float) p.invH2();
        final long pitchBytes = (long) uf.pitch() * Float.BYTES;
        final long rowBytes = (long) uf.nx() * Float.BYTES;
        for (int y = y0; y < y1; y++) {
            final long start = uf.rowOffset(y);
            final long end = start + rowBytes;
            for (long o = start; o < end; o += Float.BYTES) {
                float uc = u.get(JAVA_FLOAT, o);
                float vc = v.get(JAVA_FLOAT, o);
                float lapU = ((u.get(JAVA_FLOAT, o - pitchBytes) + u.get(JAVA_FLOAT, o + pitchBytes))
                        + (u.get(JAVA_FLOAT, o - Float.BYTES) + u.get(JAVA_FLOAT, o + Float.BYTES)) - 4.0f * uc) * invH2;
                float lapV = ((v.get(JAVA_FLOAT, o - pitchBytes) + v.get(JAVA_FLOAT, o + pitchBytes))
                        + (v.get(JAVA_FLOAT, o - Float.BYTES) + v.get(JAVA_FLOAT, o + Float.BYTES)) - 4.0f * vc) * invH2;
                float uvv = uc * vc * vc;
                un.set(JAVA_FLOAT, o, uc + dt * ((du * lapU - uvv) + f * (1.0f - uc)));
                vn.set(JAVA_FLOAT, o, vc + dt * ((dv * lapV + uvv) - fk * vc));
            }
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
