package dev.jstencil.cli;

import dev.jstencil.sim.Simulation;

/** How many steps and of what size: {@code --steps S}, or {@code --t-end T} (steps = ceil(T/dt), then dt = T/steps). */
record Stepping(long steps, double dt) {
    static Stepping of(Long steps, Double tEnd, double dt, long defaultSteps) {
        if (tEnd != null) {
            if (steps != null) {
                throw new IllegalArgumentException("--steps and --t-end are mutually exclusive: give one");
            }
            if (!Double.isFinite(tEnd) || tEnd <= 0) {
                throw new IllegalArgumentException("--t-end " + tEnd + " is not allowed: use a finite time > 0");
            }
            double ratio = Math.ceil(tEnd / dt);
            if (ratio > 1e15) {
                throw new IllegalArgumentException("--t-end " + tEnd + " needs " + ratio + " steps of dt " + dt + ": too many");
            }
            long n = (long) ratio;
            return new Stepping(n, tEnd / n);
        }
        long n = steps != null ? steps : defaultSteps;
        if (n < 0) {
            throw new IllegalArgumentException("--steps " + n + " is not allowed: use a step count >= 0");
        }
        return new Stepping(n, dt);
    }

    /** 0.9 of the stability limit of what the builder holds (an error, in words, if there is none). */
    static double autoDt(Simulation.Builder b) {
        return b.autoDtValue();
    }
}
