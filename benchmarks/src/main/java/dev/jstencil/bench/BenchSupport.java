package dev.jstencil.bench;

import dev.jstencil.grid.PeriodicBoundary;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.Kernels;
import dev.jstencil.model.GrayScottState;
import dev.jstencil.model.InitialCondition;

/** Set-up shared by the benchmarks: kernels with clear failures, and a steady, finite workload. */
final class BenchSupport {
    /** JVM options every fork needs (kept in step with the {@code @Fork} annotations). */
    static final String VECTOR = "--add-modules=jdk.incubator.vector";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private BenchSupport() {
    }

    /**
     * Bands of {@code cells / size} whole rows that tile a size x size grid, handed out in turn so
     * that the whole working set stays in play as in a real step.
     */
    static final class Bands {
        private final int size;
        private final int rows;
        private int y0;

        Bands(int size, int cells) {
            if (size < 1 || cells % size != 0 || (long) size * size < cells || size % (cells / size) != 0) {
                throw new IllegalArgumentException("size " + size + " does not work here: every invocation updates " + cells
                        + " cells as whole rows tiling the grid, so size must be a power of two from "
                        + (int) Math.sqrt(cells) + " to " + cells);
            }
            this.size = size;
            this.rows = cells / size;
        }

        int rows() {
            return rows;
        }

        /** The first row of the next band. */
        int next() {
            int from = y0;
            int to = from + rows;
            y0 = to == size ? 0 : to;
            return from;
        }
    }

    /**
     * The kernel for {@code backend}, or an exception whose message says why it cannot run (JMH
     * prints it and goes on with the next parameter combination). VECTOR must really be the Vector
     * API kernel: a silent fallback to scalar would measure the wrong thing.
     */
    static GrayScottKernel kernel(Backend backend, Precision precision) {
        GrayScottKernel k;
        try {
            k = Kernels.create(backend, precision);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("backend " + backend.cliName() + " " + precision.cliName()
                    + " is unavailable: " + e.getMessage()
                    + (backend == Backend.NATIVE
                    ? " (the native kernel is built by `mvn install` at the top via native/build.sh, which needs gcc)"
                    : ""), e);
        }
        if (k.backend() != backend) {
            throw new IllegalStateException("asked for backend " + backend.cliName() + " but got " + k.description()
                    + ": is --add-modules=jdk.incubator.vector missing from the fork's JVM options?");
        }
        return k;
    }

    /**
     * A state whose current buffers hold the {@link InitialCondition#GAUSS} start (smooth, every cell
     * a normal nonzero number) with the ghost ring filled. The benchmarks read these buffers and
     * write the other two, and never swap, so every invocation does identical work on identical
     * data: no drift from iteration to iteration and no subnormal numbers (a state evolving from the
     * square start makes them within a few hundred steps, and they are slow on x86, so a benchmark
     * that let the state evolve would measure how long it had run). Memory traffic per update is
     * that of a real step: read u and v with their neighbours, write u' and v'.
     */
    static GrayScottState steadyState(Precision precision, int nx, int ny) {
        GrayScottState state = new GrayScottState(precision, nx, ny);
        try {
            state.initialize(InitialCondition.GAUSS);
            for (int i = 0; i < 2; i++) { // both buffers finite, ghosts included
                PeriodicBoundary.INSTANCE.fillHalo(state.u(i));
                PeriodicBoundary.INSTANCE.fillHalo(state.v(i));
            }
            return state;
        } catch (RuntimeException | Error e) {
            state.close();
            throw e;
        }
    }
}
