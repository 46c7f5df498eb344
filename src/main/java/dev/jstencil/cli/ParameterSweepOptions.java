package dev.jstencil.cli;

import dev.jstencil.model.Model;
import dev.jstencil.sweep.Axis;
import dev.jstencil.sweep.ParameterGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** What makes 'sweep' a sweep: the varied parameters, the output directory, and how the jobs run. */
final class ParameterSweepOptions {
    @Option(names = "--vary", paramLabel = "NAME=FROM:TO:COUNT",
            description = "At least one. A varied parameter: COUNT values from FROM to TO (repeatable; the first is the map's x axis, the second its y).")
    List<String> vary = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Required. Results: runs.csv, map.png, runs/ (one record per finished run, what a resumed sweep skips).")
    Path out;

    @Option(names = "--field", paramLabel = "NAME", description = "The field the map and the pattern labels show (default: the model's last).")
    String field;

    @Option(names = "--workers", paramLabel = "W", description = "Jobs at a time (default: one per core, ${sys:jstencil.cores}).")
    Integer workers;

    @Option(names = "--threads-per-run", paramLabel = "T", defaultValue = "1",
            description = "Band-parallel threads inside each run (default ${DEFAULT-VALUE}: the pool is the parallelism).")
    int threadsPerRun;

    @Option(names = "--isolate", paramLabel = "thread|process", defaultValue = "thread",
            description = "Run each job in a worker thread, or in a child JVM so that even a crash fails only its job. Default: ${DEFAULT-VALUE}.")
    String isolate;

    @Option(names = "--keep-fields", description = "Also write each run's final fields as DIR/fields/<index>-<field>.npy.")
    boolean keepFields;

    /** Set in a child JVM of --isolate process: the job it runs (not for users, so hidden). */
    @Option(names = "--child-job", hidden = true)
    Integer childJob;

    /** Set in a child JVM of --isolate process: where it writes its result. */
    @Option(names = "--child-result", hidden = true)
    Path childResult;

    static {
        System.setProperty("jstencil.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    /** The grid of --vary, each name a parameter of the model and not also --set. */
    ParameterGrid grid(Model model, List<String> set) {
        if (out == null) { // not required by picocli, so that a settings file may give it
            throw new IllegalArgumentException("missing --out DIR: where runs.csv, map.png and the run records go");
        }
        List<Axis> axes = vary.stream().map(Axis::parse).toList();
        for (Axis a : axes) {
            if (model.paramIndex(a.name()) < 0) {
                throw new IllegalArgumentException("--vary " + a.name() + ": '" + a.name() + "' is not a parameter of " + model.name()
                        + "; parameters: " + String.join(", ", model.params().stream().map(Model.Param::name).toList()));
            }
            if (set.stream().anyMatch(s -> s.strip().startsWith(a.name() + "=") || s.strip().startsWith(a.name() + " "))) {
                throw new IllegalArgumentException("--vary " + a.name() + " and --set " + a.name() + " both give " + a.name()
                        + ": vary it or fix it");
            }
        }
        ParameterGrid grid = new ParameterGrid(axes);
        workers();
        if (threadsPerRun < 1) {
            throw new IllegalArgumentException("--threads-per-run " + threadsPerRun + " is not allowed: use 1 or more");
        }
        isolateProcess();
        return grid;
    }

    String mapField(Model model) {
        if (field != null && model.fieldIndex(field) < 0) {
            throw new IllegalArgumentException("--field '" + field + "' is not a field of " + model.name() + "; fields: "
                    + String.join(", ", model.fields()));
        }
        return field != null ? field : model.fields().getLast();
    }

    int workers() {
        int w = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (w < 1) {
            throw new IllegalArgumentException("--workers " + w + " is not allowed: use 1 or more");
        }
        return w;
    }

    boolean isolateProcess() {
        return switch (isolate.strip().toLowerCase(Locale.ROOT)) {
            case "thread" -> false;
            case "process" -> true;
            default -> throw new IllegalArgumentException("--isolate '" + isolate + "' is not one of [thread, process]");
        };
    }
}
