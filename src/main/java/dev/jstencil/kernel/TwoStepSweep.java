package dev.jstencil.kernel;

import dev.jstencil.grid.BoundaryKind;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Halo;
import dev.jstencil.grid.Precision;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Two time steps in one sweep over a band of a 2D model of radius 1 (temporal blocking).
 *
 * <p>Why: once the fields no longer fit in cache, a step is limited by memory traffic (Gray-Scott
 * in f64: read u and v, write u' and v', and the write-allocate reads of u' and v', about 48 bytes
 * per cell). Here the intermediate step t+1 never goes to memory: it lives in a three-row ring of
 * scratch rows per field, so each pair of steps moves the fields once, halving the traffic per step.
 *
 * <p>How: for r = y0-1 .. y1, step t+1 of row r goes into the ring from rows r-1, r, r+1 of step t,
 * then step t+2 of row r-1 from the ring. Rows y0-1 and y1 of step t+1 are computed by both adjacent
 * bands, which keeps bands independent within the sweep; they read the neighbours' edge rows, whose
 * ghost cells the halo step must have filled (the phase before the sweep, with a barrier between).
 * Beyond the grid's ends, row -1 and row ny of step t+1 follow the y boundary: periodic rows are
 * computed from the wrapped rows, Neumann rows copy the ring's edge row, Dirichlet rows hold the
 * value; each ring row's x ghosts follow the x boundary. Each cell sees exactly the operations of
 * two single steps, so the results are bit-identical to them.
 *
 * <p>One instance per band and thread at a time: the ring is its scratch space.
 */
public final class TwoStepSweep {
    private static final int RING = 3;
    private final RowKernel rows;
    private final Halo halo;
    private final Field[] ring;
    private final MemorySegment[] ringSegments;

    /**
     * Allocates the ring (three rows of {@code nx} cells per field) in {@code arena}, which must be of
     * the same kind as the fields' arena (shared, for a {@link dev.jstencil.grid.FieldSet}): on JDK 25
     * a kernel call site that sees segments of two arena kinds loses its fast path. Measured with a
     * confined ring and shared fields: 176 ns per update instead of 1.6 (JMH TwoStepSweepBenchmark,
     * 4096 f64).
     */
    public TwoStepSweep(Arena arena, RowKernel rows, Precision precision, int nx, int fields, Halo halo) {
        this.rows = rows;
        this.halo = halo;
        this.ring = new Field[fields];
        this.ringSegments = new MemorySegment[fields];
        for (int f = 0; f < fields; f++) {
            ring[f] = Field.allocate(arena, precision, GridShape.of2d(nx, RING), 1, f * Field.STAGGER_BYTES);
            ringSegments[f] = ring[f].segment();
        }
    }

    /**
     * Steps t+1 and t+2 (t = {@code step}) of rows [y0, y1): reads {@code cur} (step t, its halo
     * filled), writes the interior of those rows of {@code next} (and, like any kernel, possibly their
     * right ghosts and padding).
     */
    public void run(Field[] cur, Field[] next, int y0, int y1, long step) {
        if (y0 >= y1) {
            return;
        }
        Field shape = cur[0];
        final int nx = shape.nx(), ny = shape.ny();
        MemorySegment[] in = new MemorySegment[cur.length], out = new MemorySegment[next.length];
        for (int f = 0; f < cur.length; f++) {
            in[f] = cur[f].segment();
            out[f] = next[f].segment();
        }
        BoundaryKind yKind = halo.kind(1);
        for (int r = y0 - 1; r <= y1; r++) {
            if (r >= 0 && r < ny) {
                intermediate(in, shape, r - 1, r, r + 1, r, nx, step);
                if (r == 0 && y0 == 0 && yKind == BoundaryKind.NEUMANN) {
                    copyRingRow(0, -1);
                }
            } else if (yKind == BoundaryKind.PERIODIC) {
                int wrapped = r < 0 ? ny - 1 : 0; // the row r stands for; its neighbours are ghost rows or interior rows
                intermediateInto(in, shape, wrapped - 1, wrapped, wrapped + 1, slot(r), wrapped, nx, step);
            } else if (yKind == BoundaryKind.DIRICHLET) {
                for (int f = 0; f < ring.length; f++) {
                    fillRingRow(f, slot(r), halo.dirichletValue(1, f));
                }
            } else if (r == ny) { // Neumann below the grid: a copy of the last row (row -1 was copied after row 0)
                copyRingRow(ny - 1, ny);
            }
            int q = r - 1;
            if (q >= y0) {
                rows.update(ringSegments, ring[0].rowOffset(slot(q - 1), 0), ring[0].rowOffset(slot(q), 0),
                        ring[0].rowOffset(slot(r), 0), out, next[0].rowOffset(q, 0), nx, q, step + 1);
            }
        }
    }

    private void intermediate(MemorySegment[] in, Field shape, int north, int centre, int south, int y, int nx, long step) {
        intermediateInto(in, shape, north, centre, south, slot(centre), y, nx, step);
    }

    /** Step t+1 of the row whose neighbours are rows north, centre, south of step t, into ring slot {@code slot}. */
    private void intermediateInto(MemorySegment[] in, Field shape, int north, int centre, int south, int slot, int y, int nx, long step) {
        rows.update(in, shape.rowOffset(north, 0), shape.rowOffset(centre, 0), shape.rowOffset(south, 0), ringSegments,
                ring[0].rowOffset(slot, 0), nx, y, step);
        for (int f = 0; f < ring.length; f++) {
            halo.fillRowX(ring[f], f, slot, 0);
        }
    }

    /** Ring row {@code to} (a row index beyond the grid) := ring row {@code from}, ghosts included. */
    private void copyRingRow(int from, int to) {
        for (Field r : ring) {
            long start = r.offset(-1, slot(from), 0), length = (long) (r.nx() + 2) * r.precision().bytes();
            MemorySegment.copy(r.segment(), start, r.segment(), r.offset(-1, slot(to), 0), length);
        }
    }

    private void fillRingRow(int field, int slot, double value) {
        Field r = ring[field];
        for (int x = -1; x <= r.nx(); x++) {
            if (r.precision() == Precision.F64) {
                r.segment().set(ValueLayout.JAVA_DOUBLE, r.offset(x, slot, 0), value);
            } else {
                r.segment().set(ValueLayout.JAVA_FLOAT, r.offset(x, slot, 0), (float) value);
            }
        }
    }

    private static int slot(int row) {
        return Math.floorMod(row, RING);
    }
}
