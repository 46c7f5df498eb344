package dev.jstencil.sim;

import dev.jstencil.grid.AxisBoundary;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Placement;
import java.util.List;

/**
 * The part of a grid one process steps when several share it (MPI): a block of shape {@code local}, placed in
 * the global grid at {@code placement}. Positions and noise are the global grid's, so every split gives the
 * bits of one process. Each step, after the halo step has filled the ghost layer as if the block were the
 * whole grid, {@link Exchange} replaces the ghost layers of internal faces with the neighbours' edge cells,
 * while the bands that need no ghost band are computed.
 */
public record Subdomain(Placement placement, GridShape local, Exchange exchange) {
    /**
     * Fills the ghost layers of the block's internal faces from the processes that own them (all fields at once),
     * in two halves so that a step can compute the interior meanwhile.
     */
    public interface Exchange {
        /** Nothing to exchange: the block is the whole grid. */
        Exchange NONE = new Exchange() {
            @Override
            public void start(Field[] fields) {
            }

            @Override
            public void finish() {
            }
        };

        /**
         * Starts the exchange; when it returns, only the ghost bands along the band axis (rows in 2D, planes in
         * 3D) may still be in flight, and no edge band may change until {@link #finish}.
         */
        void start(Field[] fields);

        /** Returns once every ghost layer is filled (and every edge sent). */
        void finish();

        default void exchange(Field[] fields) {
            start(fields);
            finish();
        }
    }

    /**
     * Splits a grid: given the grid, its boundaries and the ghost width a run needs, the block this process
     * steps, or an IllegalArgumentException (the same on every process) if the grid cannot be split.
     */
    @FunctionalInterface
    public interface Decomposer {
        Subdomain split(GridShape global, List<AxisBoundary> boundaries, int ghost);
    }

    public Subdomain {
        GridShape g = placement.global();
        if (local.dims() != g.dims() || placement.x0() + local.nx() > g.nx() || placement.y0() + local.ny() > g.ny()
                || placement.z0() + local.nz() > g.nz()) {
            throw new IllegalArgumentException("block " + local + " at (" + placement.x0() + ", " + placement.y0() + ", " + placement.z0()
                    + ") is not within grid " + g);
        }
    }

    public GridShape global() {
        return placement.global();
    }
}
