package dev.jstencil.sim;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.FieldSet;
import dev.jstencil.grid.Halo;
import dev.jstencil.grid.Placement;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.parallel.Band;
import dev.jstencil.parallel.BandTask;

/**
 * Steps of a block of a grid shared with other processes (MPI), its bands on the rank's threads. A step
 * takes two phases of the engine:
 * <ol>
 *   <li>the first band alone: the halo step on the whole block, then the exchange of the internal faces'
 *       ghost layers started (its last phase, along the band axis, left in flight);</li>
 *   <li>every band computes its rows that read no ghost band (all but {@code ghost} rows at each end of
 *       the block); the first band then waits for the exchange and computes those end rows.</li>
 * </ol>
 * The barrier between the phases is what lets the other bands read the packed phases' ghost columns.
 * Only the first band calls MPI, never two threads at once (MPI_THREAD_SERIALIZED: with platform threads
 * the first band's thread is a new one each run). The same cells are computed from the same values as in
 * one step of the whole grid, only in another order, so any split and thread count gives the same bits.
 */
final class SlabStepTask implements BandTask {
    private final FieldSet state;
    private final StencilKernel kernel;
    private final Halo halo;
    private final Subdomain subdomain;
    private final int startParity;
    private final long stepsBefore;
    private final long totalSteps;
    private final int checkEvery;
    private final int ghost;
    private final int rows;
    /** An exchange started and not yet finished: a run cancelled between the two phases leaves one. */
    private boolean inFlight;

    SlabStepTask(FieldSet state, StencilKernel kernel, Halo halo, Subdomain subdomain, long stepsBefore, long totalSteps, int checkEvery) {
        this.state = state;
        this.kernel = kernel;
        this.halo = halo;
        this.subdomain = subdomain;
        this.startParity = state.parity();
        this.stepsBefore = stepsBefore;
        this.totalSteps = totalSteps;
        this.checkEvery = checkEvery;
        this.ghost = state.current(0).ghost();
        this.rows = state.shape().bandAxisSize();
    }

    /** The engine's phases for {@code steps} steps. */
    static long phases(long steps) {
        return 2 * steps;
    }

    /** Steps done once {@code phases} phases have completed. */
    static long stepsAfter(long phases) {
        return phases / 2;
    }

    @Override
    public void run(long phase, Band band) {
        long step = phase / 2;
        int cur = (int) ((startParity + step) & 1);
        boolean first = band.y0() == 0;
        if ((phase & 1) == 0) {
            if (first) {
                halo.fill(state.buffers(cur));
                subdomain.exchange().start(state.buffers(cur));
                inFlight = true;
            }
            return;
        }
        Field[] in = state.buffers(cur), out = state.buffers(cur ^ 1);
        long globalStep = stepsBefore + step;
        Placement at = subdomain.placement();
        boolean split = rows >= 2 * ghost; // else every row is an end row
        int from = split ? Math.max(band.y0(), ghost) : 0, to = split ? Math.min(band.y1(), rows - ghost) : 0;
        if (from < to) {
            kernel.update(in, out, from, to, globalStep, at);
        }
        if (first) {
            finishExchange();
            if (split) {
                kernel.update(in, out, 0, ghost, globalStep, at);
                kernel.update(in, out, rows - ghost, rows, globalStep, at);
            } else {
                kernel.update(in, out, 0, rows, globalStep, at);
            }
        }
        long done = step + 1, total = stepsBefore + done;
        if (checkEvery > 0 && (total % checkEvery == 0 || done == totalSteps)) {
            long lastGood = Math.max(stepsBefore, (total - 1) / checkEvery * checkEvery);
            if (from < to) {
                requireFinite(out, from, to, total, lastGood, at);
            }
            if (first) {
                requireFinite(out, 0, split ? ghost : rows, total, lastGood, at);
                if (split) {
                    requireFinite(out, rows - ghost, rows, total, lastGood, at);
                }
            }
        }
    }

    private void requireFinite(Field[] out, int from, int to, long total, long lastGood, Placement at) {
        for (int f = 0; f < out.length; f++) {
            FiniteCheck.requireFinite(state.names().get(f), out[f], from, to, total, lastGood, at);
        }
    }

    private void finishExchange() {
        subdomain.exchange().finish();
        inFlight = false;
    }

    /**
     * Ends an exchange a cancelled run left in flight (its first phase ran, its second did not), so that the
     * next one starts clean; the step itself is not done, and the next run repeats it.
     */
    void drain() {
        if (inFlight) {
            finishExchange();
        }
    }
}
