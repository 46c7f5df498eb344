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
 * k time steps in one sweep over a band of a 2D model of radius 1 (temporal blocking, a pipelined
 * wavefront as in Wellein et al. 2009).
 *
 * <p>Why: once the fields no longer fit in cache, a step is limited by memory traffic (Gray-Scott in
 * f64: read u and v, write u' and v', and the write-allocate reads, about 48 bytes per cell). Here the
 * intermediate steps t+1 .. t+k-1 never go to memory: each lives in a three-row ring of scratch rows
 * per field, so k steps move the fields through memory once.
 *
 * <p>How: level j (step t+j) of row q is computed from rows q-1, q, q+1 of level j-1 (level 0 is the
 * current field, level k the next one). At wavefront position w the sweep computes level 1 of row w,
 * level 2 of row w-1, ..., level k of row w-k+1, so every input row is ready when it is needed and a
 * ring of three rows per level suffices. Level j covers rows [y0-(k-j), y1+(k-j)): the rows beyond
 * the band's edges are computed by both neighbouring bands (overlapped tiling), which keeps bands
 * independent within the sweep; at level 1 they read the neighbours' edge rows, whose ghost cells the
 * halo step must have filled (the phase before the sweep, with a barrier between).
 *
 * <p>Beyond the grid's ends the rows follow the y boundary. Periodic: rows outside [0, ny) are
 * computed like interior ones, from the wrapped rows at level 0 and with the wrapped row index for
 * positions and noise, so they equal the rows they stand for. Neumann and Dirichlet: each level's
 * rows stop at the grid, and its rows -1 and ny are the copy of rows 0 and ny-1, or the value. Each
 * ring row's x ghosts follow the x boundary. Every cell sees exactly the operations of k single
 * steps, so the results are bit-identical to them.
 *
 * <p>One instance per band and thread at a time: the rings are its scratch space.
 */
public final class WavefrontSweep {
    private static final int RING = 3;
    private final RowKernel rows;
    private final Halo halo;
    private final int depth;
    /** ring[j][f]: level j of field f, for j = 1 .. depth-1 (index 0 unused: level 0 is the field itself). */
    private final Field[][] ring;
    private final MemorySegment[][] ringSegments;

    /**
     * Allocates the rings (three rows of {@code nx} cells per field and level) in {@code arena}, which
     * must be of the same kind as the fields' arena (shared, for a {@link dev.jstencil.grid.FieldSet}):
     * on JDK 25 a kernel call site that sees segments of two arena kinds loses its fast path. Measured
     * with a confined ring and shared fields: 176 ns per update instead of 1.6 (JMH
     * TwoStepSweepBenchmark, now WavefrontSweepBenchmark, 4096 f64).
     *
     * @param depth steps per sweep, at least 2
     */
    public WavefrontSweep(Arena arena, RowKernel rows, Precision precision, int nx, int fields, Halo halo, int depth) {
        if (depth < 2) {
            throw new IllegalArgumentException("a wavefront sweep takes at least 2 steps, not " + depth);
        }
        this.rows = rows;
        this.halo = halo;
        this.depth = depth;
        this.ring = new Field[depth][fields];
        this.ringSegments = new MemorySegment[depth][fields];
        for (int j = 1; j < depth; j++) {
            for (int f = 0; f < fields; f++) {
                ring[j][f] = Field.allocate(arena, precision, GridShape.of2d(nx, RING), 1, ((long) j * fields + f) * Field.STAGGER_BYTES);
                ringSegments[j][f] = ring[j][f].segment();
            }
        }
    }

    public int depth() {
        return depth;
    }

    /**
     * Steps t+1 .. t+k (t = {@code step}) of rows [y0, y1): reads {@code cur} (step t, its halo
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
        boolean periodic = yKind == BoundaryKind.PERIODIC;
        int first = lo(1, y0, periodic), last = hi(1, y1, ny, periodic);
        for (int w = first; w < last + depth - 1; w++) {
            for (int j = 1; j <= depth; j++) {
                int q = w - (j - 1);
                if (!periodic && j < depth && q == ny && q < y1 + (depth - j)) {
                    beyond(j, ny - 1, ny, yKind); // in the wavefront's order: row ny-3 of this level, in the same slot, is used up
                    continue;
                }
                int from = j == depth ? y0 : lo(j, y0, periodic), to = j == depth ? y1 : hi(j, y1, ny, periodic);
                if (q < from || q >= to) {
                    continue;
                }
                int y = Math.floorMod(q, ny); // the row q stands for (q itself inside the grid)
                if (j == 1) {
                    int c = periodic ? y : q; // rows -1 and ny of the field are its ghost rows
                    rows.update(in, shape.rowOffset(c - 1, 0), shape.rowOffset(c, 0), shape.rowOffset(c + 1, 0), target(j, out),
                            offset(j, next, q), nx, y, step);
                } else {
                    Field below = ring[j - 1][0];
                    rows.update(ringSegments[j - 1], below.rowOffset(slot(q - 1), 0), below.rowOffset(slot(q), 0),
                            below.rowOffset(slot(q + 1), 0), target(j, out), offset(j, next, q), nx, y, step + j - 1);
                }
                if (j < depth) {
                    for (int f = 0; f < ring[j].length; f++) {
                        halo.fillRowX(ring[j][f], f, slot(q), 0);
                    }
                    if (!periodic && q == 0) {
                        beyond(j, 0, -1, yKind); // row -1 shares its slot with row 2, which comes later
                    }
                }
            }
        }
    }

    /** First row of level j: k-j rows beyond the band, stopping at the grid unless it wraps. */
    private int lo(int j, int y0, boolean periodic) {
        int r = y0 - (depth - j);
        return periodic ? r : Math.max(0, r);
    }

    /** End (exclusive) of level j's rows. */
    private int hi(int j, int y1, int ny, boolean periodic) {
        int r = y1 + (depth - j);
        return periodic ? r : Math.min(ny, r);
    }

    private MemorySegment[] target(int level, MemorySegment[] out) {
        return level == depth ? out : ringSegments[level];
    }

    private long offset(int level, Field[] next, int q) {
        return level == depth ? next[0].rowOffset(q, 0) : ring[level][0].rowOffset(slot(q), 0);
    }

    /** Level j's row {@code beyond} (-1 or ny) from its row {@code edge} (0 or ny-1): a copy (Neumann) or the value (Dirichlet). */
    private void beyond(int j, int edge, int beyond, BoundaryKind yKind) {
        for (int f = 0; f < ring[j].length; f++) {
            if (yKind == BoundaryKind.NEUMANN) {
                Field r = ring[j][f];
                long length = (long) (r.nx() + 2) * r.precision().bytes();
                MemorySegment.copy(r.segment(), r.offset(-1, slot(edge), 0), r.segment(), r.offset(-1, slot(beyond), 0), length);
            } else {
                fillRingRow(ring[j][f], slot(beyond), halo.dirichletValue(1, f));
            }
        }
    }

    private static void fillRingRow(Field r, int slot, double value) {
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
