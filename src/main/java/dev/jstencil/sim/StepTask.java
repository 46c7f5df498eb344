package dev.jstencil.sim;

import dev.jstencil.grid.FieldSet;
import dev.jstencil.grid.Halo;
import dev.jstencil.grid.Placement;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.parallel.Band;
import dev.jstencil.parallel.BandTask;

/**
 * One band of one step: the halo step on the current buffers, the kernel into the next buffers, and
 * every {@code checkEvery} steps a NaN/Inf scan of what the band just wrote. The current buffer is
 * derived from the step number, so workers never share a mutable "which buffer" variable.
 */
final class StepTask implements BandTask {
    private final FieldSet state;
    private final StencilKernel kernel;
    private final Halo halo;
    private final int haloMargin;
    private final int startParity;
    private final long stepsBefore;
    private final long totalSteps;
    private final int checkEvery;

    StepTask(FieldSet state, StencilKernel kernel, Halo halo, int haloMargin, long stepsBefore, long totalSteps, int checkEvery) {
        this.state = state;
        this.kernel = kernel;
        this.halo = halo;
        this.haloMargin = haloMargin;
        this.startParity = state.parity();
        this.stepsBefore = stepsBefore;
        this.totalSteps = totalSteps;
        this.checkEvery = checkEvery;
    }

    @Override
    public void run(long step, Band band) {
        int cur = (int) ((startParity + step) & 1);
        advance(state, kernel, halo, haloMargin, cur, band, stepsBefore + step);
        long done = step + 1;
        long total = stepsBefore + done; // checks fall on multiples of checkEvery of the simulation's step count
        if (checkEvery > 0 && (total % checkEvery == 0 || done == totalSteps)) {
            long lastGood = Math.max(stepsBefore, (total - 1) / checkEvery * checkEvery);
            for (int f = 0; f < state.size(); f++) {
                FiniteCheck.requireFinite(state.names().get(f), state.buffer(cur ^ 1, f), band.y0(), band.y1(), total, lastGood);
            }
        }
    }

    /**
     * One step of the band: halo step on buffers {@code cur}, then the kernel into buffers {@code cur ^ 1}.
     * The halo step covers the band and {@code margin} rows (planes) on each side: a stencil that reads
     * diagonals reads the x ghosts of the neighbours' edge rows (in 3D, their ghost rows), and there is
     * no barrier between halo and kernel, so for such a model the margin is the ghost width. The
     * neighbours write the same values there, all computed from interior cells, so the overlap is
     * harmless, and each band reads what it wrote.
     */
    static void advance(FieldSet state, StencilKernel kernel, Halo halo, int margin, int cur, Band band, long globalStep) {
        int n = state.shape().bandAxisSize();
        int from = Math.max(0, band.y0() - margin), to = Math.min(n, band.y1() + margin);
        for (int f = 0; f < state.size(); f++) {
            halo.fill(state.buffer(cur, f), f, from, to);
        }
        kernel.update(state.buffers(cur), state.buffers(cur ^ 1), band.y0(), band.y1(), globalStep);
    }

    static void requireFinite(FieldSet state, int buffers, Band band, long total, long lastGood, Placement at) {
        for (int f = 0; f < state.size(); f++) {
            FiniteCheck.requireFinite(state.names().get(f), state.buffer(buffers, f), band.y0(), band.y1(), total, lastGood, at);
        }
    }
}
