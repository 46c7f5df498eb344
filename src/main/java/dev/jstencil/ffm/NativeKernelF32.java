package dev.jstencil.ffm;

import dev.jstencil.grid.Precision;
import dev.jstencil.model.GrayScottParams;
import java.lang.foreign.MemorySegment;

/** f32 Gray-Scott update by {@code jstencil_gs_band_f32} and {@code jstencil_gs_row_f32}; coefficients rounded to float as ScalarKernelF32 does. */
final class NativeKernelF32 extends NativeKernel {
    NativeKernelF32() {
        super(Precision.F32);
    }

    @Override
    void band(MemorySegment u, MemorySegment v, MemorySegment uNext, MemorySegment vNext, long pitch, int nx, int y0, int y1,
              GrayScottParams p) {
        jstencil_h.jstencil_gs_band_f32(u, v, uNext, vNext, pitch, nx, y0, y1,
                (float) p.du(), (float) p.dv(), (float) p.f(), (float) p.fPlusK(), (float) p.dt(), (float) p.invH2());
    }

    @Override
    void row(MemorySegment u, MemorySegment v, long north, long centre, long south, MemorySegment uNext, MemorySegment vNext,
             long out, int nx, GrayScottParams p) {
        jstencil_h.jstencil_gs_row_f32(u, v, north, centre, south, uNext, vNext, out, nx,
                (float) p.du(), (float) p.dv(), (float) p.f(), (float) p.fPlusK(), (float) p.dt(), (float) p.invH2());
    }
}
