package dev.jstencil.grid;

/**
 * The interior size of a grid: nx by ny in 2D (nz = 1), nx by ny by nz in 3D; x is the fastest axis.
 */
public record GridShape(int nx, int ny, int nz, int dims) {
    /** Cells a field may hold: its element indices must fit a long with room to spare. */
    public static final long MAX_CELLS = 1L << 34;

    public GridShape {
        if (dims != 2 && dims != 3) {
            throw new IllegalArgumentException("a grid is 2D or 3D, not " + dims + "D");
        }
        if (nx < 1 || ny < 1 || nz < 1 || (dims == 2 && nz != 1)) {
            throw new IllegalArgumentException("grid " + describe(nx, ny, nz, dims) + " is not allowed: sizes must be >= 1"
                    + (dims == 2 ? " and nz = 1 in 2D" : ""));
        }
        if ((double) nx * ny * nz > MAX_CELLS) {
            throw new IllegalArgumentException("grid " + describe(nx, ny, nz, dims) + " has too many cells (at most 2^34)");
        }
    }

    public static GridShape of2d(int nx, int ny) {
        return new GridShape(nx, ny, 1, 2);
    }

    public static GridShape of3d(int nx, int ny, int nz) {
        return new GridShape(nx, ny, nz, 3);
    }

    /** Sizes x first: two numbers for 2D, three for 3D. */
    public static GridShape of(int... sizes) {
        return switch (sizes.length) {
            case 2 -> of2d(sizes[0], sizes[1]);
            case 3 -> of3d(sizes[0], sizes[1], sizes[2]);
            default -> throw new IllegalArgumentException("a grid has 2 or 3 sizes, not " + sizes.length);
        };
    }

    public long cells() {
        return (long) nx * ny * nz;
    }

    /** The size along axis 0 (x), 1 (y) or 2 (z). */
    public int size(int axis) {
        return switch (axis) {
            case 0 -> nx;
            case 1 -> ny;
            case 2 -> nz;
            default -> throw new IllegalArgumentException("axis " + axis);
        };
    }

    /** Rows (2D) or planes (3D): what the engine splits into bands. */
    public int bandAxisSize() {
        return dims == 2 ? ny : nz;
    }

    /** The global index (iz*ny + iy)*nx + ix of a cell. */
    public long cellIndex(int ix, int iy, int iz) {
        return ((long) iz * ny + iy) * nx + ix;
    }

    private static String describe(int nx, int ny, int nz, int dims) {
        return dims == 3 ? nx + "x" + ny + "x" + nz : nx + "x" + ny;
    }

    @Override
    public String toString() {
        return describe(nx, ny, nz, dims);
    }
}
