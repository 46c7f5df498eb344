package dev.jstencil.kernel.vector;

import java.lang.foreign.MemorySegment;

/**
 * What a generated kernel class implements ({@link dev.jstencil.codegen.VectorSweepGenerator}
 * documents the arguments): whole vectors of cells at byte offsets [from, to) of {@code in} into
 * offset + dOut of {@code out}.
 */
public interface VectorSweep {
    void sweep(MemorySegment[] in, MemorySegment[] out, long from, long to, long dOut, long[] rowDeltas, Object[] tables,
               long cell0, long x0, long iy, long iz);
}
