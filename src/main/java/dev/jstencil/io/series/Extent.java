package dev.jstencil.io.series;

import dev.jstencil.grid.GridShape;

/**
 * The points of a VTK image a file holds: {@code [x0, x0 + nx) x [y0, y0 + ny) x [z0, z0 + nz)} of the whole
 * grid's point indices ({@code z0 = 0, nz = 1} in 2D). VTK writes it as the inclusive "x0 x1 y0 y1 z0 z1".
 */
public record Extent(int x0, int nx, int y0, int ny, int z0, int nz) {
    public Extent {
        if (x0 < 0 || y0 < 0 || z0 < 0 || nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("extent at (" + x0 + ", " + y0 + ", " + z0 + ") of " + nx + "x" + ny + "x" + nz
                    + " points is not allowed: offsets >= 0, counts >= 1");
        }
    }

    /** Every point of {@code shape}. */
    public static Extent whole(GridShape shape) {
        return new Extent(0, shape.nx(), 0, shape.ny(), 0, shape.nz());
    }

    /**
     * The piece of the block of cells {@code [offset, offset + count)} (per axis, x first; z absent in 2D) of
     * {@code global}: one point further along each axis where another block follows inside the grid. VTK's point
     * data pieces must share their boundary points, else ParaView draws a gap of one cell between them; the
     * extra point is the block's ghost cell, which holds the next block's first value (not across a periodic wrap:
     * the last block along an axis ends where the grid does).
     */
    public static Extent piece(int[] offset, int[] count, GridShape global) {
        if (offset.length != global.dims() || count.length != global.dims()) {
            throw new IllegalArgumentException("a block of a " + global.dims() + "D grid needs " + global.dims() + " offsets and counts, not "
                    + offset.length + " and " + count.length);
        }
        int[] o = {0, 0, 0}, n = {1, 1, 1};
        for (int a = 0; a < global.dims(); a++) {
            if (offset[a] < 0 || count[a] < 1 || offset[a] + count[a] > global.size(a)) {
                throw new IllegalArgumentException("block cells [" + offset[a] + ", " + (offset[a] + count[a]) + ") along axis " + a
                        + " are not within grid " + global);
            }
            o[a] = offset[a];
            n[a] = count[a] + (offset[a] + count[a] < global.size(a) ? 1 : 0);
        }
        return new Extent(o[0], n[0], o[1], n[1], o[2], n[2]);
    }

    /** Points along axis 0 (x), 1 (y) or 2 (z). */
    public int count(int axis) {
        return switch (axis) {
            case 0 -> nx;
            case 1 -> ny;
            case 2 -> nz;
            default -> throw new IllegalArgumentException("axis " + axis);
        };
    }

    public long points() {
        return (long) nx * ny * nz;
    }

    /** VTK's "x0 x1 y0 y1 z0 z1", last indices included. */
    @Override
    public String toString() {
        return x0 + " " + (x0 + nx - 1) + " " + y0 + " " + (y0 + ny - 1) + " " + z0 + " " + (z0 + nz - 1);
    }
}
