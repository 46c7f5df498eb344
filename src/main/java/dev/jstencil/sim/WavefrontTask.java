package dev.jstencil.sim;

import dev.jstencil.grid.BoundaryKind;
import dev.jstencil.grid.FieldSet;
import dev.jstencil.grid.Halo;
import dev.jstencil.grid.Placement;
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
    private final Subdomain subdomain;
    private final WavefrontSweep.Reach reach;
    private final Placement placement;

    /** {@code subdomain}: this process's slab of a grid shared by several (MPI), its ghost layer at least depth deep; or null. */
    WavefrontTask(FieldSet state, StencilKernel kernel, Halo halo, int haloMargin, int depth, long stepsBefore, long totalSteps,
                  int checkEvery, Subdomain subdomain) {
        this.subdomain = subdomain;
        this.reach = subdomain == null ? null : reach(subdomain, halo);
        this.placement = subdomain == null ? Placement.whole(state.shape()) : subdomain.placement();
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

    /**
     * Where a slab lies along the band axis of the grid: its ends are internal where another slab follows
     * (also across a periodic axis's wrap, when there are several slabs).
     */
    static WavefrontSweep.Reach reach(Subdomain s, Halo halo) {
        int axis = s.local().dims() - 1;
        int n = s.local().size(axis), total = s.global().size(axis);
        int offset = axis == 2 ? s.placement().z0() : s.placement().y0();
        boolean periodic = halo.kind(axis) == BoundaryKind.PERIODIC, split = n < total;
        return new WavefrontSweep.Reach(offset, total, periodic, offset > 0 || periodic && split, offset + n < total || periodic && split);
    }

    /** The engine's phases for {@code totalSteps} steps in groups of {@code depth}. */
    static long phases(long totalSteps, int depth) {
        return phases(totalSteps, depth, false);
    }

    /**
     * The same, where a last group of one step takes two phases too ({@code exchanging}: under MPI its halo phase
     * is also the exchange, which must end before any band computes).
     */
    static long phases(long totalSteps, int depth, boolean exchanging) {
        long rest = totalSteps % depth;
        return 2 * (totalSteps / depth) + (rest >= 2 || exchanging && rest == 1 ? 2 : rest);
    }

    /** Steps done once {@code phases} phases of a run of {@code totalSteps} have completed. */
    static long stepsAfter(long phases, long totalSteps, int depth) {
        return stepsAfter(phases, totalSteps, depth, false);
    }

    static long stepsAfter(long phases, long totalSteps, int depth, boolean exchanging) {
        return phases == phases(totalSteps, depth, exchanging) ? totalSteps : phases / 2 * depth;
    }

    /** This run's phases for the engine. */
    long phases() {
        return phases(totalSteps, depth, subdomain != null);
    }

    /** This run's steps done once {@code phases} have completed. */
    long stepsAfter(long phases) {
        return stepsAfter(phases, totalSteps, depth, subdomain != null);
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
        if (size == 1 && subdomain == null) { // the last group, one step: one ordinary step in one phase
            StepTask.advance(state, kernel, halo, haloMargin, cur, band, step);
            check(cur ^ 1, band, step + 1, 1);
        } else if ((phase & 1) == 0) {
            if (subdomain == null) {
                for (int f = 0; f < state.size(); f++) {
                    halo.fill(state.buffer(cur, f), f, band.y0(), band.y1());
                }
            } else if (band.y0() == 0) { // the first band alone, as in SlabStepTask: the halo step, then k slices from each neighbour
                halo.fill(state.buffers(cur));
                subdomain.exchange().exchange(state.buffers(cur));
            }
        } else if (size == 1) { // under MPI: an ordinary step, its halo and exchange done in the phase before
            kernel.update(state.buffers(cur), state.buffers(cur ^ 1), band.y0(), band.y1(), step, placement);
            check(cur ^ 1, band, step + 1, 1);
        } else if (reach != null) {
            sweep(band, cur, size).run(state.buffers(cur), state.buffers(cur ^ 1), band.y0(), band.y1(), step, reach);
            check(cur ^ 1, band, step + size, size);
        } else {
            sweep(band, cur, size).run(state.buffers(cur), state.buffers(cur ^ 1), band.y0(), band.y1(), step);
            check(cur ^ 1, band, step + size, size);
        }
    }

    /** A row or plane kernel per band and depth: it may keep scratch state for the one thread that uses it. */
    private WavefrontSweep sweep(Band band, int cur, int size) {
        return sweeps.computeIfAbsent((long) band.index() << 8 | size, k -> new WavefrontSweep(arena, kernel, state.buffer(cur, 0),
                state.size(), halo, size));
    }

    /** NaN/Inf scan after a sweep of {@code stride} steps ending at {@code total}, if it passed a check point. */
    private void check(int buffers, Band band, long total, int stride) {
        boolean last = total == stepsBefore + totalSteps;
        if (checkEvery > 0 && (last || total / checkEvery != (total - stride) / checkEvery)) {
            StepTask.requireFinite(state, buffers, band, total, lastCheckedBefore(total - stride + 1, stepsBefore, checkEvery, depth),
                    placement);
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
