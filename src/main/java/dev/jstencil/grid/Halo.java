package dev.jstencil.grid;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Objects;

/**
 * The halo step: fills the ghost layer of a field from its interior, per axis, by each axis's
 * {@link AxisBoundary}. It is run before the kernel at every step.
 *
 * <p>Semantics: axis by axis, x, then y, then z, each filling its ghosts from what the previous axes
 * left, so edge and corner ghosts are consistent for stencils that read diagonals. Equivalently, a
 * ghost cell's value is found walking the axes from the last (z) to the first (x): on the first axis
 * where the cell is a ghost and the boundary is Dirichlet, the value is that axis's V; on a periodic
 * or Neumann axis the coordinate maps into the interior (wrap-around, or the nearest interior cell)
 * and the walk goes on; a cell mapped on every axis takes that interior cell's value. This class
 * computes every ghost that way, reading interior cells only.
 *
 * <p>That is what lets bands fill their halos concurrently, without a barrier between axes: a band
 * (rows [from, to) in 2D, planes in 3D) fills only the ghosts of its own rows or planes, and the first
 * and last bands the ghost rows or planes beyond the grid's ends; it reads interior cells only,
 * which no one writes during the halo step. (A distributed run, where the ghosts of an internal face
 * come from another process, will fill those faces by exchange, axis by axis.)
 */
public final class Halo {
    private final List<AxisBoundary> axes;
    /** dirichlet[axis][field]: the value ghost cells hold on a Dirichlet axis. */
    private final double[][] dirichlet;

    /**
     * @param axes one boundary per axis of the grid, x first
     * @param fieldDirichlet each field's own Dirichlet value, used where an axis gives none
     */
    public Halo(List<AxisBoundary> axes, List<Double> fieldDirichlet) {
        this.axes = List.copyOf(axes);
        Objects.requireNonNull(fieldDirichlet, "fieldDirichlet");
        this.dirichlet = new double[axes.size()][fieldDirichlet.size()];
        for (int a = 0; a < axes.size(); a++) {
            for (int f = 0; f < fieldDirichlet.size(); f++) {
                Double v = axes.get(a).value();
                dirichlet[a][f] = v != null ? v : fieldDirichlet.get(f);
            }
        }
    }

    /** Periodic on every axis of a {@code dims}-dimensional grid, for {@code fields} fields. */
    public static Halo periodic(int dims, int fields) {
        return new Halo(java.util.Collections.nCopies(dims, AxisBoundary.PERIODIC), java.util.Collections.nCopies(fields, 0.0));
    }

    public List<AxisBoundary> axes() {
        return axes;
    }

    public BoundaryKind kind(int axis) {
        return axes.get(axis).kind();
    }

    /** The value of field {@code field}'s ghost cells on Dirichlet axis {@code axis}. */
    public double dirichletValue(int axis, int field) {
        return dirichlet[axis][field];
    }

    /** Fills the whole ghost layer of every field, {@code fields[i]} being field number i. */
    public void fill(Field[] fields) {
        for (int f = 0; f < fields.length; f++) {
            fill(fields[f], f);
        }
    }

    /** Fills the whole ghost layer of field number {@code fieldIndex}. */
    public void fill(Field f, int fieldIndex) {
        fill(f, fieldIndex, 0, f.dims() == 3 ? f.nz() : f.ny());
    }

    /**
     * Fills the ghosts that belong to band [from, to) of field number {@code fieldIndex}: rows in 2D,
     * planes in 3D (see the class comment).
     */
    public void fill(Field f, int fieldIndex, int from, int to) {
        checkAxes(f);
        int n = f.dims() == 3 ? f.nz() : f.ny();
        if (from < 0 || to < from || to > n) {
            throw new IllegalArgumentException("band [" + from + ", " + to + ") is not within the " + n + (f.dims() == 3 ? " planes" : " rows")
                    + " of field " + f.describe());
        }
        int g = f.ghost();
        Rows rows = new Rows(f, fieldIndex);
        if (f.dims() == 2) {
            rows.interiorRows(from, to, 0);
            rows.ghostRows(from == 0, to == f.ny(), 0);
            return;
        }
        for (int z = from; z < to; z++) {
            rows.interiorRows(0, f.ny(), z);
            rows.ghostRows(true, true, z);
        }
        for (int z = from == 0 ? -g : f.nz(); z < (from == 0 ? 0 : f.nz()); z++) {
            rows.wholePlane(z);
        }
        for (int z = to == f.nz() ? f.nz() : 0; z < (to == f.nz() ? f.nz() + g : 0); z++) {
            rows.wholePlane(z);
        }
    }

    private void checkAxes(Field f) {
        if (axes.size() != f.dims()) {
            throw new IllegalArgumentException("boundaries for " + axes.size() + " axes cannot fill a " + f.dims() + "D field");
        }
    }

    /**
     * Fills rows of one field: where each x ghost comes from is worked out once, so a row costs a few
     * loads and stores (the halo step runs every step, for every row of every field).
     */
    private final class Rows {
        private final Field f;
        private final int field;
        private final MemorySegment seg;
        private final long e;
        private final boolean f64;
        private final int g, nx;
        private final long[] leftSource, rightSource; // byte offsets from a row's cell 0, for ghost d = 1..g
        private final BoundaryKind kindX, kindY, kindZ;

        Rows(Field f, int field) {
            this.kindX = kind(0);
            this.kindY = kind(1);
            this.kindZ = f.dims() == 3 ? kind(2) : BoundaryKind.PERIODIC;
            this.f = f;
            this.field = field;
            this.seg = f.segment();
            this.e = f.precision().bytes();
            this.f64 = f.precision() == Precision.F64;
            this.g = f.ghost();
            this.nx = f.nx();
            leftSource = new long[g];
            rightSource = new long[g];
            if (kindX != BoundaryKind.DIRICHLET) {
                for (int d = 1; d <= g; d++) {
                    leftSource[d - 1] = map(-d, nx, kindX) * e;
                    rightSource[d - 1] = map(nx - 1 + d, nx, kindX) * e;
                }
            }
        }

        /** The x ghosts of interior rows [y0, y1) of plane z (the bulk of every halo step). */
        void interiorRows(int y0, int y1, int z) {
            long row = f.rowOffset(y0, z), pitch = f.rowBytes();
            for (int y = y0; y < y1; y++, row += pitch) {
                ghostsX(row, row);
            }
        }

        /** The ghost rows of plane z below row 0 and (or) above row ny-1. */
        void ghostRows(boolean below, boolean above, int z) {
            if (below) {
                for (int y = -g; y < 0; y++) {
                    fill(y, z);
                }
            }
            if (above) {
                for (int y = f.ny(); y < f.ny() + g; y++) {
                    fill(y, z);
                }
            }
        }

        /** Every row of ghost plane z. */
        void wholePlane(int z) {
            for (int y = -g; y < f.ny() + g; y++) {
                fill(y, z);
            }
        }

        /**
         * The ghost cells of row (y, z), which may itself be a ghost row: a constant row if a
         * Dirichlet axis decides it, else the interior of the row it maps to plus its x ghosts.
         */
        void fill(int y, int z) {
            int sz = z, sy = y;
            if (f.dims() == 3 && (z < 0 || z >= f.nz())) {
                if (kindZ == BoundaryKind.DIRICHLET) {
                    fillCells(f, y, z, -g, nx + g, dirichlet[2][field]);
                    return;
                }
                sz = map(z, f.nz(), kindZ);
            }
            if (y < 0 || y >= f.ny()) {
                if (kindY == BoundaryKind.DIRICHLET) {
                    fillCells(f, y, z, -g, nx + g, dirichlet[1][field]);
                    return;
                }
                sy = map(y, f.ny(), kindY);
            }
            long row = f.rowOffset(y, z), source = row;
            if (sy != y || sz != z) {
                source = f.rowOffset(sy, sz);
                copyRow(source, row, nx * e);
            }
            ghostsX(row, source);
        }

        /**
         * A row's interior, 8 bytes at a time: rows are short (a few hundred bytes), and for them
         * MemorySegment.copy's bulk path cost a fifth of a 48^3 Gray-Scott step (JFR, 1 thread).
         */
        private void copyRow(long from, long to, long bytes) {
            long words = bytes & ~7L;
            for (long i = 0; i < words; i += 8) {
                seg.set(ValueLayout.JAVA_LONG_UNALIGNED, to + i, seg.get(ValueLayout.JAVA_LONG_UNALIGNED, from + i));
            }
            if (words < bytes) {
                seg.set(ValueLayout.JAVA_INT_UNALIGNED, to + words, seg.get(ValueLayout.JAVA_INT_UNALIGNED, from + words));
            }
        }

        /** The x ghosts of the row at byte {@code row}, from the interior row at byte {@code source}. */
        void ghostsX(long row, long source) {
            if (kindX == BoundaryKind.DIRICHLET) {
                double v = dirichlet[0][field];
                for (int d = 1; d <= g; d++) {
                    set(row - d * e, v);
                    set(row + (nx - 1 + d) * e, v);
                }
                return;
            }
            for (int d = 0; d < g; d++) {
                copy(source + leftSource[d], row - (d + 1) * e);
                copy(source + rightSource[d], row + (nx + d) * e);
            }
        }

        private void copy(long from, long to) {
            if (f64) {
                seg.set(ValueLayout.JAVA_DOUBLE, to, seg.get(ValueLayout.JAVA_DOUBLE, from));
            } else {
                seg.set(ValueLayout.JAVA_FLOAT, to, seg.get(ValueLayout.JAVA_FLOAT, from));
            }
        }

        private void set(long at, double v) {
            if (f64) {
                seg.set(ValueLayout.JAVA_DOUBLE, at, v);
            } else {
                seg.set(ValueLayout.JAVA_FLOAT, at, (float) v);
            }
        }
    }

    /**
     * Only the x ghosts of row (y, z), from that row's own interior: for rows computed outside the
     * field's band structure, such as the scratch rows of two steps per sweep.
     */
    public void fillRowX(Field f, int fieldIndex, int y, int z) {
        long row = f.rowOffset(y, z);
        new Rows(f, fieldIndex).ghostsX(row, row);
    }

    /**
     * Only the x and y ghosts of plane z of a 3D field (its ghost rows included), from that plane's own
     * interior: for planes computed outside the field's band structure, such as the scratch planes of
     * several steps per sweep.
     */
    public void fillPlane(Field f, int fieldIndex, int z) {
        checkAxes(f);
        Rows rows = new Rows(f, fieldIndex);
        rows.interiorRows(0, f.ny(), z);
        rows.ghostRows(true, true, z);
    }

    /** The interior coordinate a ghost coordinate {@code c} (outside [0, n)) reads on a periodic or Neumann axis. */
    static int map(int c, int n, BoundaryKind kind) {
        return switch (kind) {
            case PERIODIC -> Math.floorMod(c, n);
            case NEUMANN -> c < 0 ? 0 : n - 1;
            case DIRICHLET -> throw new IllegalArgumentException("a Dirichlet ghost has a value, not a source cell");
        };
    }

    private static void fillCells(Field f, int y, int z, int x0, int x1, double value) {
        MemorySegment seg = f.segment();
        if (f.precision() == Precision.F64) {
            for (int x = x0; x < x1; x++) {
                seg.set(ValueLayout.JAVA_DOUBLE, f.offset(x, y, z), value);
            }
        } else {
            float v = (float) value;
            for (int x = x0; x < x1; x++) {
                seg.set(ValueLayout.JAVA_FLOAT, f.offset(x, y, z), v);
            }
        }
    }

    /** The axes' boundaries, e.g. "periodic,neumann". */
    public String describe() {
        return new BoundarySpec(axes).toString();
    }
}
