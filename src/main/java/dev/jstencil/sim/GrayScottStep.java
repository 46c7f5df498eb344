package dev.jstencil.sim;

import dev.jstencil.grid.Boundary;
import dev.jstencil.grid.Field2D;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.model.GrayScottState;
import dev.jstencil.parallel.Band;
import dev.jstencil.parallel.BandTask;

/**
 * One band of one Gray-Scott step: halo step on the current buffers, kernel into the next buffers,
 * and every {@code checkEvery} steps a NaN/Inf scan of what the band just wrote. The current buffer
 * is derived from the step number, so workers never share a mutable "which buffer" variable.
 */
final class GrayScottStep implements BandTask {
    private final GrayScottState state;
    private final GrayScottKernel kernel;
    private final GrayScottParams params;
    private final Boundary boundary;
    private final int startParity;
    private final long stepsBefore;
    private final long totalSteps;
    private final int checkEvery;

    GrayScottStep(GrayScottState state, GrayScottKernel kernel, GrayScottParams params, Boundary boundary,
                  long stepsBefore, long totalSteps, int checkEvery) {
        this.state = state;
        this.kernel = kernel;
        this.params = params;
        this.boundary = boundary;
        this.startParity = state.parity();
        this.stepsBefore = stepsBefore;
        this.totalSteps = totalSteps;
        this.checkEvery = checkEvery;
    }

    @Override
    public void run(long step, Band band) {
        int cur = (int) ((startParity + step) & 1);
        advance(state, kernel, params, boundary, cur, band);
        Field2D un = state.u(cur ^ 1), vn = state.v(cur ^ 1);
        long done = step + 1;
        long total = stepsBefore + done; // checks fall on multiples of checkEvery of the simulation's step count
        if (checkEvery > 0 && (total % checkEvery == 0 || done == totalSteps)) {
            long lastGood = Math.max(stepsBefore, (total - 1) / checkEvery * checkEvery);
            FiniteCheck.requireFinite("u", un, band.y0(), band.y1(), total, lastGood);
            FiniteCheck.requireFinite("v", vn, band.y0(), band.y1(), total, lastGood);
        }
    }

    /** One step of the band: halo step on buffers {@code cur}, then the kernel into buffers {@code cur ^ 1}. */
    static void advance(GrayScottState state, GrayScottKernel kernel, GrayScottParams params, Boundary boundary,
                        int cur, Band band) {
        Field2D u = state.u(cur), v = state.v(cur);
        boundary.fillHalo(u, band.y0(), band.y1());
        boundary.fillHalo(v, band.y0(), band.y1());
        kernel.update(u, v, state.u(cur ^ 1), state.v(cur ^ 1), params, band.y0(), band.y1());
    }
}
