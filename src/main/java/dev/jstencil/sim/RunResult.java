package dev.jstencil.sim;

import dev.jstencil.grid.GridShape;

/**
 * What a call to {@link Simulation#run} did. {@code seconds} covers the time-stepping loop only;
 * {@code mlups} = cells*steps/seconds/1e6.
 */
public record RunResult(long steps, double seconds, boolean cancelled, GridShape shape) {
    public double mlups() {
        return seconds > 0 ? (double) shape.cells() * steps / seconds / 1e6 : 0;
    }
}
