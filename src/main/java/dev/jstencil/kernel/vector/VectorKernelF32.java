package dev.jstencil.kernel.vector;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.model.GrayScottParams;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Optional;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * f32 kernel on {@code FloatVector}; the same code as {@link VectorKernelF64} with float lanes (the Vector API
 * has no generic element type that compiles to SIMD, so Lucene and the JDK write one class per type).
 *
 * <p>A band is swept as one long loop over the contiguous rows [y0, y1), straight through the ghost
 * columns and row padding between them, instead of one short loop per row: on JDK 25 short
 * segment loops pay their set-up cost every row (JDK-8342692), and measured here one loop is 6-13%
 * faster at 128-256 wide grids despite computing the padding too. What lands in the next buffer's
 * ghost and padding cells is never read: the halo step overwrites the ghosts before the next step,
 * and no interior cell reads padding. The loop stops at the band's last interior cell; a scalar
 * tail does the last partial vector. Centre loads are aligned (the interior starts on a cache line
 * and the pitch is a multiple of it); x±1 neighbours are plain unaligned loads, which beat
 * {@code slice()} shifts on JDK 25.
 */
final class VectorKernelF32 implements GrayScottKernel {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED.withShape(VectorWidth.shape());
    private static final int LANES = SPECIES.length();
    private static final long VBYTES = (long) LANES * Float.BYTES;
    private static final long E = Float.BYTES;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat D = ValueLayout.JAVA_FLOAT;

    @Override
    public void update(Field2D uf, Field2D vf, Field2D unf, Field2D vnf, GrayScottParams p, int y0, int y1) {
        final MemorySegment u = uf.segment(), v = vf.segment(), un = unf.segment(), vn = vnf.segment();
        final float du = (float) p.du(), dv = (float) p.dv(), f = (float) p.f(), fk = (float) p.fPlusK(),
                dt = (float) p.dt(), invH2 = (float) p.invH2();
        final long pitchBytes = (long) uf.pitch() * E;
        final long rowBytes = (long) uf.nx() * E;
        if (y0 >= y1) {
            return;
        }
        final long first = uf.rowOffset(y0);
        final long end = uf.rowOffset(y1 - 1) + rowBytes;
        final long vecEnd = first + (end - first) / VBYTES * VBYTES;
        long o = sweep(u, v, un, vn, first, vecEnd, -pitchBytes, pitchBytes, 0, coefficients(p));
        for (; o < end; o += E) { // scalar tail: same operation order as the vector body
            float uc = u.get(D, o), vc = v.get(D, o);
            float lapU = ((u.get(D, o - pitchBytes) + u.get(D, o + pitchBytes)) + (u.get(D, o - E) + u.get(D, o + E)) - 4.0f * uc) * invH2;
            float lapV = ((v.get(D, o - pitchBytes) + v.get(D, o + pitchBytes)) + (v.get(D, o - E) + v.get(D, o + E)) - 4.0f * vc) * invH2;
            float uvv = uc * vc * vc;
            un.set(D, o, uc + dt * ((du * lapU - uvv) + f * (1.0f - uc)));
            vn.set(D, o, vc + dt * ((dv * lapV + uvv) - fk * vc));
        }
    }

    @Override
    public Optional<RowKernel> rowKernel(GrayScottParams p) {
        final float[] k = coefficients(p);
        // No scalar tail: the row is computed up to the next vector boundary, inside the padding.
        return Optional.of((u, v, n, c, s, un, vn, out, nx) ->
                sweep(u, v, un, vn, c, c + ((long) nx * E + VBYTES - 1) / VBYTES * VBYTES, n - c, s - c, out - c, k));
    }

    /** Coefficients as whole vectors in an array, so C2 keeps them in registers (see LaneConstants). */
    private static float[] coefficients(GrayScottParams p) {
        return LaneConstants.of(LANES, (float) p.du(), (float) p.dv(), (float) p.f(), (float) p.fPlusK(), (float) p.dt(), (float) p.invH2(), 4.0f, 1.0f);
    }

    /**
     * Whole vectors at byte offsets [from, to) of u/v, one vector a step: north and south rows at
     * o + dn and o + ds, output at o + dOut. Returns where it stopped ({@code to} rounded up to a vector).
     */
    private static long sweep(MemorySegment u, MemorySegment v, MemorySegment un, MemorySegment vn, long from, long to,
                              long dn, long ds, long dOut, float[] k) {
        final FloatVector vDu = FloatVector.fromArray(SPECIES, k, 0), vDv = FloatVector.fromArray(SPECIES, k, LANES);
        final FloatVector vF = FloatVector.fromArray(SPECIES, k, 2 * LANES), vFk = FloatVector.fromArray(SPECIES, k, 3 * LANES);
        final FloatVector vDt = FloatVector.fromArray(SPECIES, k, 4 * LANES), vInvH2 = FloatVector.fromArray(SPECIES, k, 5 * LANES);
        final FloatVector four = FloatVector.fromArray(SPECIES, k, 6 * LANES), one = FloatVector.fromArray(SPECIES, k, 7 * LANES);
        long o = from;
        for (; o < to; o += VBYTES) {
            FloatVector uc = FloatVector.fromMemorySegment(SPECIES, u, o, NATIVE);
            FloatVector vc = FloatVector.fromMemorySegment(SPECIES, v, o, NATIVE);
            FloatVector lapU = FloatVector.fromMemorySegment(SPECIES, u, o + dn, NATIVE)
                    .add(FloatVector.fromMemorySegment(SPECIES, u, o + ds, NATIVE))
                    .add(FloatVector.fromMemorySegment(SPECIES, u, o - E, NATIVE)
                            .add(FloatVector.fromMemorySegment(SPECIES, u, o + E, NATIVE)))
                    .sub(four.mul(uc)).mul(vInvH2);
            FloatVector lapV = FloatVector.fromMemorySegment(SPECIES, v, o + dn, NATIVE)
                    .add(FloatVector.fromMemorySegment(SPECIES, v, o + ds, NATIVE))
                    .add(FloatVector.fromMemorySegment(SPECIES, v, o - E, NATIVE)
                            .add(FloatVector.fromMemorySegment(SPECIES, v, o + E, NATIVE)))
                    .sub(four.mul(vc)).mul(vInvH2);
            FloatVector uvv = uc.mul(vc).mul(vc);
            uc.add(vDt.mul(vDu.mul(lapU).sub(uvv).add(vF.mul(one.sub(uc))))).intoMemorySegment(un, o + dOut, NATIVE);
            vc.add(vDt.mul(vDv.mul(lapV).add(uvv).sub(vFk.mul(vc)))).intoMemorySegment(vn, o + dOut, NATIVE);
        }
        return o;
    }

    @Override
    public Backend backend() {
        return Backend.VECTOR;
    }

    @Override
    public Precision precision() {
        return Precision.F32;
    }

    @Override
    public String description() {
        return "vector f32 x" + LANES + " (" + SPECIES.vectorBitSize() + "-bit)";
    }
}
