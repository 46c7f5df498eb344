package dev.jstencil.kernel;

import java.lang.foreign.MemorySegment;

/**
 * One row of one step of a 2D model of radius 1, with every row named by its own byte offset: the
 * building block of {@link WavefrontSweep}, whose input rows are a band's neighbours or scratch rows,
 * not at fixed distances from each other as in a band.
 *
 * <p>Offsets are of interior cell x = 0 of a row laid out like a {@link dev.jstencil.grid.Field}
 * row (64-byte aligned, ghost cells on each side, padding up to the pitch); {@code in[f]} and
 * {@code out[f]} are the segments of model field f. The centre row's ghost cells must be filled. The
 * update reads cells x in [-1, nx] of the rows and writes x in [0, nx) of the output row, possibly
 * also its right ghost and padding up to the next 64-byte boundary, never its left ghost or another
 * row. {@code y} is the row's global index and {@code step} the step's (for positions and noise).
 */
@FunctionalInterface
public interface RowKernel {
    void update(MemorySegment[] in, long north, long centre, long south, MemorySegment[] out, long outOffset, int nx, int y,
                long step);
}
