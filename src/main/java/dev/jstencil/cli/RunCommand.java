package dev.jstencil.cli;

import dev.jstencil.codegen.Lowering;
import dev.jstencil.grid.Field;
import dev.jstencil.io.Colormap;
import dev.jstencil.io.Npy;
import dev.jstencil.io.PngWriter;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.Kernels;
import dev.jstencil.model.Model;
import dev.jstencil.mpi.Mpi;
import dev.jstencil.mpi.CartesianDecomposition;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.sim.RunResult;
import dev.jstencil.sim.Simulation;
import dev.jstencil.workload.ParallelSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jstencil run MODEL [options]}: any model, built in or from a file, on a 2D or 3D grid. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a model: a built-in one (see 'jstencil models') or a model file. Prints one human line and one",
                "JSON line; writes each field as .npy with --npy and a picture with --png."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SettingsOptions settings;

    @CommandLine.Mixin
    ModelRunOptions runOptions;

    @Option(names = "--t-end", paramLabel = "T", description = "Run to time T: steps = ceil(T/dt), then dt = T/steps.")
    Double tEnd;

    @Option(names = "--h", paramLabel = "H", description = "Grid spacing (default: the model's, else 1).")
    Double h;

    @Option(names = "--init-from", paramLabel = "DIR", description = "Initial state from DIR/<field>.npy for every field.")
    Path initFrom;

    @CommandLine.Mixin
    ParallelOptions parallelOptions;

    @CommandLine.Mixin
    SweepOptions sweepOptions;

    @CommandLine.Mixin
    CheckpointOptions checkpointOptions;

    @CommandLine.Mixin
    SeriesOptions seriesOptions;

    @Option(names = "--barrier", paramLabel = "jdk|spin", defaultValue = "spin",
            description = "Step barrier for platform/virtual teams. Default: ${DEFAULT-VALUE}.")
    String barrier;

    @Option(names = "--vector-bits", paramLabel = "auto|256|512", defaultValue = "auto",
            description = "Force the Vector API width. Default: ${DEFAULT-VALUE}.")
    String vectorBits;

    @Option(names = "--npy", paramLabel = "DIR", description = "Write DIR/<field>.npy for every field: shape (ny, nx) or (nz, ny, nx).")
    Path npy;

    @Option(names = "--png", paramLabel = "FILE", description = "Picture (viridis) of the last field, or --png-field; 3D: the middle z slice.")
    Path png;

    @Option(names = "--png-field", paramLabel = "NAME", description = "The field --png draws.")
    String pngField;

    @Option(names = "--dump-kernel", paramLabel = "DIR",
            description = "Write the generated kernel to DIR: the C source with --backend native, else the vector class (javap -c -p).")
    Path dumpKernel;

    @Option(names = "--check-every", paramLabel = "N", defaultValue = "100",
            description = "Scan for NaN/Inf every N steps and after the last (0: never). Default: ${DEFAULT-VALUE}.")
    int checkEvery;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "Run N steps before the timed ones (not counted in steps or seconds).")
    long warmup;

    @Option(names = "--progress", negatable = true, description = "Show progress on stderr (default: when stderr is a terminal).")
    Boolean progress;

    private record Outputs(Path npyDir, Path png, String pngField, Path dumpDir, CheckpointOptions.Plan checkpoints) {
    }

    @Override
    public Integer call() throws Exception {
        Integer handled = settings.handle(spec);
        if (handled != null) {
            return handled;
        }
        Simulation.Builder b;
        long n;
        Outputs outputs;
        SeriesOptions.Plan seriesPlan;
        long before;
        Mpi mpi = Mpi.launchedByMpirun(System.getenv()) ? Mpi.world() : null;
        CartesianDecomposition blocks = null;
        try {
            Model model = Model.resolve(settings.modelName);
            b = Simulation.builder(model);
            runOptions.applyTo(b);
            if (h != null) {
                b.h(h);
            }
            if (runOptions.init != null && initFrom != null) {
                throw new IllegalArgumentException("--init and --init-from are mutually exclusive: give one");
            }
            if (checkpointOptions.restart != null && (runOptions.init != null || initFrom != null)) {
                throw new IllegalArgumentException((runOptions.init != null ? "--init" : "--init-from") + " and --restart are mutually exclusive: "
                        + "a restart takes its fields from the checkpoint");
            }
            if (runOptions.init != null) {
                b.init(runOptions.init);
            }
            if (initFrom != null) {
                if (!Files.isDirectory(initFrom)) {
                    throw new IllegalArgumentException("--init-from " + initFrom + " is not a directory (it should hold "
                            + String.join(", ", model.fields().stream().map(f -> f + ".npy").toList()) + ")");
                }
                b.initFrom(initFrom);
            }
            ParallelSettings parallel = mpi != null && parallelOptions.threads == null
                    ? ParallelSettings.parse(parallelOptions.parallel, threadsPerRank(System.getenv())) : parallelOptions.settings();
            b.parallel(parallel.mode(), parallel.threads()).barrier(BarrierKind.parse(barrier));
            sweepOptions.apply(b);
            if (checkEvery < 0) {
                throw new IllegalArgumentException("--check-every " + checkEvery + " is not allowed: use 0 (off) or a positive step count");
            }
            b.checkEvery(checkEvery);
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup " + warmup + " is not allowed: use a step count >= 0");
            }
            VectorBits.apply(vectorBits);
            double requested = runOptions.dt == null ? model.dt() : runOptions.dt.equalsIgnoreCase("auto") ? Stepping.autoDt(b) : positive("--dt", runOptions.dt);
            Stepping stepping = Stepping.of(runOptions.steps, tEnd, requested, model.steps());
            b.dt(stepping.dt());
            CheckpointOptions.Plan checkpoints = checkpointOptions.plan(b, stepping.steps(),
                    tEnd != null ? "--t-end " + tEnd : "--steps counts from step 0", warmup, spec.commandLine().getErr());
            n = checkpoints.steps();
            if (pngField != null && model.fieldIndex(pngField) < 0) {
                throw new IllegalArgumentException("--png-field '" + pngField + "' is not a field of " + model.name() + "; fields: "
                        + String.join(", ", model.fields()));
            }
            outputs = new Outputs(npy == null ? null : OutputPaths.requireWritableDirectory("--npy", npy),
                    png == null ? null : OutputPaths.requireWritableFile("--png", png),
                    pngField != null ? pngField : model.fields().getLast(),
                    dumpKernel == null ? null : OutputPaths.requireWritableDirectory("--dump-kernel", dumpKernel), checkpoints);
            before = warmup + (checkpoints.restartStep() == null ? 0 : checkpoints.restartStep()); // steps before the timed ones
            seriesPlan = seriesOptions.plan(model.fields(), before, n);
            if (mpi != null) {
                blocks = new CartesianDecomposition(mpi);
                b.distributed(blocks);
            }
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (mpi != null) {
            return runDistributed(mpi, blocks, b, n, outputs, seriesPlan, before + n);
        }
        try (Simulation sim = b.build();
             SeriesOptions.Series series = seriesPlan == null ? null
                     : new SeriesOptions.Series(seriesPlan, sim, sim.model().name(), before + n)) {
            if (outputs.dumpDir() != null) {
                dump(sim, outputs.dumpDir());
            }
            List<SimulationRunner.Periodic> periodic = new java.util.ArrayList<>(outputs.checkpoints().periodic());
            if (series != null) {
                periodic.add(series); // before a checkpoint of the same step: the snapshot is queued, not written, meanwhile
            }
            RunResult r = SimulationRunner.run(sim, sim.model().name(), n, warmup, progress, periodic, (s, result) -> {
                write(s, outputs);
                if (series != null) {
                    series.close(); // the queued snapshots, before a Ctrl-C exit
                }
                outputs.checkpoints().last(s);
                report(spec.commandLine().getOut(), s, result, outputs, series, 1, null, null);
            });
            return r.cancelled() ? Main.EXIT_CANCELLED : Main.EXIT_OK;
        }
    }

    /**
     * One rank's part of {@code mpirun -np N jstencil run}. An error in building the run (the same on every
     * rank, such as too many processes for the grid, or one rank's own) is agreed on by an allreduce, printed
     * once by the lowest rank that has it, and every rank returns its exit status. Once stepping has begun,
     * a rank that fails (a NaN, an exception) prints its error and ends the whole job with MPI_Abort: its
     * neighbours would otherwise wait for its halo forever. A series ({@code seriesPlan}, or null) is started
     * with the run, so that a rank's failure to start it (memory for its snapshots) is agreed on like the others.
     */
    private Integer runDistributed(Mpi mpi, CartesianDecomposition blocks, Simulation.Builder b, long n, Outputs outputs,
                                   SeriesOptions.Plan seriesPlan, long lastStep) {
        Simulation built = null;
        DistributedSeries started = null;
        RuntimeException failure = null;
        try {
            built = b.build();
            if (seriesPlan != null) {
                started = new DistributedSeries(seriesPlan, built, mpi, blocks, built.model().name(), lastStep);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        int first = (int) mpi.allreduceMin(failure != null ? mpi.rank() : mpi.size());
        if (first < mpi.size()) {
            closeQuietly(started);
            if (built != null) {
                built.close();
            }
            int code = failure instanceof IllegalArgumentException || failure instanceof dev.jstencil.kernel.KernelUnavailableException
                    ? Main.EXIT_USAGE : Main.EXIT_FAILURE;
            if (mpi.rank() == first) {
                System.err.println("jstencil: error: " + Main.oneLine(failure) + (first == 0 ? "" : " (rank " + first + ")"));
                System.err.flush();
            }
            return (int) mpi.allreduceMax(failure != null ? code : 0);
        }
        boolean root = mpi.rank() == 0;
        try (Simulation sim = built; DistributedSeries series = started) {
            if (root && outputs.dumpDir() != null) {
                dump(sim, outputs.dumpDir());
            }
            String ranks = mpi.size() + " MPI rank(s), " + String.join("x", java.util.Arrays.stream(blocks.grid().dims())
                    .mapToObj(Integer::toString).toList()) + " blocks, each on " + SimulationRunner.threadsText(built);
            if (warmup > 0) {
                sim.run(warmup); // here rather than in SimulationRunner, so that the exchange times below are of the timed steps
            }
            double warm = blocks.exchangeSeconds();
            // checkpoints and series are collective: every rank's actions run at the same steps
            List<SimulationRunner.Periodic> periodic = new java.util.ArrayList<>(outputs.checkpoints().periodic());
            if (series != null) {
                periodic.add(series);
            }
            RunResult r = SimulationRunner.run(sim, sim.model().name(), n, 0, root ? progress : Boolean.FALSE, periodic, (s, result) -> {
                if (series != null) {
                    series.finish(); // first: a rank's writer failure ends the job here, before the collective calls below
                }
                writeGathered(s, blocks, outputs, root);
                outputs.checkpoints().last(s);
                // Waiting counts: the fastest rank waits for the slowest. The least any rank spent is closest to what the
                // exchange itself costs; the most, to what imbalance and noise add.
                double mine = blocks.exchangeSeconds() - warm, most = mpi.allreduceMax(mine), least = mpi.allreduceMin(mine);
                if (root) {
                    report(spec.commandLine().getOut(), s, result, outputs, series, mpi.size(), ranks, new double[] {least, most});
                }
            });
            return r.cancelled() ? Main.EXIT_CANCELLED : Main.EXIT_OK;
        } catch (Throwable t) {
            System.err.println("jstencil: error: " + Main.oneLine(t) + " (rank " + mpi.rank() + " of " + mpi.size() + "; ending the job)");
            System.err.flush();
            mpi.abort(Main.EXIT_FAILURE);
            return Main.EXIT_FAILURE;
        }
    }

    /**
     * Threads per rank when --threads is not given under mpirun: the cores this process may use, shared by the
     * ranks on its node (Open MPI's OMPI_COMM_WORLD_LOCAL_SIZE, MPICH's MPI_LOCALNRANKS). A rank bound to one
     * core sees one; ranks left unbound (--bind-to none) split the node instead of each taking all of it.
     */
    static int threadsPerRank(java.util.Map<String, String> env) {
        int cores = Runtime.getRuntime().availableProcessors(), local = 1;
        for (String key : List.of("OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS")) {
            try {
                if (env.containsKey(key)) {
                    local = Math.max(1, Integer.parseInt(env.get(key).trim()));
                    break;
                }
            } catch (NumberFormatException ignored) {
                // a launcher's odd value: count this rank alone
            }
        }
        return Math.max(1, cores / local);
    }

    /** Stops a series' writers on a path where the run does not start; its error is not the one to report. */
    private static void closeQuietly(DistributedSeries series) {
        if (series == null) {
            return;
        }
        try {
            series.close();
        } catch (java.io.IOException | RuntimeException ignored) {
            // nothing was written yet: the reason the run did not start is what the user sees
        }
    }

    /** --npy and --png of a distributed run: each field gathered to rank 0 (collective), which writes it. */
    private static void writeGathered(Simulation sim, CartesianDecomposition blocks, Outputs o, boolean root) throws IOException {
        List<String> fields = sim.model().fields();
        for (int f = 0; f < fields.size(); f++) {
            boolean npyIt = o.npyDir() != null, pngIt = o.png() != null && fields.get(f).equals(o.pngField());
            if (!npyIt && !pngIt) {
                continue;
            }
            Field whole = blocks.gather(sim.field(f), f);
            if (root) {
                try (whole) {
                    if (npyIt) {
                        Npy.write(o.npyDir().resolve(fields.get(f) + ".npy"), whole);
                    }
                    if (pngIt) {
                        PngWriter.write(o.png(), whole, Colormap.VIRIDIS);
                    }
                }
            }
        }
    }

    private static void write(Simulation sim, Outputs o) throws IOException {
        if (o.npyDir() != null) {
            for (String f : sim.model().fields()) {
                Npy.write(o.npyDir().resolve(f + ".npy"), sim.field(f));
            }
        }
        if (o.png() != null) {
            PngWriter.write(o.png(), sim.field(o.pngField()), Colormap.VIRIDIS);
        }
    }

    /** The generated kernel of this run's model, dimension and precision: C for the native backend, else the vector class. */
    private void dump(Simulation sim, Path dir) throws IOException {
        var lowered = Lowering.kernel(sim.model(), sim.shape().dims(), sim.precision(), sim.flushesSubnormals());
        if (sim.kernel().backend() == dev.jstencil.kernel.Backend.NATIVE) {
            Path file = dev.jstencil.ffm.NativeKernels.dump(sim.model().text(), lowered, sim.model().name(), dir);
            spec.commandLine().getErr().println("jstencil: generated C kernel written to " + file);
            return;
        }
        if (Kernels.vectorUnavailableReason().isPresent()) {
            throw new IllegalArgumentException("--dump-kernel needs the Vector API: " + Kernels.vectorUnavailableReason().get());
        }
        Path file = dev.jstencil.kernel.vector.VectorKernels.dump(sim.model().text(), lowered, sim.field(0), sim.model().name(), dir);
        spec.commandLine().getErr().println("jstencil: generated kernel written to " + file + " (javap -c -p " + file + ")");
    }

    /** Each {@code --set NAME=VALUE} on the builder (shared with 'sweep'). */
    static void applySets(Simulation.Builder b, List<String> assignments) {
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set '" + assignment + "' is not NAME=VALUE");
            }
            String name = assignment.substring(0, eq).trim(), value = assignment.substring(eq + 1).trim();
            b.set(name, number("--set " + name, value));
        }
    }

    static int[] parseSize(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("--size '" + text + "' is not a size: use N, NXxNY or NXxNYxNZ (integers >= 3)");
        }
        int[] s = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                s[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--size '" + text + "' is not a size: use N, NXxNY or NXxNYxNZ (integers >= 3)");
            }
            if (s[i] < Simulation.MIN_SIZE) {
                throw new IllegalArgumentException("--size '" + text + "' is too small: each size must be >= " + Simulation.MIN_SIZE);
            }
        }
        return s;
    }

    private static double number(String what, String text) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // the message below
        }
        throw new IllegalArgumentException(what + " '" + text + "' is not a finite number");
    }

    static double positive(String what, String text) {
        double v = number(what, text);
        if (v <= 0) {
            throw new IllegalArgumentException(what + " '" + text + "' is not allowed: use a finite number > 0 (or auto)");
        }
        return v;
    }

    /**
     * {@code ranksText}: how a distributed run of {@code ranks} processes was split (and the least and most seconds a rank spent exchanging
     * halos), or null for one process; {@code series}: the run's output series, or null.
     */
    private void report(PrintWriter out, Simulation sim, RunResult r, Outputs o, SeriesOptions.Running series, int ranks, String ranksText,
                        double[] exchangeSeconds) {
        var shape = sim.shape();
        out.printf(Locale.ROOT, "%s %s %s: %d steps%s%s in %.3f s = %.1f MLUP/s [%s%s; %s]%s%s%s%s%n",
                sim.model().name(), shape, sim.precision().cliName(), r.steps(), r.cancelled() ? " (cancelled)" : "",
                o.checkpoints().restartStep() != null ? " after step " + o.checkpoints().restartStep() : "",
                r.seconds(), r.mlups(), sim.kernel().description(), sim.temporalBlocking() ? ", " + sim.stepsPerSweep() + " steps per sweep" : "",
                ranksText != null ? ranksText : SimulationRunner.threadsText(sim), o.png() != null ? "; " + o.pngField() + " -> " + o.png() : "",
                o.npyDir() != null ? "; " + String.join(", ", sim.model().fields().stream().map(f -> f + ".npy").toList()) + " -> "
                        + o.npyDir() : "",
                o.checkpoints().lastFile() != null ? "; checkpoint -> " + o.checkpoints().lastFile() : "", series != null ? series.describe() : "");
        Json json = new Json()
                .put("model", sim.model().name())
                .put("steps", r.steps()).put("nx", shape.nx()).put("ny", shape.ny()).put("nz", shape.nz())
                .put("seconds", Json.round(r.seconds(), 6)).put("mlups", Json.round(r.mlups(), 3))
                .put("backend", sim.kernel().backend().cliName()).put("precision", sim.precision().cliName())
                .put("threads", sim.engine().threads()).put("parallel", sim.engine().mode().cliName())
                .put("barrier", sim.engine().mode().usesBarrier() ? sim.engine().barrierKind().cliName() : "none")
                .put("temporal_blocking", sim.temporalBlocking())
                .put("steps_per_sweep", sim.stepsPerSweep())
                .put("flush_subnormals", sim.flushesSubnormals())
                .put("warmup", warmup).put("dt", sim.dt()).put("h", sim.h())
                .put("boundary", sim.boundaries()).put("init", sim.initDescription()).put("seed", sim.seed());
        if (ranksText != null) {
            json.put("ranks", ranks).put("halo_exchange_seconds", Json.round(exchangeSeconds[1], 6))
                    .put("halo_exchange_seconds_least", Json.round(exchangeSeconds[0], 6));
        }
        sim.depthTuning().ifPresent(t -> json.put("depth_tuning", t));
        o.checkpoints().report(json);
        if (series != null) {
            series.putJson(json);
        }
        if (r.cancelled()) {
            json.put("cancelled", true);
        }
        out.println(json);
        out.flush();
    }
}
