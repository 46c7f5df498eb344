package dev.jstencil.kernel;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.PeriodicBoundary;
import dev.jstencil.grid.Precision;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Two time steps in one sweep over a band (temporal blocking), on a periodic grid.
 *
 * <p>Why: once the four fields no longer fit in cache, a step is limited by memory traffic, about
 * 48 bytes per cell in f64 (read u and v, write u' and v', and the write-allocate reads of u' and
 * v'). Here the intermediate step t+1 never goes to memory: it lives in a three-row ring of scratch
 * rows, so each pair of steps moves the fields once, halving the traffic per step.
 *
 * <p>How: for r = y0-1 .. y1, step t+1 of row r is computed from rows r-1, r, r+1 of step t (row
 * indices wrap around, so the band reads its neighbours' edge rows; their ghost columns must have
 * been filled for step t, see {@link PeriodicBoundary#fillColumns}), then step t+2 of row r-1 from
 * the ring. Rows y0-1 and y1 of step t+1 are computed by both adjacent bands, which keeps bands
 * independent within the sweep. Each cell sees exactly the operations of two single steps, so the
 * results are bit-identical to them.
 *
 * <p>One instance per band and thread at a time: the ring is its scratch space.
 */
public final class TwoStepSweep {
    private static final int RING = 3;
    private final RowKernel rows;
    private final Field2D ringU, ringV;

    /**
     * Allocates the ring (u and v, three rows of {@code nx} each) in {@code arena}, which must be of
     * the same kind as the fields' arena (shared for {@link dev.jstencil.model.GrayScottState}): on
     * JDK 25 a kernel call site that sees segments of two arena kinds loses its fast path. Measured
     * with a confined ring and shared fields: 176 ns per update instead of 1.6 (JMH
     * TwoStepSweepBenchmark, 4096 f64).
     */
    public TwoStepSweep(Arena arena, RowKernel rows, Precision precision, int nx) {
        this.rows = rows;
        this.ringU = Field2D.allocate(arena, precision, nx, RING, 0);
        this.ringV = Field2D.allocate(arena, precision, nx, RING, Field2D.STAGGER_BYTES);
    }

    /**
     * Steps t+1 and t+2 of rows [y0, y1): reads u, v (step t, ghost columns filled for every row),
     * writes the interior of those rows of uNext, vNext (and, like any kernel, possibly their right
     * ghost and padding).
     */
    public void run(Field2D u, Field2D v, Field2D uNext, Field2D vNext, int y0, int y1) {
        if (y0 >= y1) {
            return;
        }
        final int nx = u.nx(), ny = u.ny();
        final MemorySegment su = u.segment(), sv = v.segment();
        final MemorySegment ru = ringU.segment(), rv = ringV.segment();
        final MemorySegment un = uNext.segment(), vn = vNext.segment();
        for (int r = y0 - 1; r <= y1; r++) {
            long ring = ringU.rowOffset(slot(r));
            rows.update(su, sv, u.rowOffset(wrap(r - 1, ny)), u.rowOffset(wrap(r, ny)), u.rowOffset(wrap(r + 1, ny)),
                    ru, rv, ring, nx);
            PeriodicBoundary.fillColumns(ringU, slot(r), slot(r) + 1);
            PeriodicBoundary.fillColumns(ringV, slot(r), slot(r) + 1);
            int q = r - 1;
            if (q >= y0) {
                rows.update(ru, rv, ringU.rowOffset(slot(q - 1)), ringU.rowOffset(slot(q)), ringU.rowOffset(slot(r)),
                        un, vn, uNext.rowOffset(q), nx);
            }
        }
    }

    private static int slot(int row) {
        return Math.floorMod(row, RING);
    }

    private static int wrap(int row, int ny) {
        return Math.floorMod(row, ny);
    }
}
