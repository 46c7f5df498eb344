package dev.jstencil.sim;

import dev.jstencil.grid.Boundary;
import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.PeriodicBoundary;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.Kernels;
import dev.jstencil.kernel.RowKernel;
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
import java.util.Optional;

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
    private final Optional<RowKernel> rowKernel; // present when runs take two steps per sweep
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
        Optional<RowKernel> rows = kernel.rowKernel(params);
        String notTwoStep = boundary != PeriodicBoundary.INSTANCE ? "it needs the periodic boundary, not " + boundary.name()
                : rows.isEmpty() ? "kernel " + kernel.description() + " has no row kernel (the built-in kernels all have one)" : null;
        rowKernel = b.temporalBlocking.resolve(b.precision, b.nx, b.ny, notTwoStep) ? rows : Optional.empty();
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
        long t0 = System.nanoTime();
        long done;
        boolean cancelled;
        try {
            if (rowKernel.isPresent()) {
                try (GrayScottTwoStep task = new GrayScottTwoStep(state, kernel, rowKernel.get(), params, boundary,
                        stepsDone, steps, checkEvery)) {
                    RunOutcome outcome = engine.run(state.ny(), steps, task, control); // one phase per step
                    done = GrayScottTwoStep.stepsAfter(outcome.completedSteps(), steps);
                    cancelled = outcome.cancelled();
                }
                state.advance(GrayScottTwoStep.swapsAfter(done));
            } else {
                GrayScottStep task = new GrayScottStep(state, kernel, params, boundary, stepsDone, steps, checkEvery);
                RunOutcome outcome = engine.run(state.ny(), steps, task, control);
                done = outcome.completedSteps();
                cancelled = outcome.cancelled();
                state.advance(done);
            }
        } catch (StepFailedException e) {
            close(); // every worker has stopped: nothing touches the fields any more
            if (e.getCause() instanceof NonFiniteValueException nan) {
                throw nan;
            }
            throw e;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        stepsDone += done;
        // Leave the ghost ring consistent with the interior, for readers of the fields.
        boundary.fillHalo(state.u());
        boundary.fillHalo(state.v());
        return new RunResult(done, seconds, cancelled, state.nx(), state.ny());
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

    /** Whether runs take two steps per sweep (temporal blocking), as decided at build time. */
    public boolean temporalBlocking() {
        return rowKernel.isPresent();
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
        private TemporalBlocking temporalBlocking = TemporalBlocking.AUTO;

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

        /** Two steps per sweep over memory: on, off, or AUTO (the default: on for grids too big for cache). */
        public Builder temporalBlocking(TemporalBlocking t) {
            this.temporalBlocking = Objects.requireNonNull(t);
            return this;
        }

        public GrayScottSimulation build() {
            return new GrayScottSimulation(this);
        }
    }
}
