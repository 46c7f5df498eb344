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
 * k time steps in one sweep over a band of a model of radius 1 (temporal blocking, a pipelined
 * wavefront as in Wellein et al. 2009): over the rows of a 2D band, or the planes of a 3D slab. Below,
 * a "slice" is a row in 2D and a plane in 3D: the unit along the band axis.
 *
 * <p>Why: once the fields no longer fit in cache, a step is limited by memory traffic (Gray-Scott in
 * f64: read u and v, write u' and v', and the write-allocate reads, about 48 bytes per cell). Here the
 * intermediate steps t+1 .. t+k-1 never go to memory: each lives in a ring of three scratch slices per
 * field, so k steps move the fields through memory once (in 3D the rings are planes: they live in the
 * L2 or L3 cache, not in L1, but still not in memory).
 *
 * <p>How: level j (step t+j) of slice q is computed from slices q-1, q, q+1 of level j-1 (level 0 is
 * the current field, level k the next one). At wavefront position w the sweep computes level 1 of
 * slice w, level 2 of slice w-1, ..., level k of slice w-k+1, so every input slice is ready when it is
 * needed and a ring of three slices per level suffices. Level j covers slices [y0-(k-j), y1+(k-j)): the
 * slices beyond the band's edges are computed by both neighbouring bands (overlapped tiling), which
 * keeps bands independent within the sweep; at level 1 they read the neighbours' edge slices, whose
 * ghost cells the halo step must have filled (the phase before the sweep, with a barrier between).
 *
 * <p>Beyond the grid's ends the slices follow the band axis' boundary. Periodic: slices outside
 * [0, n) are computed like interior ones, from the wrapped slices at level 0 and with the wrapped
 * index for positions and noise, so they equal the slices they stand for. Neumann and Dirichlet: each
 * level's slices stop at the grid, and its slices -1 and n are the copy of slices 0 and n-1, or the
 * value. Each ring slice's ghosts on the other axes follow those axes' boundaries. Every cell sees
 * exactly the operations of k single steps, so the results are bit-identical to them.
 *
 * <p>A block of a grid that several processes share (MPI, split into slabs along the band axis) has
 * {@link Reach internal ends}: there the slices beyond the block are computed like interior ones, from
 * the neighbour's slices at level 0, which the exchange put into the field's ghost layer (at least k
 * deep), and with their global index for positions and noise.
 *
 * <p>One instance per band and thread at a time: the rings are its scratch space.
 */
public final class WavefrontSweep {
    private static final int RING = 3;

    /**
     * The field's slices along the band axis within the whole grid: slice q of the field is slice
     * {@code offset + q} of the grid's {@code slices} (wrapped when the grid's band axis is periodic).
     * {@code below} and {@code above}: whether the field has an internal end there, a neighbour's slices
     * beyond it in its ghost layer (at least k deep).
     */
    public record Reach(int offset, int slices, boolean periodic, boolean below, boolean above) {
        /** A field that is the whole grid along the band axis: its ends are the grid's. */
        public static Reach whole(int slices, boolean periodic) {
            return new Reach(0, slices, periodic, false, false);
        }

        /** The grid's index of the field's slice q, for positions and noise. */
        int index(int q) {
            return periodic ? Math.floorMod(offset + q, slices) : offset + q;
        }
    }

    /** A row kernel (2D) or plane kernel (3D), seen as one kind of call. */
    @FunctionalInterface
    private interface SliceKernel {
        void update(MemorySegment[] in, long below, long centre, long above, MemorySegment[] out, long outOffset, int index, long step);
    }

    private final SliceKernel slices;
    private final Halo halo;
    private final int depth;
    private final boolean planes;
    /** ring[j][f]: level j of field f, for j = 1 .. depth-1 (index 0 unused: level 0 is the field itself). */
    private final Field[][] ring;
    private final MemorySegment[][] ringSegments;

    /**
     * Allocates the rings (three slices per field and level: rows of {@code layout}'s width in 2D, planes
     * laid out like {@code layout}'s in 3D) in {@code arena}, which must be of the same kind as the fields'
     * arena (shared, for a {@link dev.jstencil.grid.FieldSet}): on JDK 25 a kernel call site that sees
     * segments of two arena kinds loses its fast path. Measured with a confined ring and shared fields:
     * 176 ns per update instead of 1.6 (JMH TwoStepSweepBenchmark, now WavefrontSweepBenchmark, 4096 f64).
     *
     * @param layout a field of the grid the sweeps run on
     * @param depth  steps per sweep, at least 2
     * @throws IllegalArgumentException if {@code kernel} has no row (2D) or plane (3D) kernel
     */
    public WavefrontSweep(Arena arena, StencilKernel kernel, Field layout, int fields, Halo halo, int depth) {
        if (depth < 2) {
            throw new IllegalArgumentException("a wavefront sweep takes at least 2 steps, not " + depth);
        }
        this.halo = halo;
        this.depth = depth;
        this.planes = layout.dims() == 3;
        if (planes) {
            PlaneKernel p = kernel.planeKernel(layout).orElseThrow(() -> noSliceKernel(kernel, "plane"));
            slices = p::update;
        } else {
            RowKernel r = kernel.rowKernel().orElseThrow(() -> noSliceKernel(kernel, "row"));
            int nx = layout.nx();
            slices = (in, below, centre, above, out, outOffset, y, step) -> r.update(in, below, centre, above, out, outOffset, nx, y, step);
        }
        this.ring = new Field[depth][fields];
        this.ringSegments = new MemorySegment[depth][fields];
        // 3D: the plane kernel reads rows one row pitch apart in every plane, the field's and the ring's alike
        GridShape ringShape = planes ? GridShape.of3d(layout.nx(), layout.ny(), RING) : GridShape.of2d(layout.nx(), RING);
        int ghost = planes ? layout.ghost() : 1;
        for (int j = 1; j < depth; j++) {
            for (int f = 0; f < fields; f++) {
                ring[j][f] = Field.allocate(arena, layout.precision(), ringShape, ghost, ((long) j * fields + f) * Field.STAGGER_BYTES);
                ringSegments[j][f] = ring[j][f].segment();
            }
        }
        if (planes && ring.length > 1 && ring[1][0].rowBytes() != layout.rowBytes()) {
            throw new IllegalStateException("ring planes of " + ring[1][0].rowBytes() + "-byte rows for a field of " + layout.rowBytes());
        }
    }

    private static IllegalArgumentException noSliceKernel(StencilKernel kernel, String what) {
        return new IllegalArgumentException("kernel " + kernel.description() + " has no " + what + " kernel: several steps per sweep "
                + "need a model of radius 1 and a backend that has one");
    }

    public int depth() {
        return depth;
    }

    /**
     * Steps t+1 .. t+k (t = {@code step}) of slices [y0, y1) (rows in 2D, planes in 3D): reads {@code cur}
     * (step t, its halo filled), writes the interior of those slices of {@code next} (and, like any
     * kernel, possibly their rows' right ghosts and padding).
     */
    public void run(Field[] cur, Field[] next, int y0, int y1, long step) {
        Field shape = cur[0];
        int n = planes ? shape.nz() : shape.ny();
        run(cur, next, y0, y1, step, Reach.whole(n, halo.kind(planes ? 2 : 1) == BoundaryKind.PERIODIC));
    }

    /** The same for a field that is a block of a bigger grid, placed in it by {@code reach}. */
    public void run(Field[] cur, Field[] next, int y0, int y1, long step, Reach reach) {
        if (y0 >= y1) {
            return;
        }
        Field shape = cur[0];
        final int n = planes ? shape.nz() : shape.ny();
        if ((reach.below() || reach.above()) && shape.ghost() < depth) {
            throw new IllegalArgumentException("a block with internal ends needs a ghost layer of at least " + depth + " (the depth), not "
                    + shape.ghost());
        }
        MemorySegment[] in = new MemorySegment[cur.length], out = new MemorySegment[next.length];
        for (int f = 0; f < cur.length; f++) {
            in[f] = cur[f].segment();
            out[f] = next[f].segment();
        }
        BoundaryKind kind = halo.kind(planes ? 2 : 1);
        // open: slices go on beyond that end (the grid wraps there, or a neighbour's block follows)
        boolean wholePeriodic = kind == BoundaryKind.PERIODIC && !reach.below() && !reach.above();
        boolean openBelow = wholePeriodic || reach.below(), openAbove = wholePeriodic || reach.above();
        int first = lo(1, y0, openBelow), last = hi(1, y1, n, openAbove);
        for (int w = first; w < last + depth - 1; w++) {
            for (int j = 1; j <= depth; j++) {
                int q = w - (j - 1);
                if (!openAbove && j < depth && q == n && q < y1 + (depth - j)) {
                    beyond(j, n - 1, n, kind); // in the wavefront's order: slice n-3 of this level, in the same slot, is used up
                    continue;
                }
                int from = j == depth ? y0 : lo(j, y0, openBelow), to = j == depth ? y1 : hi(j, y1, n, openAbove);
                if (q < from || q >= to) {
                    continue;
                }
                int y = reach.index(q); // the grid's slice that q stands for
                if (j == 1) {
                    // the field's slice: wrapped when the field is the whole periodic axis (its ghost layer is one slice);
                    // beyond an internal end, the neighbour's slices in the ghost layer; slices -1 and n are ghost slices
                    int c = wholePeriodic ? Math.floorMod(q, n) : q;
                    slices.update(in, slice(shape, c - 1), slice(shape, c), slice(shape, c + 1), target(j, out), offset(j, next, q), y, step);
                } else {
                    Field below = ring[j - 1][0];
                    slices.update(ringSegments[j - 1], slice(below, slot(q - 1)), slice(below, slot(q)), slice(below, slot(q + 1)),
                            target(j, out), offset(j, next, q), y, step + j - 1);
                }
                if (j < depth) {
                    for (int f = 0; f < ring[j].length; f++) {
                        if (planes) {
                            halo.fillPlane(ring[j][f], f, slot(q));
                        } else {
                            halo.fillRowX(ring[j][f], f, slot(q), 0);
                        }
                    }
                    if (!openBelow && q == 0) {
                        beyond(j, 0, -1, kind); // slice -1 shares its slot with slice 2, which comes later
                    }
                }
            }
        }
    }

    /** Byte offset of interior cell 0 of row {@code c} (2D) or cell (0, 0) of plane {@code c} (3D). */
    private long slice(Field f, int c) {
        return planes ? f.rowOffset(0, c) : f.rowOffset(c, 0);
    }

    /** First slice of level j: k-j slices beyond the band, stopping at the field's end unless it is open. */
    private int lo(int j, int y0, boolean open) {
        int r = y0 - (depth - j);
        return open ? r : Math.max(0, r);
    }

    /** End (exclusive) of level j's slices. */
    private int hi(int j, int y1, int n, boolean open) {
        int r = y1 + (depth - j);
        return open ? r : Math.min(n, r);
    }

    private MemorySegment[] target(int level, MemorySegment[] out) {
        return level == depth ? out : ringSegments[level];
    }

    private long offset(int level, Field[] next, int q) {
        return level == depth ? slice(next[0], q) : slice(ring[level][0], slot(q));
    }

    /** Level j's slice {@code beyond} (-1 or n) from its slice {@code edge} (0 or n-1): a copy (Neumann) or the value (Dirichlet). */
    private void beyond(int j, int edge, int beyond, BoundaryKind kind) {
        for (int f = 0; f < ring[j].length; f++) {
            Field r = ring[j][f];
            int g = r.ghost();
            int rows = planes ? r.ny() + 2 * g : 1;
            for (int i = 0; i < rows; i++) { // every row of the slice, its ghost cells included
                int y = planes ? i - g : 0;
                long to = planes ? r.offset(-g, y, slot(beyond)) : r.offset(-g, slot(beyond), 0);
                if (kind == BoundaryKind.NEUMANN) {
                    long from = planes ? r.offset(-g, y, slot(edge)) : r.offset(-g, slot(edge), 0);
                    MemorySegment.copy(r.segment(), from, r.segment(), to, (long) (r.nx() + 2 * g) * r.precision().bytes());
                } else {
                    fillCells(r, to, halo.dirichletValue(planes ? 2 : 1, f));
                }
            }
        }
    }

    /** A whole row, ghost cells included, whose first ghost cell is at byte {@code at}. */
    private static void fillCells(Field r, long at, double value) {
        long e = r.precision().bytes();
        for (int x = 0; x < r.nx() + 2 * r.ghost(); x++) {
            if (r.precision() == Precision.F64) {
                r.segment().set(ValueLayout.JAVA_DOUBLE, at + x * e, value);
            } else {
                r.segment().set(ValueLayout.JAVA_FLOAT, at + x * e, (float) value);
            }
        }
    }

    private static int slot(int slice) {
        return Math.floorMod(slice, RING);
    }
}
