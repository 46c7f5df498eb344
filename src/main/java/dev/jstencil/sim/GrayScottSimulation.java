package dev.jstencil.sim;

import dev.jstencil.grid.Boundary;
import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.PeriodicBoundary;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.Kernels;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.model.GrayScottState;
import dev.jstencil.model.InitialCondition;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.parallel.RunControl;
import dev.jstencil.parallel.RunOutcome;
import dev.jstencil.parallel.StepEngine;
import dev.jstencil.parallel.StepFailedException;
import java.util.Objects;

/**
 * A Gray-Scott run: the state (off-heap), a kernel, a boundary and a parallel engine.
 *
 * <pre>{@code
 * try (var sim = GrayScottSimulation.builder().size(256, 256).backend(Backend.VECTOR).build()) {
 *     RunResult r = sim.run(1000);
 *     double v = sim.v().get(128, 128);
 * }
 * }</pre>
 *
 * If a run fails (a worker throws, or a NaN appears) the simulation releases its memory and the
 * exception reaches the caller; a cancelled run keeps the state of its last completed step.
 */
public final class GrayScottSimulation implements AutoCloseable {
    private final GrayScottState state;
    private final GrayScottKernel kernel;
    private final GrayScottParams params;
    private final Boundary boundary;
    private final StepEngine engine;
    private final int checkEvery;
    private final RunControl control = new RunControl();
    private long stepsDone;

    private GrayScottSimulation(Builder b) {
        params = b.params.requireStable();
        kernel = b.kernel != null ? b.kernel : Kernels.create(b.backend, b.precision);
        if (kernel.precision() != b.precision) {
            throw new IllegalArgumentException("kernel " + kernel.description() + " does not match precision " + b.precision.cliName());
        }
        boundary = b.boundary;
        engine = new StepEngine(b.mode, b.threads, b.barrier);
        checkEvery = b.checkEvery;
        state = new GrayScottState(b.precision, b.nx, b.ny);
        state.initialize(b.init);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs {@code steps} more steps. */
    public RunResult run(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps = " + steps + " must be >= 0");
        }
        if (!state.isAlive()) {
            throw new IllegalStateException("this simulation has been closed (or released after a failed run)");
        }
        GrayScottStep task = new GrayScottStep(state, kernel, params, boundary, stepsDone, steps, checkEvery);
        long t0 = System.nanoTime();
        RunOutcome outcome;
        try {
            outcome = engine.run(state.ny(), steps, task, control);
        } catch (StepFailedException e) {
            close(); // every worker has stopped: nothing touches the fields any more
            if (e.getCause() instanceof NonFiniteValueException nan) {
                throw nan;
            }
            throw e;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        state.advance(outcome.completedSteps());
        stepsDone += outcome.completedSteps();
        // Leave the ghost ring consistent with the interior, for readers of the fields.
        boundary.fillHalo(state.u());
        boundary.fillHalo(state.v());
        return new RunResult(outcome.completedSteps(), seconds, outcome.cancelled(), state.nx(), state.ny());
    }

    /** Cancel handle and progress of the current run; usable from any thread. */
    public RunControl control() {
        return control;
    }

    /** Current u (valid until the next run). */
    public Field2D u() {
        return state.u();
    }

    /** Current v (valid until the next run). */
    public Field2D v() {
        return state.v();
    }

    public long stepsDone() {
        return stepsDone;
    }

    public GrayScottParams params() {
        return params;
    }

    public GrayScottKernel kernel() {
        return kernel;
    }

    public StepEngine engine() {
        return engine;
    }

    public boolean isClosed() {
        return !state.isAlive();
    }

    @Override
    public void close() {
        state.close();
    }

    public static final class Builder {
        private int nx = 256, ny = 256;
        private Precision precision = Precision.F64;
        private GrayScottParams params = GrayScottParams.DEFAULT;
        private InitialCondition init = InitialCondition.SQUARE;
        private Backend backend = Backend.VECTOR;
        private GrayScottKernel kernel;
        private Boundary boundary = PeriodicBoundary.INSTANCE;
        private ParallelMode mode = ParallelMode.SERIAL;
        private int threads = 1;
        private BarrierKind barrier = BarrierKind.SPIN;
        private int checkEvery = 100;

        public Builder size(int nx, int ny) {
            this.nx = nx;
            this.ny = ny;
            return this;
        }

        public Builder precision(Precision p) {
            this.precision = Objects.requireNonNull(p);
            return this;
        }

        public Builder params(GrayScottParams p) {
            this.params = Objects.requireNonNull(p);
            return this;
        }

        public Builder init(InitialCondition i) {
            this.init = Objects.requireNonNull(i);
            return this;
        }

        public Builder backend(Backend b) {
            this.backend = Objects.requireNonNull(b);
            return this;
        }

        /** Uses this kernel instead of one made for {@link #backend}: a user's own, or a test's. */
        public Builder kernel(GrayScottKernel k) {
            this.kernel = Objects.requireNonNull(k);
            return this;
        }

        public Builder boundary(Boundary b) {
            this.boundary = Objects.requireNonNull(b);
            return this;
        }

        public Builder parallel(ParallelMode mode, int threads) {
            this.mode = Objects.requireNonNull(mode);
            this.threads = threads;
            return this;
        }

        public Builder barrier(BarrierKind b) {
            this.barrier = Objects.requireNonNull(b);
            return this;
        }

        /** NaN/Inf scan every this many steps and after the last one; 0 turns it off. */
        public Builder checkEvery(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("check interval " + steps + " must be >= 0");
            }
            this.checkEvery = steps;
            return this;
        }

        public GrayScottSimulation build() {
            return new GrayScottSimulation(this);
        }
    }
}
