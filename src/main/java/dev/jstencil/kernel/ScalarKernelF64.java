package dev.jstencil.kernel;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.GrayScottParams;
import java.lang.foreign.MemorySegment;

/** Reference kernel, f64: one cell at a time, exactly the documented operation order. */
final class ScalarKernelF64 implements GrayScottKernel {
    @Override
    public void update(Field2D uf, Field2D vf, Field2D unf, Field2D vnf, GrayScottParams p, int y0, int y1) {
        final MemorySegment u = uf.segment(), v = vf.segment(), un = unf.segment(), vn = vnf.segment();
        final double du = p.du(), dv = p.dv(), f = p.f(), fk = p.fPlusK(), dt = p.dt(), invH2 = p.invH2();
        final long pitchBytes = (long) uf.pitch() * Double.BYTES;
        final long rowBytes = (long) uf.nx() * Double.BYTES;
        for (int y = y0; y < y1; y++) {
            final long start = uf.rowOffset(y);
            final long end = start + rowBytes;
            for (long o = start; o < end; o += Double.BYTES) {
                double uc = u.get(JAVA_DOUBLE, o);
                double vc = v.get(JAVA_DOUBLE, o);
                double lapU = ((u.get(JAVA_DOUBLE, o - pitchBytes) + u.get(JAVA_DOUBLE, o + pitchBytes))
                        + (u.get(JAVA_DOUBLE, o - Double.BYTES) + u.get(JAVA_DOUBLE, o + Double.BYTES)) - 4.0 * uc) * invH2;
                double lapV = ((v.get(JAVA_DOUBLE, o - pitchBytes) + v.get(JAVA_DOUBLE, o + pitchBytes))
                        + (v.get(JAVA_DOUBLE, o - Double.BYTES) + v.get(JAVA_DOUBLE, o + Double.BYTES)) - 4.0 * vc) * invH2;
                double uvv = uc * vc * vc;
                un.set(JAVA_DOUBLE, o, uc + dt * ((du * lapU - uvv) + f * (1.0 - uc)));
                vn.set(JAVA_DOUBLE, o, vc + dt * ((dv * lapV + uvv) - fk * vc));
            }
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
