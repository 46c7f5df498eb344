package dev.jstencil.kernel.vector;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.model.GrayScottParams;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * f64 kernel on {@code DoubleVector}: full vectors along each row (centre loads are aligned because
 * the interior starts on a cache line; the x±1 and y±1 neighbours are plain unaligned loads, which
 * beat {@code slice()} shifts on JDK 25), then a scalar tail for the last nx % lanes cells.
 */
final class VectorKernelF64 implements GrayScottKernel {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED.withShape(VectorWidth.shape());
    private static final int LANES = SPECIES.length();
    private static final long VBYTES = (long) LANES * Double.BYTES;
    private static final long E = Double.BYTES;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    @Override
    public void update(Field2D uf, Field2D vf, Field2D unf, Field2D vnf, GrayScottParams p, int y0, int y1) {
        final MemorySegment u = uf.segment(), v = vf.segment(), un = unf.segment(), vn = vnf.segment();
        final double du = p.du(), dv = p.dv(), f = p.f(), fk = p.fPlusK(), dt = p.dt(), invH2 = p.invH2();
        final long pitchBytes = (long) uf.pitch() * E;
        final long rowBytes = (long) uf.nx() * E;
        final long vecBytes = rowBytes - rowBytes % VBYTES;
        final DoubleVector vDu = DoubleVector.broadcast(SPECIES, du), vDv = DoubleVector.broadcast(SPECIES, dv);
        final DoubleVector vF = DoubleVector.broadcast(SPECIES, f), vFk = DoubleVector.broadcast(SPECIES, fk);
        final DoubleVector vDt = DoubleVector.broadcast(SPECIES, dt), vInvH2 = DoubleVector.broadcast(SPECIES, invH2);
        final DoubleVector four = DoubleVector.broadcast(SPECIES, 4.0), one = DoubleVector.broadcast(SPECIES, 1.0);
        for (int y = y0; y < y1; y++) {
            final long start = uf.rowOffset(y);
            final long vecEnd = start + vecBytes;
            final long end = start + rowBytes;
            long o = start;
            for (; o < vecEnd; o += VBYTES) {
                DoubleVector uc = DoubleVector.fromMemorySegment(SPECIES, u, o, NATIVE);
                DoubleVector vc = DoubleVector.fromMemorySegment(SPECIES, v, o, NATIVE);
                DoubleVector lapU = DoubleVector.fromMemorySegment(SPECIES, u, o - pitchBytes, NATIVE)
                        .add(DoubleVector.fromMemorySegment(SPECIES, u, o + pitchBytes, NATIVE))
                        .add(DoubleVector.fromMemorySegment(SPECIES, u, o - E, NATIVE)
                                .add(DoubleVector.fromMemorySegment(SPECIES, u, o + E, NATIVE)))
                        .sub(four.mul(uc)).mul(vInvH2);
                DoubleVector lapV = DoubleVector.fromMemorySegment(SPECIES, v, o - pitchBytes, NATIVE)
                        .add(DoubleVector.fromMemorySegment(SPECIES, v, o + pitchBytes, NATIVE))
                        .add(DoubleVector.fromMemorySegment(SPECIES, v, o - E, NATIVE)
                                .add(DoubleVector.fromMemorySegment(SPECIES, v, o + E, NATIVE)))
                        .sub(four.mul(vc)).mul(vInvH2);
                DoubleVector uvv = uc.mul(vc).mul(vc);
                uc.add(vDt.mul(vDu.mul(lapU).sub(uvv).add(vF.mul(one.sub(uc))))).intoMemorySegment(un, o, NATIVE);
                vc.add(vDt.mul(vDv.mul(lapV).add(uvv).sub(vFk.mul(vc)))).intoMemorySegment(vn, o, NATIVE);
            }
            for (; o < end; o += E) { // scalar tail: same operation order as the vector body
                double uc = u.get(D, o), vc = v.get(D, o);
                double lapU = ((u.get(D, o - pitchBytes) + u.get(D, o + pitchBytes)) + (u.get(D, o - E) + u.get(D, o + E)) - 4.0 * uc) * invH2;
                double lapV = ((v.get(D, o - pitchBytes) + v.get(D, o + pitchBytes)) + (v.get(D, o - E) + v.get(D, o + E)) - 4.0 * vc) * invH2;
                double uvv = uc * vc * vc;
                un.set(D, o, uc + dt * ((du * lapU - uvv) + f * (1.0 - uc)));
                vn.set(D, o, vc + dt * ((dv * lapV + uvv) - fk * vc));
            }
        }
    }

    @Override
    public Backend backend() {
        return Backend.VECTOR;
    }

    @Override
    public Precision precision() {
        return Precision.F64;
    }

    @Override
    public String description() {
        return "vector f64 x" + LANES + " (" + SPECIES.vectorBitSize() + "-bit)";
    }
}
