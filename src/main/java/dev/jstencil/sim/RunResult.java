package dev.jstencil.sim;

/**
 * What a call to {@link GrayScottSimulation#run} did. {@code seconds} covers the time-stepping loop
 * only; {@code mlups} = nx*ny*steps/seconds/1e6.
 */
public record RunResult(long steps, double seconds, boolean cancelled, int nx, int ny) {
    public double mlups() {
        return seconds > 0 ? (double) nx * ny * steps / seconds / 1e6 : 0;
    }
}
