package dev.jstencil.grid;

/**
 * Where fields lie in a bigger grid (one process's block of a grid several share, MPI): their cell
 * (x, y, z) is cell (x + x0, y + y0, z + z0) of {@code global}. Kernels and initial conditions compute
 * positions and noise counters from the global cell, so a block gives the bits of the whole grid.
 */
public record Placement(int x0, int y0, int z0, GridShape global) {
    public Placement {
        if (x0 < 0 || y0 < 0 || z0 < 0 || x0 >= global.nx() || y0 >= global.ny() || z0 >= global.nz()) {
            throw new IllegalArgumentException("offset (" + x0 + ", " + y0 + ", " + z0 + ") is outside grid " + global);
        }
    }

    /** Fields that are the whole grid {@code shape}. */
    public static Placement whole(GridShape shape) {
        return new Placement(0, 0, 0, shape);
    }

    /** The global index of local cell (x, y, z). */
    public long cellIndex(int x, int y, int z) {
        return global.cellIndex(x + x0, y + y0, z + z0);
    }

    /**
     * Refuses a block of shape {@code block} placed here unless it lies within the global grid: the
     * message names the block, its offset and the grid.
     */
    public void requireWithin(GridShape block) {
        if (block.dims() != global.dims() || x0 + block.nx() > global.nx() || y0 + block.ny() > global.ny()
                || z0 + block.nz() > global.nz()) {
            throw new IllegalArgumentException("block " + block + " at (" + x0 + ", " + y0 + ", " + z0 + ") is not within grid " + global);
        }
    }

    /** Whether global row y of plane z (0 in 2D) crosses a block of shape {@code block} placed here. */
    public boolean holdsRow(int y, int z, GridShape block) {
        return y >= y0 && y < y0 + block.ny() && z >= z0 && z < z0 + block.nz();
    }

    public boolean isOrigin() {
        return x0 == 0 && y0 == 0 && z0 == 0;
    }
}
