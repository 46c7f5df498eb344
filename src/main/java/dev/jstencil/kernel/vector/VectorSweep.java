package dev.jstencil.kernel.vector;

import java.lang.foreign.MemorySegment;

/**
 * What a generated kernel class implements ({@link dev.jstencil.codegen.VectorSweepGenerator}
 * documents the arguments): for r in [0, count), whole vectors of cells at byte offsets [from +
 * r*stride, from + r*stride + length) of {@code in} into offset + dOut of {@code out}; the rest says
 * where stretch r is, for models that read positions or noise.
 */
public interface VectorSweep {
    void sweep(MemorySegment[] in, MemorySegment[] out, long from, long length, long stride, long count, long dOut,
               long[] rowDeltas, Object[] tables, long cell0, long cellsPerStride, long iy0, long iz0, long vectorsPerRow, long nx);
}
