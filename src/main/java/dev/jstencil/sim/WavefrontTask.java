package dev.jstencil.sim;

import dev.jstencil.grid.FieldSet;
import dev.jstencil.grid.Halo;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.kernel.WavefrontSweep;
import dev.jstencil.parallel.Band;
import dev.jstencil.parallel.BandTask;
import java.lang.foreign.Arena;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Steps taken k at a time with {@link WavefrontSweep} (temporal blocking). Steps form groups of k
 * (the last may be shorter); a group takes two phases of the engine: the halo step of the band's
 * rows, then the sweep (it reads the neighbours' edge rows, so it must wait for their halo: that is
 * what the barrier between the two phases is for). A last group of one step is one ordinary step in
 * one phase. {@link #phases} gives the engine's phase count and {@link #stepsAfter} the steps done
 * once some phases have completed.
 */
final class WavefrontTask implements BandTask, AutoCloseable {
    private final FieldSet state;
    private final StencilKernel kernel;
    private final Halo halo;
    private final int haloMargin;
    private final int depth;
    private final int startParity;
    private final long stepsBefore;
    private final long totalSteps;
    private final int checkEvery;
    private final Arena arena = Arena.ofShared();
    private final Map<Long, WavefrontSweep> sweeps = new ConcurrentHashMap<>();

    WavefrontTask(FieldSet state, StencilKernel kernel, Halo halo, int haloMargin, int depth, long stepsBefore, long totalSteps,
                  int checkEvery) {
        this.state = state;
        this.kernel = kernel;
        this.halo = halo;
        this.haloMargin = haloMargin;
        this.depth = depth;
        this.startParity = state.parity();
        this.stepsBefore = stepsBefore;
        this.totalSteps = totalSteps;
        this.checkEvery = checkEvery;
    }

    /** The engine's phases for {@code totalSteps} steps in groups of {@code depth}. */
    static long phases(long totalSteps, int depth) {
        long rest = totalSteps % depth;
        return 2 * (totalSteps / depth) + (rest >= 2 ? 2 : rest);
    }

    /** Steps done once {@code phases} phases of a run of {@code totalSteps} have completed. */
    static long stepsAfter(long phases, long totalSteps, int depth) {
        return phases == phases(totalSteps, depth) ? totalSteps : phases / 2 * depth;
    }

    /** Buffer swaps that {@code steps} completed steps made: one per group. */
    static long swapsAfter(long steps, int depth) {
        return (steps + depth - 1) / depth;
    }

    @Override
    public void run(long phase, Band band) {
        long group = phase / 2;
        int cur = (int) ((startParity + group) & 1);
        long step = stepsBefore + group * depth; // the group's first step
        int size = (int) Math.min(depth, totalSteps - group * depth);
        if (size == 1) { // the last group, one step: one ordinary step in one phase
            StepTask.advance(state, kernel, halo, haloMargin, cur, band, step);
            check(cur ^ 1, band, step + 1, 1);
        } else if ((phase & 1) == 0) {
            for (int f = 0; f < state.size(); f++) {
                halo.fill(state.buffer(cur, f), f, band.y0(), band.y1());
            }
        } else {
            // a row or plane kernel per band and depth: it may keep scratch state for the one thread that uses it
            sweeps.computeIfAbsent((long) band.index() << 8 | size, k -> new WavefrontSweep(arena, kernel, state.buffer(cur, 0),
                    state.size(), halo, size))
                    .run(state.buffers(cur), state.buffers(cur ^ 1), band.y0(), band.y1(), step);
            check(cur ^ 1, band, step + size, size);
        }
    }

    /** NaN/Inf scan after a sweep of {@code stride} steps ending at {@code total}, if it passed a check point. */
    private void check(int buffers, Band band, long total, int stride) {
        boolean last = total == stepsBefore + totalSteps;
        if (checkEvery > 0 && (last || total / checkEvery != (total - stride) / checkEvery)) {
            StepTask.requireFinite(state, buffers, band, total, lastCheckedBefore(total - stride + 1, stepsBefore, checkEvery, depth));
        }
    }

    /**
     * The step of the last NaN/Inf scan strictly before step {@code until}, where groups end at
     * stepsBefore + k, + 2k, ... and a group is scanned when it passes a multiple of checkEvery.
     */
    static long lastCheckedBefore(long until, long stepsBefore, int checkEvery, int depth) {
        long m = (until - 1) / checkEvery * checkEvery; // the last check point before 'until'
        if (m <= stepsBefore) {
            return stepsBefore;
        }
        return stepsBefore + (m - stepsBefore + depth - 1) / depth * depth; // end of the group that passed it
    }

    @Override
    public void close() {
        arena.close();
    }
}
