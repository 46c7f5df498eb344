package dev.jstencil.ffm;

import dev.jstencil.grid.Precision;
import dev.jstencil.model.GrayScottParams;
import java.lang.foreign.MemorySegment;

/** f64 Gray-Scott update by {@code jstencil_gs_band_f64} and {@code jstencil_gs_row_f64}. */
final class NativeKernelF64 extends NativeKernel {
    NativeKernelF64() {
        super(Precision.F64);
    }

    @Override
    void band(MemorySegment u, MemorySegment v, MemorySegment uNext, MemorySegment vNext, long pitch, int nx, int y0, int y1,
              GrayScottParams p) {
        jstencil_h.jstencil_gs_band_f64(u, v, uNext, vNext, pitch, nx, y0, y1,
                p.du(), p.dv(), p.f(), p.fPlusK(), p.dt(), p.invH2());
    }

    @Override
    void row(MemorySegment u, MemorySegment v, long north, long centre, long south, MemorySegment uNext, MemorySegment vNext,
             long out, int nx, GrayScottParams p) {
        jstencil_h.jstencil_gs_row_f64(u, v, north, centre, south, uNext, vNext, out, nx,
                p.du(), p.dv(), p.f(), p.fPlusK(), p.dt(), p.invH2());
    }
}
