package dev.jstencil.sim;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.RunConstants;
import dev.jstencil.grid.AxisBoundary;
import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.FieldSet;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Halo;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import dev.jstencil.io.Npy;
import dev.jstencil.io.checkpoint.Checkpoint;
import dev.jstencil.io.checkpoint.CheckpointDirectory;
import dev.jstencil.io.checkpoint.CheckpointHeader;
import dev.jstencil.io.checkpoint.CheckpointWriter;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.Kernels;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.model.Model;
import dev.jstencil.model.Stability;
import dev.jstencil.parallel.BandTask;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.parallel.RunControl;
import dev.jstencil.parallel.RunOutcome;
import dev.jstencil.parallel.StepEngine;
import dev.jstencil.parallel.StepFailedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run of any model: its fields (off-heap, two buffers each), a kernel generated for it, the
 * boundaries' halo step and a parallel engine.
 *
 * <pre>{@code
 * try (Simulation sim = Simulation.builder(Model.builtin("gray-scott-3d")).size(64, 64, 64).build()) {
 *     RunResult r = sim.run(1000);
 *     double v = sim.field("v").get(32, 32, 32);
 * }
 * }</pre>
 *
 * Everything a run is given is checked when it is built, before memory is allocated. If a run fails
 * (a worker throws, or a NaN appears) the simulation releases its memory and the exception reaches
 * the caller; a cancelled run keeps the state of its last completed step.
 */
public final class Simulation implements AutoCloseable {
    /** Smallest grid size along any axis. */
    public static final int MIN_SIZE = 3;

    private final Model model;
    private final GridShape shape;
    private final double[] params;
    private final double dt;
    private final double h;
    private final long seed;
    private final boolean flushesSubnormals;
    /** Steps per sweep over memory: 1 without temporal blocking; changes once while a tuner measures. */
    private int stepsPerSweep;
    /** Chooses stepsPerSweep by measuring (temporal blocking auto on big grids); null when it is fixed. */
    private final DepthTuner tuner;
    private final Halo halo;
    private final StencilKernel kernel;
    private final FieldSet state;
    private final StepEngine engine;
    private final int checkEvery;
    private final int haloMargin; // rows (planes) beyond its band whose ghosts a band fills: see StepTask.advance
    private final RunControl control = new RunControl();
    private final String initDescription;
    /** This process's part of a grid shared by several (MPI), or null when it steps the whole grid. */
    private final Subdomain subdomain;
    /** Under MPI with temporal blocking: slabs, ghost layers as deep as the sweep, exchanged once per sweep. */
    private final boolean deepGhosts;
    /** Who split the grid (MPI), for decisions every process must share; null for one process. */
    private final Subdomain.Decomposer decomposer;
    private long stepsDone;
    private long plannedEnd; // see planSteps

    private Simulation(Builder b) {
        model = b.model;
        shape = b.shape();
        params = b.params();
        h = b.h != null ? b.h : model.h();
        Optional<Stability.Limit> limit = Stability.limit(model, shape.dims(), params, h);
        dt = b.dt(limit);
        seed = b.seed;
        flushesSubnormals = b.flushSubnormals;
        Lowered lowered = Lowering.kernel(model, shape.dims(), b.precision, flushesSubnormals);
        RunConstants constants = new RunConstants(params, dt, h, shape);
        double[] slots = constants.slotValues(lowered);
        halo = new Halo(b.boundaries(shape.dims()), model.dirichlet());
        int ghost = Math.max(1, lowered.radius());
        int depth = b.stepsPerSweep != null ? b.stepsPerSweep : defaultStepsPerSweep(shape.dims());
        // Across processes, temporal blocking when asked for: slabs along the band axis, ghost layers as deep as
        // the sweep, exchanged once per sweep; the wavefront recomputes the neighbours' slices beyond each face.
        // With auto, when every rank's share of the fields is beyond its cache (agreed on: caches may differ by node).
        deepGhosts = b.decomposer != null && lowered.radius() <= 1 && (b.temporalBlocking == TemporalBlocking.ON
                || b.temporalBlocking == TemporalBlocking.AUTO && b.decomposer.everywhere(2.0 * model.fields().size()
                        * Field.byteSize(b.precision, shape, ghost) / b.decomposer.processes() > TemporalBlocking.autoThresholdBytes()));
        if (deepGhosts) {
            if (depth > Field.MAX_GHOST && b.stepsPerSweep != null) {
                throw new IllegalArgumentException("--temporal-blocking " + depth + " is not allowed under MPI: use 2.." + Field.MAX_GHOST
                        + " steps per sweep (the ghost layer, exchanged once per sweep, is at most " + Field.MAX_GHOST + " cells deep)");
            }
            depth = Math.min(depth, Field.MAX_GHOST);
        }
        int fieldGhost = deepGhosts ? Math.max(ghost, depth) : ghost;
        subdomain = b.decomposer == null ? null : b.decomposer.split(shape, halo.axes(), fieldGhost, deepGhosts);
        decomposer = b.decomposer;
        if (subdomain != null) {
            control.deferCancels(); // the ranks stop together: see stopAgreed
        }
        GridShape local = subdomain == null ? shape : subdomain.local();
        Placement placement = subdomain == null ? Placement.whole(shape) : subdomain.placement();
        if (b.restart != null) {
            List<String> differences = b.restart.header().differences(checkpointHeader(b.precision, 0));
            if (!differences.isEmpty()) {
                throw new IllegalArgumentException("checkpoint " + b.restart.file() + ": " + String.join("; ", differences)
                        + " (a restart continues the same run: it may change the steps, the outputs, threads, parallel mode, "
                        + "backend and temporal blocking, nothing else)");
            }
        }
        kernel = b.kernel != null ? b.kernel : Kernels.create(b.backend, model.text(), lowered, slots, seed);
        if (kernel.precision() != b.precision) {
            throw new IllegalArgumentException("kernel " + kernel.description() + " does not match precision " + b.precision.cliName());
        }
        // Under MPI a rank's threads split its block (SlabStepTask, or WavefrontTask with its exchange)
        engine = new StepEngine(b.mode, b.threads, b.barrier);
        checkEvery = b.checkEvery;
        haloMargin = lowered.readsDiagonals() ? ghost : 0;
        Model.Init init = b.init();
        state = new FieldSet(b.precision, local, fieldGhost, model.fields(), lowered.rowShifts());
        try {
            String whyNot = whyNotBlocked(lowered);
            stepsPerSweep = b.temporalBlocking.resolve(b.precision, shape, ghost, model.fields().size(), whyNot)
                    ? depth : 1;
            // never across ranks: each would choose its own depth, and they must agree
            boolean tune = subdomain == null && b.temporalBlocking == TemporalBlocking.AUTO && whyNot == null && b.stepsPerSweep == null
                    && (b.depthCandidates != null || TemporalBlocking.worthTuning(b.precision, shape, ghost, model.fields().size()));
            tuner = !tune ? null : b.depthCandidates != null ? new DepthTuner(b.depthCandidates, stepsPerSweep, 0)
                    : new DepthTuner(TemporalBlocking.candidates(shape.dims()), stepsPerSweep);
            if (b.restart != null) {
                for (int f = 0; f < model.fields().size(); f++) {
                    b.restart.readField(f, state.current(f), placement);
                }
                stepsDone = b.restart.header().step();
                initDescription = "checkpoint " + b.restart.file() + " (step " + stepsDone + ")";
            } else if (b.initFrom != null) {
                for (int f = 0; f < model.fields().size(); f++) {
                    Npy.readInto(b.initFrom.resolve(model.fields().get(f) + ".npy"), state.current(f), placement);
                }
                initDescription = "from " + b.initFrom;
            } else if (init != null) {
                engine.run(local.bandAxisSize(), 1, new Initializer(model, init, constants, seed, state.buffers(state.parity()), placement),
                        new RunControl());
                initDescription = init.name();
            } else {
                initDescription = "zero";
            }
            fillHalos();
        } catch (IOException e) {
            state.close();
            throw new IllegalArgumentException("reading the initial state from " + b.initFrom + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            state.close();
            throw e;
        }
    }

    /** Why this run cannot take several steps per sweep, or null if it can. */
    private String whyNotBlocked(Lowered lowered) {
        if (lowered.radius() > 1) {
            return "it needs a model of radius 1, and " + model.name() + " reads " + lowered.radius() + " cells away";
        }
        if (subdomain != null && !deepGhosts) {
            return "the grid is split over MPI ranks, where temporal blocking runs when asked for (--temporal-blocking on or a "
                    + "depth) or, with auto, when every rank's share of the fields is bigger than its last-level cache";
        }
        boolean slices = shape.dims() == 2 ? kernel.rowKernel().isPresent() : kernel.planeKernel(state.current(0)).isPresent();
        return slices ? null : "kernel " + kernel.description() + " has no " + (shape.dims() == 2 ? "row" : "plane") + " kernel";
    }

    /** A simulation of {@code model} with its defaults; the builder changes any of them. */
    public static Builder builder(Model model) {
        return new Builder(model);
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
        long done = 0;
        boolean cancelled = false;
        while (done < steps && !cancelled) { // one piece, unless a tuner is still trying depths
            DepthTuner.Chunk chunk = tuner == null ? new DepthTuner.Chunk(stepsPerSweep, steps - done, false)
                    : tuner.next(steps - done, plannedEnd - stepsDone);
            long c0 = System.nanoTime();
            RunOutcome outcome = advance(chunk.depth(), chunk.steps());
            if (tuner != null) {
                tuner.record(chunk, outcome.completedSteps(), System.nanoTime() - c0);
                stepsPerSweep = tuner.chosen() > 0 ? tuner.chosen() : chunk.depth();
            }
            done += outcome.completedSteps();
            cancelled = outcome.cancelled();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        fillHalos();
        return new RunResult(done, seconds, cancelled, shape);
    }

    /** {@code steps} steps at {@code depth} per sweep; completedSteps() of the outcome is in steps. */
    private RunOutcome advance(int depth, long steps) {
        try {
            RunOutcome outcome;
            long done;
            if (depth > 1) {
                try (WavefrontTask task = new WavefrontTask(state, kernel, halo, haloMargin, depth, stepsDone, steps, checkEvery, subdomain)) {
                    outcome = runPhases(task, task.phases(), depth);
                    done = task.stepsAfter(outcome.completedSteps());
                }
                state.advance(WavefrontTask.swapsAfter(done, depth));
            } else if (subdomain != null) {
                SlabStepTask task = new SlabStepTask(state, kernel, halo, subdomain, stepsDone, steps, checkEvery);
                outcome = runPhases(task, SlabStepTask.phases(steps), 1);
                task.drain();
                done = SlabStepTask.stepsAfter(outcome.completedSteps());
                state.advance(done);
            } else {
                StepTask task = new StepTask(state, kernel, halo, haloMargin, stepsDone, steps, checkEvery);
                outcome = engine.run(state.shape().bandAxisSize(), steps, task, control);
                done = outcome.completedSteps();
                state.advance(done);
            }
            stepsDone += done;
            return new RunOutcome(done, outcome.cancelled());
        } catch (StepFailedException e) {
            close(); // every worker has stopped: nothing touches the fields any more
            if (e.getCause() instanceof NonFiniteValueException nan) {
                throw nan;
            }
            throw e;
        }
    }

    /** A run of {@code phases} engine phases, two for every {@code stepsPerTwo} steps (for the progress shown meanwhile). */
    private RunOutcome runPhases(BandTask task, long phases, int stepsPerTwo) {
        control.countPhasesAs(stepsPerTwo, 2);
        try {
            return engine.run(state.shape().bandAxisSize(), phases, task, control);
        } finally {
            control.countPhasesAs(1, 1);
        }
    }

    /**
     * The header of a checkpoint of the current state: what decides the next steps' values, and the step
     * and time (step * dt) reached.
     */
    public CheckpointHeader checkpointHeader() {
        return checkpointHeader(state.precision(), stepsDone);
    }

    private CheckpointHeader checkpointHeader(Precision precision, long step) {
        return new CheckpointHeader(model.name(), model.text(), model.fields(), params(), shape, halo.describe(), precision, step,
                step * dt, dt, h, seed, flushesSubnormals);
    }

    /** The current fields, in the model's order (valid until the next run). */
    public List<Field> fields() {
        List<Field> fields = new ArrayList<>();
        for (int f = 0; f < state.size(); f++) {
            fields.add(state.current(f));
        }
        return fields;
    }

    /**
     * Writes a checkpoint of the current state as {@code file}, atomically ({@link CheckpointWriter}). When several
     * processes share the grid this is collective: each calls it, the root gathers the fields and writes the same
     * file one process would; only the root can fail to write.
     */
    public void writeCheckpoint(Path file) throws IOException {
        CheckpointHeader header = checkpointHeader();
        withWholeFields(whole -> CheckpointWriter.write(file, header, whole));
    }

    /**
     * Writes a checkpoint of the current state into {@code dir}, which prunes its older ones; returns the file.
     * Collective when several processes share the grid, as {@link #writeCheckpoint}: the root writes and prunes,
     * every process returns the file's path.
     */
    public Path saveCheckpoint(CheckpointDirectory dir) throws IOException {
        CheckpointHeader header = checkpointHeader();
        withWholeFields(whole -> dir.save(header, whole));
        return dir.file(header.step());
    }

    /** Writes the whole fields somewhere. */
    @FunctionalInterface
    private interface WholeFieldsWriter {
        void write(List<Field> whole) throws IOException;
    }

    /**
     * Hands the whole fields to {@code writer}: this process's own, or, when several share the grid, the blocks
     * gathered to the root (collective), where alone it runs; the gathered copies are freed after it.
     */
    private void withWholeFields(WholeFieldsWriter writer) throws IOException {
        if (subdomain == null) {
            writer.write(fields());
            return;
        }
        List<Field> whole = new ArrayList<>();
        try {
            for (int f = 0; f < state.size(); f++) {
                Field gathered = subdomain.gather().gather(state.current(f), f);
                if (gathered != null) {
                    whole.add(gathered);
                }
            }
            if (subdomain.gather().root()) {
                writer.write(whole);
            }
        } finally {
            whole.forEach(Field::close);
        }
    }

    /**
     * Says that about {@code steps} more steps will follow, over one or several calls of {@link #run}: with
     * {@code --temporal-blocking auto}, a run too short for measuring depths is not tuned (a run split into
     * pieces, for snapshots or checkpoints, would otherwise look short piece by piece).
     */
    public void planSteps(long steps) {
        plannedEnd = stepsDone + Math.max(0, steps);
    }

    /** Leaves the ghost layer consistent with the interior, for readers of the fields. */
    private void fillHalos() {
        halo.fill(state.buffers(state.parity()));
        if (subdomain != null) {
            subdomain.exchange().exchange(state.buffers(state.parity()));
        }
    }

    /**
     * Whether to stop now, between runs: a cancel (Ctrl-C, SIGTERM, {@code control().cancel()}). Within one
     * process a run stops at the next step by itself; when several share the grid, a run does not (their steps
     * must stay in line), and this is collective: every process calls it after the same step, and all stop if
     * any was cancelled.
     */
    public boolean stopAgreed() {
        return decomposer == null ? control.isCancelRequested() : !decomposer.everywhere(!control.isCancelPending());
    }

    /** The least of every process's {@code steps} (collective when several share the grid; else {@code steps}). */
    public long leastOf(long steps) {
        return decomposer == null ? steps : decomposer.least(steps);
    }

    /** This process's part of a grid several processes share (MPI); empty when it steps the whole grid. */
    public Optional<Subdomain> subdomain() {
        return Optional.ofNullable(subdomain);
    }

    /** Cancel handle and progress of the current run; usable from any thread. */
    public RunControl control() {
        return control;
    }

    /** The current state of a field (valid until the next run). */
    public Field field(String name) {
        int i = model.fieldIndex(name);
        if (i < 0) {
            throw new IllegalArgumentException("'" + name + "' is not a field of " + model.name() + "; fields: "
                    + String.join(", ", model.fields()));
        }
        return state.current(i);
    }

    /** The current state of field number {@code i}, in the model's order. */
    public Field field(int i) {
        return state.current(i);
    }

    public Model model() {
        return model;
    }

    public GridShape shape() {
        return shape;
    }

    /** Steps per sweep over memory: {@link Builder#stepsPerSweep} with temporal blocking, else 1. */
    public int stepsPerSweep() {
        return stepsPerSweep;
    }

    /** Whether steps flush subnormal results to zero ({@link Builder#flushSubnormals}). */
    public boolean flushesSubnormals() {
        return flushesSubnormals;
    }

    public Precision precision() {
        return state.precision();
    }

    public long stepsDone() {
        return stepsDone;
    }

    public double dt() {
        return dt;
    }

    public double h() {
        return h;
    }

    public long seed() {
        return seed;
    }

    /** The value of a parameter in this run. */
    public double param(String name) {
        int i = model.paramIndex(name);
        if (i < 0) {
            throw new IllegalArgumentException("'" + name + "' is not a parameter of " + model.name());
        }
        return params[i];
    }

    /** Every parameter's value in this run, in the model's order. */
    public Map<String, Double> params() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            m.put(model.params().get(i).name(), params[i]);
        }
        return m;
    }

    /** How the fields were initialised: an init's name, "from DIR", or "zero". */
    public String initDescription() {
        return initDescription;
    }

    /** The boundaries, e.g. "periodic,neumann". */
    public String boundaries() {
        return halo.describe();
    }

    /**
     * What {@code --temporal-blocking auto} measured to choose {@link #stepsPerSweep()} (e.g. "k=1: 12.310 ms/step,
     * k=4: 8.020 ms/step, ... -> 8"), or empty if the depth was fixed.
     */
    public Optional<String> depthTuning() {
        return Optional.ofNullable(tuner).map(DepthTuner::describe);
    }

    /** Whether runs take several steps per sweep (temporal blocking): as decided at build time, or by the tuner once it has chosen. */
    public boolean temporalBlocking() {
        return stepsPerSweep > 1;
    }

    public StencilKernel kernel() {
        return kernel;
    }

    public StepEngine engine() {
        return engine;
    }

    /** The stagger of the field buffers (bytes modulo a page), as placed against 4K aliasing. */
    public long bufferStagger() {
        return state.stagger();
    }

    public boolean isClosed() {
        return !state.isAlive();
    }

    @Override
    public void close() {
        state.close();
    }

    /** What a run is given; everything has a default (the model's, where it states one). */
    /**
     * Steps per sweep with temporal blocking unless set: measured on Zen 4 (2 cores, 32 MiB L3),
     * gray-scott f64 4096² ran at 446-482 MLUP/s with one step per sweep, 585-616 with 2, 945-1025
     * with 8 and 1017-1079 with 16 (1 thread; 2 threads: 847-865, 1027-1127, 1452-1628, 1614-1810),
     * and 1024² with 8 at 1.4x one step; 8 keeps the rings (k-1 levels of 3 rows) near L2.
     */
    /**
     * Steps per sweep of {@code on} (and the first guess of {@code auto}) in 2D: the rings are rows, in L1/L2,
     * so a deep wavefront costs little (README, Deep temporal blocking: 8 gained most of what 16 did).
     */
    public static final int DEFAULT_STEPS_PER_SWEEP_2D = 8;
    /**
     * In 3D: each level's ring is three planes per field (at 256^2 f64, 3 MiB for Gray-Scott), so the
     * rings of a deep wavefront outgrow the L3 that makes them worth having.
     */
    public static final int DEFAULT_STEPS_PER_SWEEP_3D = 4;

    static int defaultStepsPerSweep(int dims) {
        return dims == 3 ? DEFAULT_STEPS_PER_SWEEP_3D : DEFAULT_STEPS_PER_SWEEP_2D;
    }

    public static final class Builder {
        private final Model model;
        private int[] size;
        private Precision precision = Precision.F64;
        private final Map<String, Double> set = new LinkedHashMap<>();
        private Double dt;
        private boolean autoDt;
        private Double h;
        private BoundarySpec boundary;
        private long seed;
        private String initName;
        private Path initFrom;
        private Checkpoint restart;
        private Backend backend = Backend.VECTOR;
        private StencilKernel kernel;
        private ParallelMode mode = ParallelMode.SERIAL;
        private int threads = 1;
        private BarrierKind barrier = BarrierKind.SPIN;
        private int checkEvery = 100;
        private TemporalBlocking temporalBlocking = TemporalBlocking.AUTO;
        private boolean flushSubnormals;
        private Integer stepsPerSweep; // null: the default of the grid's dimension
        private int[] depthCandidates; // tests: AUTO tunes over these whatever the grid's size
        private Subdomain.Decomposer decomposer;

        private Builder(Model model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /**
         * The grid: two sizes (2D) or three (3D), x first; one size means that size along every axis of
         * the model's own grid (3D if its default grid is). Default: the model's grid, else 256x256.
         */
        public Builder size(int... sizes) {
            if (sizes.length < 1 || sizes.length > 3) {
                throw new IllegalArgumentException("a size is one, two or three numbers, not " + sizes.length);
            }
            this.size = sizes.clone();
            return this;
        }

        public Builder precision(Precision p) {
            this.precision = Objects.requireNonNull(p);
            return this;
        }

        /** A parameter's value for this run (the model's default otherwise). */
        public Builder set(String param, double value) {
            if (model.paramIndex(param) < 0) {
                throw new IllegalArgumentException("'" + param + "' is not a parameter of " + model.name() + "; parameters: "
                        + (model.params().isEmpty() ? "none" : String.join(", ", model.params().stream().map(Model.Param::name).toList())));
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(param + " = " + value + " is not allowed: a parameter must be a finite number");
            }
            set.put(param, value);
            return this;
        }

        public Builder dt(double dt) {
            if (!(dt > 0) || !Double.isFinite(dt)) {
                throw new IllegalArgumentException("dt = " + dt + " is not allowed: it must be a finite number > 0");
            }
            this.dt = dt;
            this.autoDt = false;
            return this;
        }

        /** dt = 0.9 of the stability limit derived from the model's diffusion (an error if it cannot be derived). */
        public Builder autoDt() {
            this.autoDt = true;
            this.dt = null;
            return this;
        }

        public Builder h(double h) {
            if (!(h > 0) || !Double.isFinite(h)) {
                throw new IllegalArgumentException("h = " + h + " is not allowed: it must be a finite number > 0");
            }
            this.h = h;
            return this;
        }

        public Builder boundary(BoundarySpec spec) {
            this.boundary = Objects.requireNonNull(spec);
            return this;
        }

        /** The noise seed ({@code rand()}); default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** One of the model's initial conditions by name (default: its first). */
        public Builder init(String name) {
            this.initName = Objects.requireNonNull(name);
            this.initFrom = null;
            this.restart = null;
            return this;
        }

        /** The initial state from {@code dir/<field>.npy} for every field. */
        public Builder initFrom(Path dir) {
            this.initFrom = Objects.requireNonNull(dir);
            this.initName = null;
            this.restart = null;
            return this;
        }

        /**
         * Continues the run {@code checkpoint} was taken from: its fields and step count (so noise, keyed by
         * the step, continues too). {@link #build()} refuses it, naming what differs, unless the model's text,
         * fields, grid, boundaries, precision, parameters, dt, h, seed and subnormal flushing are the
         * checkpoint's; threads, parallel mode, backend and temporal blocking may differ: the steps that follow
         * are bit for bit those of the run that was never interrupted.
         */
        public Builder restartFrom(Checkpoint checkpoint) {
            this.restart = Objects.requireNonNull(checkpoint);
            this.initName = null;
            this.initFrom = null;
            return this;
        }

        public Builder backend(Backend b) {
            this.backend = Objects.requireNonNull(b);
            return this;
        }

        /** Uses this kernel instead of one made for {@link #backend}: a test's own, for example. */
        public Builder kernel(StencilKernel k) {
            this.kernel = Objects.requireNonNull(k);
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

        /**
         * Whether steps store results below the smallest normal number as +0, or keep strict IEEE results
         * (the default); the same in every backend. Subnormal numbers make x86 arithmetic several times
         * slower and Java cannot set the CPU's flush-to-zero mode. Off by default: flushing costs 10-14%
         * when there is nothing to flush, and in f32 Gray-Scott it did not remove the slow phase, whose
         * subnormals are mostly intermediates (v*v), not stored values (measured, README).
         * Ignored for a {@link #kernel(StencilKernel) given kernel}.
         */
        public Builder flushSubnormals(boolean flush) {
            this.flushSubnormals = flush;
            return this;
        }

        /**
         * Steps per sweep when temporal blocking is on (default {@value #DEFAULT_STEPS_PER_SWEEP_2D} in 2D,
         * {@value #DEFAULT_STEPS_PER_SWEEP_3D} in 3D; with {@link TemporalBlocking#AUTO} on big grids the run
         * measures which is fastest, unless this is set): a deeper wavefront moves the fields through memory
         * once per {@code k} steps, at the price of k-1 rings of scratch rows (planes) per band and of
         * recomputing up to k-1 rows (planes) beyond each band's edges.
         */
        public Builder stepsPerSweep(int k) {
            if (k < 2 || k > 64) {
                throw new IllegalArgumentException("steps per sweep " + k + " is not allowed: use 2..64 (1 is temporal blocking off)");
            }
            this.stepsPerSweep = k;
            return this;
        }

        /**
         * Makes AUTO measure these depths on any grid, one group per trial (tests: the tuner's depth changes must not
         * change a bit).
         */
        Builder depthCandidates(int... depths) {
            this.depthCandidates = depths.clone();
            return this;
        }

        /**
         * Steps only this process's part of the grid, which {@code decomposer} chooses once the grid, boundaries
         * and ghost width are known (before any memory is allocated): a distributed run (dev.jstencil.mpi). The
         * fields are then the block's, {@link Simulation#shape()} the whole grid's; each step exchanges the ghost
         * layers of internal faces. For now such a run steps on one thread, one step per sweep. A restart or
         * {@link #initFrom} gives each process its block of the files; checkpoints are gathered and written whole
         * by one process ({@link Subdomain.Gather}), so they restart on any number of processes.
         */
        public Builder distributed(Subdomain.Decomposer decomposer) {
            this.decomposer = Objects.requireNonNull(decomposer);
            return this;
        }

        public Simulation build() {
            return new Simulation(this);
        }

        /** What {@link #autoDt()} would give for the builder's current model, parameters, grid and h. */
        public double autoDtValue() {
            boolean was = autoDt;
            Double before = dt;
            try {
                autoDt = true;
                return dt(Stability.limit(model, shape().dims(), params(), h != null ? h : model.h()));
            } finally {
                autoDt = was;
                dt = before;
            }
        }

        public Model model() {
            return model;
        }

        GridShape shape() {
            int[] s = size;
            if (s == null) {
                s = model.grid().map(g -> g.stream().mapToInt(Integer::intValue).toArray()).orElse(new int[] {256, 256});
            } else if (s.length == 1) {
                int[] all = new int[model.ownDims()];
                Arrays.fill(all, s[0]);
                s = all;
            }
            for (int n : s) {
                if (n < MIN_SIZE) {
                    throw new IllegalArgumentException("grid size " + sizeText(s) + " is too small: each size must be >= " + MIN_SIZE);
                }
            }
            return GridShape.of(s);
        }

        private static String sizeText(int[] s) {
            return String.join("x", Arrays.stream(s).mapToObj(Integer::toString).toList());
        }

        double[] params() {
            double[] p = model.defaultParams();
            set.forEach((name, v) -> p[model.paramIndex(name)] = v);
            return p;
        }

        double dt(Optional<Stability.Limit> limit) {
            String fraction = "(or use --dt auto for " + Stability.AUTO_DT_FRACTION + " of that)";
            if (autoDt) {
                Stability.Limit l = limit.orElseThrow(() -> new IllegalArgumentException("--dt auto needs a stability limit, and none "
                        + "can be derived for model " + model.name() + " (only diffusion written as D*lap(f) in f's own rate is "
                        + "analysed): give --dt"));
                if (Double.isInfinite(l.dt())) {
                    throw new IllegalArgumentException("--dt auto needs some diffusion: nothing in model " + model.name()
                            + " diffuses with these parameters, so there is no stability limit to take a fraction of; give --dt");
                }
                return Stability.AUTO_DT_FRACTION * l.dt();
            }
            double value = dt != null ? dt : model.dt();
            if (limit.isPresent() && value > limit.get().dt()) {
                throw new IllegalArgumentException("dt = " + value + " is unstable for model " + model.name() + " with " + paramText()
                        + ": forward Euler on its diffusion needs dt <= " + limit.get().explain() + " " + fraction);
            }
            return value;
        }

        private String paramText() {
            double[] p = params();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < p.length; i++) {
                sb.append(i > 0 ? ", " : "").append(model.params().get(i).name()).append(" = ").append(p[i]);
            }
            return sb.length() == 0 ? "no parameters" : sb.toString();
        }

        List<AxisBoundary> boundaries(int dims) {
            if (boundary != null) {
                return boundary.forDims(dims);
            }
            try {
                return model.boundary().orElse(BoundarySpec.PERIODIC).forDims(dims);
            } catch (IllegalArgumentException e) {
                throw new dev.jstencil.model.ModelException(model.boundaryPos(), e.getMessage());
            }
        }

        Model.Init init() {
            if (initFrom != null || restart != null) {
                return null;
            }
            if (initName == null) {
                return model.inits().isEmpty() ? null : model.inits().getFirst();
            }
            return model.init(initName).orElseThrow(() -> new IllegalArgumentException("init '" + initName + "' is not one of model "
                    + model.name() + "'s initial conditions: " + (model.inits().isEmpty() ? "it has none (use --init-from DIR)"
                    : String.join(", ", model.inits().stream().map(Model.Init::name).toList()))));
        }
    }
}
