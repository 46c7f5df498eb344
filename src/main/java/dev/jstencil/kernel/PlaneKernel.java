package dev.jstencil.kernel;

import java.lang.foreign.MemorySegment;

/**
 * One plane of one step of a 3D model of radius 1, with the plane and its two z neighbours each named by
 * its own byte offset: the building block of {@link WavefrontSweep} in 3D, whose input planes are a
 * slab's neighbours or scratch planes, not at fixed distances from each other as in a slab.
 *
 * <p>Offsets are of interior cell (0, 0) of a plane laid out like a plane of the {@link dev.jstencil.grid.Field}
 * the kernel was made for (same rows, pitch and ghost width; rows y-1 and y+1 of a plane are one row pitch
 * away). {@code in[f]} and {@code out[f]} are the segments of model field f. The centre plane's ghost
 * cells (x and y) must be filled. The update writes cells (x, y) in [0, nx) x [0, ny) of the output plane,
 * possibly also row padding and ghosts up to the next 64-byte boundary after each row, never another
 * plane. {@code z} is the plane's global index and {@code step} the step's (for positions and noise).
 */
@FunctionalInterface
public interface PlaneKernel {
    void update(MemorySegment[] in, long below, long centre, long above, MemorySegment[] out, long outOffset, int z, long step);
}
