package dev.jstencil.sim;

import dev.jstencil.grid.AxisBoundary;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import java.util.List;

/**
 * The part of a grid one process steps when several share it (MPI): a slab of {@code count} bands (rows
 * in 2D, planes in 3D) from band {@code offset} of the {@code global} grid, whole along the other axes.
 * Positions and noise are the global grid's, so every split gives the bits of one process. Each step,
 * after the halo step has filled the ghost layer as if the slab were the whole grid, {@link Exchange}
 * replaces the ghost bands of internal faces with the neighbours' edge bands, while the bands that need no
 * ghost band are computed.
 */
public record Subdomain(GridShape global, int offset, int count, Exchange exchange) {
    /**
     * Fills the ghost bands of the slab's internal faces from the processes that own them (all fields at once),
     * in two halves so that a step can compute the interior meanwhile.
     */
    public interface Exchange {
        /** Nothing to exchange: the slab is the whole grid. */
        Exchange NONE = new Exchange() {
            @Override
            public void start(Field[] fields) {
            }

            @Override
            public void finish() {
            }
        };

        /** Starts sending the edge bands and receiving the ghost bands; neither may change until {@link #finish}. */
        void start(Field[] fields);

        /** Returns once the ghost bands are filled (and the edge bands sent). */
        void finish();

        default void exchange(Field[] fields) {
            start(fields);
            finish();
        }
    }

    /**
     * Splits a grid: given the grid, its boundaries and the ghost width a run needs, the slab this process
     * steps, or an IllegalArgumentException (the same on every process) if the grid cannot be split.
     */
    @FunctionalInterface
    public interface Decomposer {
        Subdomain split(GridShape global, List<AxisBoundary> boundaries, int ghost);
    }

    public Subdomain {
        int n = global.bandAxisSize();
        if (offset < 0 || count < 1 || offset + count > n) {
            throw new IllegalArgumentException("slab [" + offset + ", " + (offset + count) + ") is not within the " + n + " bands of "
                    + global);
        }
    }

    /** The slab's own shape. */
    public GridShape local() {
        return global.dims() == 2 ? GridShape.of2d(global.nx(), count) : GridShape.of3d(global.nx(), global.ny(), count);
    }

    /** The global index of the slab's first cell. */
    public long cellOffset() {
        return (long) offset * global.nx() * (global.dims() == 2 ? 1 : global.ny());
    }
}
