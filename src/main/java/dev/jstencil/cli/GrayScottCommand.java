package dev.jstencil.cli;

import dev.jstencil.grid.Precision;
import dev.jstencil.io.Colormap;
import dev.jstencil.io.Npy;
import dev.jstencil.io.PngWriter;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.model.InitialCondition;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.GrayScottSimulation;
import dev.jstencil.sim.RunResult;
import dev.jstencil.sim.TemporalBlocking;
import dev.jstencil.workload.ParallelSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gray-scott", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Gray-Scott reaction-diffusion in 2D (forward Euler, 5-point Laplacian, periodic).",
                "Writes v as a PNG (and u, v as .npy with --npy), then prints one human line and one JSON line."})
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
            description = "Kernel implementation. Default: ${DEFAULT-VALUE}.")
    String backend;

    @CommandLine.Mixin
    ParallelOptions parallelOptions;

    @Option(names = "--barrier", paramLabel = "jdk|spin", defaultValue = "spin",
            description = "Step barrier for platform/virtual teams: jdk (Phaser) or spin (spin-then-park). Default: ${DEFAULT-VALUE}.")
    String barrier;

    @Option(names = "--temporal-blocking", paramLabel = "auto|on|off", defaultValue = "auto",
            description = "Two time steps per sweep over memory (same results, less memory traffic): auto turns it on "
                    + "when the fields are too big for the last-level cache, with every backend. Default: ${DEFAULT-VALUE}.")
    String temporalBlocking;

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

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

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

    @Override
    public Integer call() throws Exception {
        Config c;
        try {
            c = configure();
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        return run(c);
    }

    private record Config(GrayScottParams params, long steps, Precision precision, Backend backend,
                          InitialCondition init, ParallelMode mode, int threads, BarrierKind barrier,
                          TemporalBlocking temporalBlocking, Path png, Path npyDir) {
    }

    private Config configure() {
        Precision prec = Precision.parse(precision);
        Backend be = Backend.parse(backend);
        InitialCondition ic = InitialCondition.parse(init);
        ParallelSettings parallelSettings = parallelOptions.settings();
        ParallelMode mode = parallelSettings.mode();
        BarrierKind bar = BarrierKind.parse(barrier);
        TemporalBlocking tb = TemporalBlocking.parse(temporalBlocking);
        int nThreads = parallelSettings.threads();
        if (checkEvery < 0) {
            throw new IllegalArgumentException("--check-every " + checkEvery + " is not allowed: use 0 (off) or a positive step count");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup " + warmup + " is not allowed: use a step count >= 0");
        }
        if (!vectorBits.equals("auto") && !vectorBits.equals("256") && !vectorBits.equals("512")) {
            throw new IllegalArgumentException("--vector-bits '" + vectorBits + "' is not allowed: use auto, 256 or 512");
        }
        if (!vectorBits.equals("auto")) {
            System.setProperty("jstencil.vector.bits", vectorBits); // read once, when the vector kernel class loads
        }
        // Parameters: the record validates ranges; dt last, since 'auto' and --t-end derive it.
        boolean autoDt = dt.equalsIgnoreCase("auto");
        GrayScottParams p = new GrayScottParams(du, dv, f, k, autoDt ? 1.0 : positiveNumber("--dt", dt), h);
        if (autoDt) {
            p = p.withAutoDt();
        }
        p.requireStable();
        long n;
        if (tEnd != null) {
            if (steps != null) {
                throw new IllegalArgumentException("--steps and --t-end are mutually exclusive: give one");
            }
            if (!Double.isFinite(tEnd) || tEnd <= 0) {
                throw new IllegalArgumentException("--t-end " + tEnd + " is not allowed: use a finite time > 0");
            }
            double ratio = Math.ceil(tEnd / p.dt());
            if (ratio > 1e15) {
                throw new IllegalArgumentException("--t-end " + tEnd + " needs " + ratio + " steps of dt " + p.dt() + ": too many");
            }
            n = (long) ratio;
            p = p.withDt(tEnd / n);
        } else {
            n = steps != null ? steps : 5000;
            if (n < 0) {
                throw new IllegalArgumentException("--steps " + n + " is not allowed: use a step count >= 0");
            }
        }
        Path pngPath = noPng ? null : OutputPaths.requireWritableFile("--png", png);
        Path npyDir = npy == null ? null : OutputPaths.requireWritableDirectory("--npy", npy);
        return new Config(p, n, prec, be, ic, mode, nThreads, bar, tb, pngPath, npyDir);
    }

    private int run(Config c) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch finished = new CountDownLatch(1);
        try (GrayScottSimulation sim = GrayScottSimulation.builder()
                .size(size.nx(), size.ny()).precision(c.precision()).params(c.params()).init(c.init())
                .backend(c.backend()).parallel(c.mode(), c.threads()).barrier(c.barrier()).checkEvery(checkEvery)
                .temporalBlocking(c.temporalBlocking()).build()) {
            // Ctrl-C: stop at a step boundary, still write what was computed, then let the JVM exit.
            Thread hook = new Thread(() -> {
                sim.control().cancel();
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "jstencil-sigint");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (warmup > 0) {
                    sim.run(warmup);
                }
                boolean showProgress = progress != null ? progress : Progress.interactive();
                RunResult r;
                long cells = (long) size.nx() * size.ny();
                if (showProgress) {
                    try (Progress ignored = new Progress(System.err, "gray-scott", c.steps(), cells, sim.control()::completedSteps)) {
                        r = sim.run(c.steps());
                    }
                } else {
                    r = sim.run(c.steps());
                }
                writeOutputs(sim, c);
                report(out, sim, c, r);
                return r.cancelled() ? Main.EXIT_CANCELLED : Main.EXIT_OK;
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C arrived: the hook is running and returns now that we are done
                }
            }
        }
    }

    private static void writeOutputs(GrayScottSimulation sim, Config c) throws java.io.IOException {
        if (c.png() != null) {
            PngWriter.write(c.png(), sim.v(), Colormap.VIRIDIS);
        }
        if (c.npyDir() != null) {
            Npy.write(c.npyDir().resolve("u.npy"), sim.u());
            Npy.write(c.npyDir().resolve("v.npy"), sim.v());
        }
    }

    private void report(PrintWriter out, GrayScottSimulation sim, Config c, RunResult r) {
        String threadsText = c.mode() == ParallelMode.SERIAL ? "serial, " + c.threads() + " band(s)"
                : c.threads() + " " + c.mode().cliName() + " thread(s)" + (c.mode().usesBarrier() ? ", " + c.barrier().cliName() + " barrier" : "");
        out.printf(Locale.ROOT, "gray-scott %dx%d %s: %d steps%s in %.3f s = %.1f MLUP/s [%s%s; %s]%s%s%n",
                size.nx(), size.ny(), c.precision().cliName(), r.steps(), r.cancelled() ? " (cancelled)" : "",
                r.seconds(), r.mlups(), sim.kernel().description(), sim.temporalBlocking() ? ", 2 steps per sweep" : "", threadsText,
                c.png() != null ? "; v -> " + c.png() : "",
                c.npyDir() != null ? "; u.npy, v.npy -> " + c.npyDir() : "");
        Json json = new Json()
                .put("steps", r.steps()).put("nx", size.nx()).put("ny", size.ny())
                .put("seconds", Json.round(r.seconds(), 6)).put("mlups", Json.round(r.mlups(), 3))
                .put("backend", sim.kernel().backend().cliName()).put("precision", c.precision().cliName())
                .put("threads", c.threads()).put("parallel", c.mode().cliName())
                .put("barrier", c.mode().usesBarrier() ? c.barrier().cliName() : "none")
                .put("temporal_blocking", sim.temporalBlocking())
                .put("warmup", warmup).put("dt", c.params().dt());
        if (r.cancelled()) {
            json.put("cancelled", true);
        }
        out.println(json);
        out.flush();
    }
}
