package dev.jstencil.sim;

import dev.jstencil.grid.Boundary;
import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.PeriodicBoundary;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.kernel.TwoStepSweep;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.model.GrayScottState;
import dev.jstencil.parallel.Band;
import dev.jstencil.parallel.BandTask;
import java.lang.foreign.Arena;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Steps taken two at a time (the simulation uses it only with the periodic boundary, whose wrap
 * {@link TwoStepSweep} builds in) with {@link TwoStepSweep} (temporal blocking). The engine runs as many
 * phases as there are steps: phase 2i fills the ghost columns of the band's rows for pair i, phase
 * 2i+1 sweeps the pair (it reads the neighbours' edge rows, so it must wait for their halo: that
 * is what the barrier between the two phases is for). With an odd step count the last phase is one
 * ordinary step. After p completed phases, {@link #stepsAfter} steps are done.
 */
final class GrayScottTwoStep implements BandTask, AutoCloseable {
    private final GrayScottState state;
    private final GrayScottKernel kernel;
    private final GrayScottParams params;
    private final Boundary boundary;
    private final RowKernel rowKernel;
    private final int startParity;
    private final long stepsBefore;
    private final long totalSteps;
    private final int checkEvery;
    private final Arena arena = Arena.ofShared();
    private final Map<Integer, TwoStepSweep> sweeps = new ConcurrentHashMap<>();

    GrayScottTwoStep(GrayScottState state, GrayScottKernel kernel, RowKernel rowKernel, GrayScottParams params,
                     Boundary boundary, long stepsBefore, long totalSteps, int checkEvery) {
        this.state = state;
        this.kernel = kernel;
        this.rowKernel = rowKernel;
        this.params = params;
        this.boundary = boundary;
        this.startParity = state.parity();
        this.stepsBefore = stepsBefore;
        this.totalSteps = totalSteps;
        this.checkEvery = checkEvery;
    }

    /** Steps done once {@code phases} phases of a run of {@code totalSteps} have completed. */
    static long stepsAfter(long phases, long totalSteps) {
        return phases == totalSteps ? totalSteps : phases & ~1L;
    }

    /** Buffer swaps that {@code steps} completed steps made (one per pair, one for a last single step). */
    static long swapsAfter(long steps) {
        return (steps + 1) / 2;
    }

    @Override
    public void run(long phase, Band band) {
        int cur = (int) ((startParity + phase / 2) & 1);
        Field2D u = state.u(cur), v = state.v(cur), un = state.u(cur ^ 1), vn = state.v(cur ^ 1);
        if (phase == totalSteps - 1 && (totalSteps & 1) == 1) { // the odd one out: one ordinary step
            GrayScottStep.advance(state, kernel, params, boundary, cur, band);
            check(un, vn, band, stepsBefore + totalSteps, 1);
        } else if ((phase & 1) == 0) {
            PeriodicBoundary.fillColumns(u, band.y0(), band.y1());
            PeriodicBoundary.fillColumns(v, band.y0(), band.y1());
        } else {
            sweeps.computeIfAbsent(band.index(), i -> new TwoStepSweep(arena, rowKernel, state.precision(), state.nx()))
                    .run(u, v, un, vn, band.y0(), band.y1());
            check(un, vn, band, stepsBefore + phase + 1, 2);
        }
    }

    /** NaN/Inf scan after a sweep of {@code stride} steps ending at {@code total}, if it passed a check point. */
    private void check(Field2D un, Field2D vn, Band band, long total, int stride) {
        boolean last = total == stepsBefore + totalSteps;
        if (checkEvery > 0 && (last || total / checkEvery != (total - stride) / checkEvery)) {
            long lastGood = lastCheckedBefore(total - stride + 1, stepsBefore, checkEvery);
            FiniteCheck.requireFinite("u", un, band.y0(), band.y1(), total, lastGood);
            FiniteCheck.requireFinite("v", vn, band.y0(), band.y1(), total, lastGood);
        }
    }

    /**
     * The step of the last NaN/Inf scan strictly before step {@code until}, where pairs end at
     * stepsBefore + 2, + 4, ... and a pair is scanned when it passes a multiple of checkEvery.
     */
    static long lastCheckedBefore(long until, long stepsBefore, int checkEvery) {
        long m = (until - 1) / checkEvery * checkEvery; // the last check point before 'until'
        if (m <= stepsBefore) {
            return stepsBefore;
        }
        return stepsBefore + (m - stepsBefore + 1) / 2 * 2; // end of the pair that passed it
    }

    @Override
    public void close() {
        arena.close();
    }
}
