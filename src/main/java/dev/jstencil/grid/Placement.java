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

    public boolean isOrigin() {
        return x0 == 0 && y0 == 0 && z0 == 0;
    }
}
