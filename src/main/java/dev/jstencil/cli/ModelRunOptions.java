package dev.jstencil.cli;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that say what one simulation is, shared by the commands that build one ({@code run}, and every
 * run of a {@code sweep}): grid, steps, time step, parameters, seed, boundaries, start, backend, precision.
 */
final class ModelRunOptions {
    @Option(names = "--size", paramLabel = "NX[xNY[xNZ]]",
            description = "Grid: two sizes for 2D, three for 3D, one for that size along every axis of the model's own grid "
                    + "(default: the model's grid). Each >= 3.")
    String size;

    @Option(names = "--steps", paramLabel = "S", description = "Time steps (default: the model's, else 1000).")
    Long steps;

    @Option(names = "--dt", paramLabel = "DT|auto",
            description = "Time step (default: the model's), or 'auto' for 0.9 of the stability limit of the model's diffusion.")
    String dt;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A parameter's value (repeatable).")
    List<String> set = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Noise seed for rand(). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--bc", paramLabel = "SPEC",
            description = "Boundaries: one kind for every axis, or a comma list per axis x,y[,z]: periodic, neumann, dirichlet=V "
                    + "(or dirichlet: each field's value from the model). Default: the model's, else periodic.")
    String bc;

    @Option(names = "--init", paramLabel = "NAME", description = "One of the model's initial conditions (default: its first).")
    String init;

    @Option(names = "--backend", paramLabel = "interpreted|vector|native", defaultValue = "vector",
            description = "Kernel: the interpreter (reference), a generated Vector API class, or C. Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--precision", paramLabel = "f64|f32", defaultValue = "f64", description = "Default: ${DEFAULT-VALUE}.")
    String precision;

    /**
     * Grid, fixed parameters, precision, backend, seed and boundaries on {@code b}; steps, dt and the start are
     * the commands' own (run has --t-end and --init-from). An IllegalArgumentException names a bad value.
     */
    void applyTo(Simulation.Builder b) {
        if (size != null) {
            b.size(RunCommand.parseSize(size));
        }
        RunCommand.applySets(b, set);
        b.precision(Precision.parse(precision)).backend(Backend.parse(backend)).seed(seed);
        if (bc != null) {
            b.boundary(BoundarySpec.parse(bc));
        }
    }
}
