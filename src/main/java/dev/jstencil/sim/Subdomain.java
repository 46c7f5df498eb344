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
 * while the bands that need no ghost band are computed. {@link Gather} brings the blocks of a field together
 * on one process (the root), which writes what is written whole: checkpoints, outputs.
 */
public record Subdomain(Placement placement, GridShape local, Exchange exchange, Gather gather) {
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
     * Puts the blocks of a field together on the root process, so that files of the whole grid (a checkpoint)
     * are the same bytes whatever the split: the processes only ever share a grid, never a file.
     */
    public interface Gather {
        /**
         * The whole field on the root (allocated here; the caller closes it), null elsewhere. Collective: every
         * process calls it with its block of the same field ({@code tag} tells the fields apart), in the same order.
         */
        Field gather(Field local, int tag);

        /** Whether this process is the root: the one that receives whole fields and writes them. */
        boolean root();
    }

    /**
     * Splits a grid: given the grid, its boundaries and the ghost width a run needs, the block this process
     * steps, or an IllegalArgumentException (the same on every process) if the grid cannot be split.
     */
    @FunctionalInterface
    public interface Decomposer {
        default Subdomain split(GridShape global, List<AxisBoundary> boundaries, int ghost) {
            return split(global, boundaries, ghost, false);
        }

        /**
         * With {@code slabs}, blocks only along the band axis (y in 2D, z in 3D), each at least {@code ghost}
         * slices thick: what temporal blocking across processes needs (its row and plane kernels compute whole
         * rows and planes).
         */
        Subdomain split(GridShape global, List<AxisBoundary> boundaries, int ghost, boolean slabs);

        /** The processes the grid is split among. */
        default int processes() {
            return 1;
        }

        /** Whether {@code mine} holds on every process: collective (every process calls it, in the same order). */
        default boolean everywhere(boolean mine) {
            return mine;
        }

        /** The least of every process's {@code mine}: collective. */
        default long least(long mine) {
            return mine;
        }
    }

    public Subdomain {
        placement.requireWithin(local);
    }

    public GridShape global() {
        return placement.global();
    }
}
