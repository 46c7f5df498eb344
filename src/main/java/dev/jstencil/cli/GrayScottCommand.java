package dev.jstencil.cli;

import dev.jstencil.grid.Precision;
import dev.jstencil.io.Colormap;
import dev.jstencil.io.Npy;
import dev.jstencil.io.PngWriter;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.RunResult;
import dev.jstencil.sim.Simulation;
import dev.jstencil.workload.ParallelSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The gray-scott command as it was before models: its options, checks and output lines, now a front
 * to the built-in gray-scott model ({@code run gray-scott} with the same options gives the same fields).
 */
@Command(name = "gray-scott", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Gray-Scott reaction-diffusion in 2D (forward Euler, 5-point Laplacian, periodic): the built-in model",
                "gray-scott. Writes v as a PNG (and u, v as .npy with --npy), then prints one human line and one JSON line."})
final class GrayScottCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", paramLabel = "NX[xNY]", converter = GridSize.Converter.class, defaultValue = "512",
            description = "Grid size: N for NxN, or NXxNY (each >= 3). Default: ${DEFAULT-VALUE}.")
    GridSize size;

    @Option(names = "--steps", paramLabel = "S", description = "Time steps (default 5000 unless --t-end is given).")
    Long steps;

    @Option(names = "--t-end", paramLabel = "T", description = "Run to time T: steps = ceil(T/dt), then dt = T/steps.")
    Double tEnd;

    @Option(names = "--F", defaultValue = "0.04", description = "Feed rate. Default: ${DEFAULT-VALUE}.")
    double f;

    @Option(names = "--k", defaultValue = "0.06", description = "Kill rate. Default: ${DEFAULT-VALUE}.")
    double k;

    @Option(names = "--Du", defaultValue = "0.16", description = "Diffusion of u. Default: ${DEFAULT-VALUE}.")
    double du;

    @Option(names = "--Dv", defaultValue = "0.08", description = "Diffusion of v. Default: ${DEFAULT-VALUE}.")
    double dv;

    @Option(names = "--dt", paramLabel = "DT|auto", defaultValue = "1",
            description = "Time step, or 'auto' for 0.9 of the stability limit h^2/(4 max(Du,Dv)). Default: ${DEFAULT-VALUE}.")
    String dt;

    @Option(names = "--h", defaultValue = "1", description = "Grid spacing. Default: ${DEFAULT-VALUE}.")
    double h;

    @Option(names = "--init", paramLabel = "square|gauss", defaultValue = "square",
            description = "Initial condition. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--precision", paramLabel = "f64|f32", defaultValue = "f64", description = "Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--backend", paramLabel = "scalar|vector|native", defaultValue = "vector",
            description = "Kernel implementation (scalar: the interpreted reference). Default: ${DEFAULT-VALUE}.")
    String backend;

    @CommandLine.Mixin
    ParallelOptions parallelOptions;

    @CommandLine.Mixin
    SweepOptions sweepOptions;

    @CommandLine.Mixin
    SeriesOptions seriesOptions;

    @Option(names = "--barrier", paramLabel = "jdk|spin", defaultValue = "spin",
            description = "Step barrier for platform/virtual teams: jdk (Phaser) or spin (spin-then-park). Default: ${DEFAULT-VALUE}.")
    String barrier;

    @Option(names = "--vector-bits", paramLabel = "auto|256|512", defaultValue = "auto",
            description = "Force the Vector API width. Default: ${DEFAULT-VALUE} (the CPU's preferred width).")
    String vectorBits;

    @Option(names = "--png", paramLabel = "FILE", defaultValue = "gray-scott.png",
            description = "Picture of v (viridis). Default: ${DEFAULT-VALUE}.")
    Path png;

    @Option(names = "--no-png", description = "Do not write a picture.")
    boolean noPng;

    @Option(names = "--npy", paramLabel = "DIR", description = "Write u.npy and v.npy (shape (ny, nx), C order) into DIR.")
    Path npy;

    @Option(names = "--check-every", paramLabel = "N", defaultValue = "100",
            description = "Scan for NaN/Inf every N steps and after the last (0: never). Default: ${DEFAULT-VALUE}.")
    int checkEvery;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "Run N steps before the timed ones (JIT warm-up for measurements; not counted in steps or seconds).")
    long warmup;

    @Option(names = "--progress", negatable = true,
            description = "Show progress on stderr (default: when stderr is a terminal).")
    Boolean progress;

    private static double positiveNumber(String option, String text) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v) && v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new IllegalArgumentException(option + " '" + text + "' is not allowed: use a finite number > 0");
    }

    private static void requireFinite(String name, double value, boolean zeroAllowed) {
        if (!Double.isFinite(value) || value < 0 || (!zeroAllowed && value == 0)) {
            throw new IllegalArgumentException(name + " = " + value + " is not allowed: it must be a finite number "
                    + (zeroAllowed ? ">= 0" : "> 0"));
        }
    }

    @Override
    public Integer call() throws Exception {
        Simulation.Builder b;
        long n;
        Path pngPath, npyDir;
        SeriesOptions.Plan seriesPlan;
        try {
            requireFinite("Du", du, true);
            requireFinite("Dv", dv, true);
            requireFinite("F", f, true);
            requireFinite("k", k, true);
            requireFinite("h", h, false);
            Precision prec = Precision.parse(precision);
            Backend be = switch (backend.toLowerCase(Locale.ROOT)) {
                case "scalar" -> Backend.INTERPRETED;
                case "vector" -> Backend.VECTOR;
                case "native" -> Backend.NATIVE;
                default -> throw new IllegalArgumentException("backend '" + backend + "' is not one of [scalar, vector, native]");
            };
            if (!List.of("square", "gauss").contains(init)) {
                throw new IllegalArgumentException("init '" + init + "' is not one of [square, gauss]");
            }
            ParallelSettings parallel = parallelOptions.settings();
            BarrierKind bar = BarrierKind.parse(barrier);
            if (checkEvery < 0) {
                throw new IllegalArgumentException("--check-every " + checkEvery + " is not allowed: use 0 (off) or a positive step count");
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup " + warmup + " is not allowed: use a step count >= 0");
            }
            VectorBits.apply(vectorBits);
            b = Simulation.builder(Model.builtin("gray-scott")).size(size.nx(), size.ny()).precision(prec)
                    .set("F", f).set("k", k).set("Du", du).set("Dv", dv).h(h)
                    .init(init).backend(be).parallel(parallel.mode(), parallel.threads()).barrier(bar).checkEvery(checkEvery);
            sweepOptions.apply(b);
            boolean autoDt = dt.equalsIgnoreCase("auto");
            if (autoDt && du == 0 && dv == 0) {
                throw new IllegalArgumentException("--dt auto needs Du > 0 or Dv > 0: with no diffusion there is no stability limit to take a fraction of");
            }
            double requested = autoDt ? Stepping.autoDt(b) : positiveNumber("--dt", dt);
            Stepping stepping = Stepping.of(steps, tEnd, requested, 5000);
            n = stepping.steps();
            b.dt(stepping.dt());
            pngPath = noPng ? null : OutputPaths.requireWritableFile("--png", png);
            npyDir = npy == null ? null : OutputPaths.requireWritableDirectory("--npy", npy);
            seriesPlan = seriesOptions.plan(List.of("u", "v"), warmup, n);
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (Simulation sim = b.build();
             SeriesOptions.Series series = seriesPlan == null ? null : new SeriesOptions.Series(seriesPlan, sim, "gray-scott", warmup + n)) {
            RunResult r = SimulationRunner.run(sim, "gray-scott", n, warmup, progress, series == null ? List.of() : List.of(series), (s, result) -> {
                if (pngPath != null) {
                    PngWriter.write(pngPath, s.field("v"), Colormap.VIRIDIS);
                }
                if (npyDir != null) {
                    Npy.write(npyDir.resolve("u.npy"), s.field("u"));
                    Npy.write(npyDir.resolve("v.npy"), s.field("v"));
                }
                if (series != null) {
                    series.close(); // the queued snapshots, before a Ctrl-C exit
                }
                report(spec.commandLine().getOut(), s, result, pngPath, npyDir, series);
            });
            return r.cancelled() ? Main.EXIT_CANCELLED : Main.EXIT_OK;
        }
    }

    private void report(PrintWriter out, Simulation sim, RunResult r, Path pngPath, Path npyDir, SeriesOptions.Series series) {
        String backendName = sim.kernel().backend() == Backend.INTERPRETED ? "scalar" : sim.kernel().backend().cliName();
        out.printf(Locale.ROOT, "gray-scott %dx%d %s: %d steps%s in %.3f s = %.1f MLUP/s [%s%s; %s]%s%s%s%n",
                size.nx(), size.ny(), sim.precision().cliName(), r.steps(), r.cancelled() ? " (cancelled)" : "",
                r.seconds(), r.mlups(), sim.kernel().description(), sim.temporalBlocking() ? ", " + sim.stepsPerSweep() + " steps per sweep" : "",
                SimulationRunner.threadsText(sim), pngPath != null ? "; v -> " + pngPath : "",
                npyDir != null ? "; u.npy, v.npy -> " + npyDir : "", series != null ? series.describe() : "");
        Json json = new Json()
                .put("steps", r.steps()).put("nx", size.nx()).put("ny", size.ny())
                .put("seconds", Json.round(r.seconds(), 6)).put("mlups", Json.round(r.mlups(), 3))
                .put("backend", backendName).put("precision", sim.precision().cliName())
                .put("threads", sim.engine().threads()).put("parallel", sim.engine().mode().cliName())
                .put("barrier", sim.engine().mode().usesBarrier() ? sim.engine().barrierKind().cliName() : "none")
                .put("temporal_blocking", sim.temporalBlocking())
                .put("steps_per_sweep", sim.stepsPerSweep())
                .put("flush_subnormals", sim.flushesSubnormals())
                .put("warmup", warmup).put("dt", sim.dt());
        sim.depthTuning().ifPresent(t -> json.put("depth_tuning", t));
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
