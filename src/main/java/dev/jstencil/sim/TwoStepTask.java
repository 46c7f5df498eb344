package dev.jstencil.sim;

import dev.jstencil.grid.FieldSet;
import dev.jstencil.grid.Halo;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.kernel.TwoStepSweep;
import dev.jstencil.parallel.Band;
import dev.jstencil.parallel.BandTask;
import java.lang.foreign.Arena;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Steps taken two at a time with {@link TwoStepSweep} (temporal blocking). The engine runs as many
 * phases as there are steps: phase 2i is the halo step of the band's rows for pair i, phase 2i+1
 * sweeps the pair (it reads the neighbours' edge rows, so it must wait for their halo: that is what
 * the barrier between the two phases is for). With an odd step count the last phase is one ordinary
 * step. After p completed phases, {@link #stepsAfter} steps are done.
 */
final class TwoStepTask implements BandTask, AutoCloseable {
    private final FieldSet state;
    private final StencilKernel kernel;
    private final Halo halo;
    private final int haloMargin;
    private final int startParity;
    private final long stepsBefore;
    private final long totalSteps;
    private final int checkEvery;
    private final Arena arena = Arena.ofShared();
    private final Map<Integer, TwoStepSweep> sweeps = new ConcurrentHashMap<>();

    TwoStepTask(FieldSet state, StencilKernel kernel, Halo halo, int haloMargin, long stepsBefore, long totalSteps, int checkEvery) {
        this.state = state;
        this.kernel = kernel;
        this.halo = halo;
        this.haloMargin = haloMargin;
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
        long step = stepsBefore + (phase & ~1L); // the first step of this pair
        if (phase == totalSteps - 1 && (totalSteps & 1) == 1) { // the odd one out: one ordinary step
            StepTask.advance(state, kernel, halo, haloMargin, cur, band, step);
            check(cur ^ 1, band, stepsBefore + totalSteps, 1);
        } else if ((phase & 1) == 0) {
            for (int f = 0; f < state.size(); f++) {
                halo.fill(state.buffer(cur, f), f, band.y0(), band.y1());
            }
        } else {
            // a row kernel per band: it may keep scratch state for the one thread that uses it
            sweeps.computeIfAbsent(band.index(), i -> new TwoStepSweep(arena, kernel.rowKernel().orElseThrow(), state.precision(),
                    state.shape().nx(), state.size(), halo)).run(state.buffers(cur), state.buffers(cur ^ 1), band.y0(), band.y1(), step);
            check(cur ^ 1, band, stepsBefore + phase + 1, 2);
        }
    }

    /** NaN/Inf scan after a sweep of {@code stride} steps ending at {@code total}, if it passed a check point. */
    private void check(int buffers, Band band, long total, int stride) {
        boolean last = total == stepsBefore + totalSteps;
        if (checkEvery > 0 && (last || total / checkEvery != (total - stride) / checkEvery)) {
            StepTask.requireFinite(state, buffers, band, total, lastCheckedBefore(total - stride + 1, stepsBefore, checkEvery));
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
