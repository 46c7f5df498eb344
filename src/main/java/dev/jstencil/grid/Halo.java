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
        if (f.dims() == 2) {
            int y0 = from == 0 ? -g : from, y1 = to == f.ny() ? f.ny() + g : to;
            for (int y = y0; y < y1; y++) {
                fillRow(f, fieldIndex, y, 0);
            }
            return;
        }
        int z0 = from == 0 ? -g : from, z1 = to == f.nz() ? f.nz() + g : to;
        for (int z = z0; z < z1; z++) {
            for (int y = -g; y < f.ny() + g; y++) {
                fillRow(f, fieldIndex, y, z);
            }
        }
    }

    private void checkAxes(Field f) {
        if (axes.size() != f.dims()) {
            throw new IllegalArgumentException("boundaries for " + axes.size() + " axes cannot fill a " + f.dims() + "D field");
        }
    }

    /**
     * Fills the ghost cells of row (y, z), which may itself be a ghost row: a constant row if a
     * Dirichlet axis decides it, else the interior of the row it maps to plus its x ghosts.
     */
    private void fillRow(Field f, int field, int y, int z) {
        int g = f.ghost(), nx = f.nx();
        int sz = z, sy = y;
        if (f.dims() == 3 && (z < 0 || z >= f.nz())) {
            if (kind(2) == BoundaryKind.DIRICHLET) {
                fillCells(f, y, z, -g, nx + g, dirichlet[2][field]);
                return;
            }
            sz = map(z, f.nz(), kind(2));
        }
        if (y < 0 || y >= f.ny()) {
            if (kind(1) == BoundaryKind.DIRICHLET) {
                fillCells(f, y, z, -g, nx + g, dirichlet[1][field]);
                return;
            }
            sy = map(y, f.ny(), kind(1));
        }
        MemorySegment seg = f.segment();
        long e = f.precision().bytes();
        if (sy != y || sz != z) {
            MemorySegment.copy(seg, f.rowOffset(sy, sz), seg, f.rowOffset(y, z), nx * e);
        }
        fillGhostsX(f, field, seg, e, sy, sz, y, z);
    }

    /** The x ghosts of row (y, z) from interior row (sy, sz) (the same row unless (y, z) is a ghost row). */
    private void fillGhostsX(Field f, int field, MemorySegment seg, long e, int sy, int sz, int y, int z) {
        int g = f.ghost(), nx = f.nx();
        if (kind(0) == BoundaryKind.DIRICHLET) {
            fillCells(f, y, z, -g, 0, dirichlet[0][field]);
            fillCells(f, y, z, nx, nx + g, dirichlet[0][field]);
            return;
        }
        for (int d = 1; d <= g; d++) {
            copyCell(seg, f.offset(map(-d, nx, kind(0)), sy, sz), f.offset(-d, y, z), e);
            copyCell(seg, f.offset(map(nx - 1 + d, nx, kind(0)), sy, sz), f.offset(nx - 1 + d, y, z), e);
        }
    }

    /**
     * Only the x ghosts of row (y, z), from that row's own interior: for rows computed outside the
     * field's band structure, such as the scratch rows of two steps per sweep.
     */
    public void fillRowX(Field f, int fieldIndex, int y, int z) {
        fillGhostsX(f, fieldIndex, f.segment(), f.precision().bytes(), y, z, y, z);
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

    private static void copyCell(MemorySegment seg, long from, long to, long bytes) {
        if (bytes == Double.BYTES) {
            seg.set(ValueLayout.JAVA_LONG_UNALIGNED, to, seg.get(ValueLayout.JAVA_LONG_UNALIGNED, from));
        } else {
            seg.set(ValueLayout.JAVA_INT_UNALIGNED, to, seg.get(ValueLayout.JAVA_INT_UNALIGNED, from));
        }
    }

    /** The axes' boundaries, e.g. "periodic,neumann". */
    public String describe() {
        return new BoundarySpec(axes).toString();
    }
}
