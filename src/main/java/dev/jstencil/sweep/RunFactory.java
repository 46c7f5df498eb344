package dev.jstencil.sweep;

import dev.jstencil.sim.Simulation;

/**
 * The simulation of one point: the sweep's run options with the point's parameter values set. Each call
 * makes a new builder; the kernel's generated class is cached per model, grid and precision
 * (VectorKernels), so every run reuses it with its own parameter values (slots).
 */
@FunctionalInterface
public interface RunFactory {
    /** @param values the point's values, in the order of the grid's axes */
    Simulation.Builder builder(double[] values);
}
