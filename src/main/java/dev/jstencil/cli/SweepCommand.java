package dev.jstencil.cli;

import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import dev.jstencil.sweep.Cancellation;
import dev.jstencil.sweep.ChildProcessExecutor;
import dev.jstencil.sweep.JobExecutor;
import dev.jstencil.sweep.JobRunner;
import dev.jstencil.sweep.ParameterGrid;
import dev.jstencil.sweep.Sweep;
import dev.jstencil.sweep.SweepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jstencil sweep MODEL --vary NAME=FROM:TO:COUNT ... --out DIR}: one run per point of a parameter grid. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a model once per point of a parameter grid on a pool of workers, each run on one thread, and writes "
                + "DIR/runs.csv (a row per run) and DIR/map.png (each run's final field as a tile at its place). Started again with the "
                + "same arguments it skips the runs DIR already holds. Ctrl-C: running jobs stop and are listed as cancelled, exit 130.")
final class SweepCommand implements Callable<Integer> {
    private static final String CHILDREN = ".children";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SettingsOptions settings;

    @CommandLine.Mixin
    ModelRunOptions runOptions;

    @CommandLine.Mixin
    ParameterSweepOptions sweep;

    @Option(names = "--check-every", paramLabel = "N", defaultValue = "100",
            description = "Scan for NaN/Inf every N steps and after the last (0: never); a NaN fails its run. Default: ${DEFAULT-VALUE}.")
    int checkEvery;

    @Option(names = "--progress", negatable = true, description = "Show progress on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @Override
    public Integer call() throws Exception {
        Integer handled = settings.handle(spec);
        if (handled != null) {
            return handled;
        }
        Model model;
        ParameterGrid grid;
        SweepSpec sweepSpec;
        Path out;
        try {
            model = Model.resolve(settings.modelName);
            grid = sweep.grid(model, runOptions.set);
            if (checkEvery < 0) {
                throw new IllegalArgumentException("--check-every " + checkEvery + " is not allowed: use 0 (off) or a positive step count");
            }
            ParameterGrid g = grid;
            Model m = model;
            builder(model, grid, grid.values(0)); // every option's error now, before a job starts
            long n = runOptions.steps != null ? runOptions.steps : model.steps();
            out = OutputPaths.requireWritableDirectory("--out", sweep.out);
            sweepSpec = new SweepSpec(grid, values -> builder(m, g, values), n, model.fields(), sweep.mapField(model),
                    sweep.keepFields ? OutputPaths.requireWritableDirectory("--keep-fields", out.resolve("fields")) : null);
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (sweep.childJob != null) {
            return SweepChild.run(sweepSpec, sweep.childJob, sweep.childResult);
        }
        JobExecutor executor = sweep.isolateProcess()
                ? new ChildProcessExecutor((index, dir) -> SweepChild.command(spec, index, dir), out.resolve(CHILDREN))
                : new JobRunner(sweepSpec);
        Cancellation cancellation = new Cancellation();
        return SweepInterrupt.onCtrlC(cancellation, () -> { // the report too, before the JVM may exit on Ctrl-C
            Sweep.Summary s = Sweep.run(sweepSpec, out, signature(model, grid), sweep.workers(), executor, cancellation,
                    (progress != null ? progress : Progress.interactive()) ? System.err : null);
            removeIfEmpty(out.resolve(CHILDREN));
            report(s, model, grid, out);
            return cancellation.requested() ? Main.EXIT_CANCELLED : Main.EXIT_OK;
        });
    }

    /** The child JVMs' scratch directories, each removed when its job is recorded. */
    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException notEmpty) {
            // a child's leftovers (a job stopped by Ctrl-C): harmless, the store does not read them
        }
    }

    private Simulation.Builder builder(Model model, ParameterGrid grid, double[] values) {
        Simulation.Builder b = Simulation.builder(model);
        runOptions.applyTo(b);
        for (int i = 0; i < values.length; i++) {
            b.set(grid.names().get(i), values[i]);
        }
        b.checkEvery(checkEvery);
        b.parallel(sweep.threadsPerRun > 1 ? ParallelMode.PLATFORM : ParallelMode.SERIAL, sweep.threadsPerRun);
        if (runOptions.init != null) {
            b.init(runOptions.init);
        }
        if (runOptions.dt != null && runOptions.dt.equalsIgnoreCase("auto")) {
            b.autoDt();
        } else if (runOptions.dt != null) {
            b.dt(RunCommand.positive("--dt", runOptions.dt));
        }
        return b;
    }

    /** What makes two sweeps' results the same: a directory holding a different sweep is not resumed into. */
    private String signature(Model model, ParameterGrid grid) {
        return String.format(Locale.ROOT, "model=%s (text hash %08x) vary=%s size=%s steps=%s dt=%s set=%s seed=%d bc=%s init=%s backend=%s "
                        + "precision=%s check-every=%d field=%s", settings.modelName, model.text().hashCode(), grid, runOptions.size, runOptions.steps, runOptions.dt, runOptions.set, runOptions.seed, runOptions.bc, runOptions.init,
                runOptions.backend, runOptions.precision, checkEvery, sweep.mapField(model));
    }

    private void report(Sweep.Summary s, Model model, ParameterGrid grid, Path out) {
        var w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "sweep %s %s: %d runs: %d ok, %d failed, %d cancelled, %d not started (%d resumed); %d run in %.3f s = %.3f "
                        + "runs/s [%d workers, %s, %d thread(s) per run]; runs.csv, map.png -> %s%n", model.name(), grid, s.total(), s.ok(),
                s.failed(), s.cancelled(), s.notStarted(), s.resumed(), s.ran(), s.seconds(), s.runsPerSecond(), sweep.workers(),
                sweep.isolateProcess() ? "processes" : "threads", sweep.threadsPerRun, out);
        w.println(new Json().put("model", model.name()).put("grid", grid.toString()).put("runs", s.total()).put("ok", s.ok())
                .put("failed", s.failed()).put("cancelled", s.cancelled()).put("not_started", s.notStarted()).put("resumed", s.resumed())
                .put("ran", s.ran()).put("seconds", Json.round(s.seconds(), 6)).put("runs_per_second", Json.round(s.runsPerSecond(), 4))
                .put("workers", sweep.workers()).put("isolate", sweep.isolate).put("threads_per_run", sweep.threadsPerRun)
                .put("csv", s.csv().toString()).put("map", s.map().toString()));
        w.flush();
    }
}
