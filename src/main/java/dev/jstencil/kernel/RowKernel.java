package dev.jstencil.kernel;

import java.lang.foreign.MemorySegment;

/**
 * One row of one Gray-Scott step, with every row named by its own byte offset: the building block
 * of {@link TwoStepSweep}, whose input rows wrap around the grid and whose intermediate rows live in
 * a small scratch field, so they are not at fixed distances from each other as in a band.
 *
 * <p>Offsets are of interior cell x = 0 of a row laid out like a {@link dev.jstencil.grid.Field2D}
 * row (64-byte aligned, a ghost cell on each side, padding up to the pitch). The centre row's ghost
 * cells must be filled. The update reads cells x in [-1, nx] of the centre row and [0, nx) of the
 * others (vector kernels read and compute up to the next 64-byte boundary, inside the padding), and
 * writes x in [0, nx) of the output row, possibly also its right ghost and padding up to that
 * boundary, never its left ghost or another row. Same operation order as {@link GrayScottKernel}.
 */
@FunctionalInterface
public interface RowKernel {
    void update(MemorySegment u, MemorySegment v, long north, long centre, long south,
                MemorySegment uNext, MemorySegment vNext, long out, int nx);
}
