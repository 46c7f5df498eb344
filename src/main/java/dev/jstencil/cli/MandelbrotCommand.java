package dev.jstencil.cli;

import dev.jstencil.io.Colormap;
import dev.jstencil.parallel.StepEngine;
import dev.jstencil.workload.ParallelSettings;
import dev.jstencil.workload.Schedule;
import dev.jstencil.workload.mandelbrot.MandelbrotImage;
import dev.jstencil.workload.mandelbrot.MandelbrotPng;
import dev.jstencil.workload.mandelbrot.MandelbrotRenderer;
import dev.jstencil.workload.mandelbrot.Viewport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "mandelbrot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Escape-time Mandelbrot set (the whole set in view); a row is a unit of work.",
                "Rows differ in cost by orders of magnitude: compare a static split",
                "with dynamic row claiming (--compare-schedules).",
                "Writes a PNG (smooth count, viridis; the set black), then one human line",
                "and one JSON line."})
final class MandelbrotCommand implements Callable<Integer> {
    /** Largest image: 12 bytes of results per pixel, so about 800 MB. */
    static final long MAX_PIXELS = 1L << 26;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1600x1200",
            description = "Image size in pixels, each side >= 1. Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "2000",
            description = "Iterations before a point counts as in the set (>= 1). Default: ${DEFAULT-VALUE}.")
    int maxIter;

    @Option(names = "--png", paramLabel = "FILE", defaultValue = "mandelbrot.png", description = "Default: ${DEFAULT-VALUE}.")
    Path png;

    @Option(names = "--schedule", paramLabel = "static|dynamic", defaultValue = "dynamic",
            description = "static: equal bands of rows; dynamic: each worker claims the next row. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @CommandLine.Mixin
    ParallelOptions parallelOptions;

    @Option(names = "--center", paramLabel = "RE,IM", defaultValue = "-0.75,0",
            description = "Centre of the view in the complex plane. Default: ${DEFAULT-VALUE} (the whole set).")
    String center;

    @Option(names = "--zoom", paramLabel = "Z", defaultValue = "1",
            description = "Magnification relative to the whole-set view (> 0). Default: ${DEFAULT-VALUE}.")
    double zoom;

    @Option(names = "--compare-schedules",
            description = "Time both schedules (after one warm-up render of each) and print both times and their ratio.")
    boolean compare;

    private record Config(Viewport view, Schedule schedule, ParallelSettings settings, Path png) {
    }

    @Override
    public Integer call() throws Exception {
        Config c;
        try {
            c = configure();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return compare ? compare(c) : single(c);
    }

    private Config configure() {
        int[] wh = parseSize(size);
        if (maxIter < 1) {
            throw new IllegalArgumentException("--max-iter " + maxIter + " is not allowed: use >= 1");
        }
        Schedule s = Schedule.parse(schedule);
        ParallelSettings settings = parallelOptions.settings();
        Path file = OutputPaths.requireWritableFile("--png", png);
        double[] c = parseCenter(center);
        if (!(zoom > 0) || !Double.isFinite(zoom)) {
            throw new IllegalArgumentException("--zoom " + zoom + " is not allowed: use a finite number > 0");
        }
        double scale = Viewport.fullSet(wh[0], wh[1]).scale() / zoom;
        return new Config(new Viewport(wh[0], wh[1], c[0], c[1], scale), s, settings, file);
    }

    static double[] parseCenter(String text) {
        String[] parts = text.split(",", -1);
        String allowed = "--center '" + text + "' is not allowed: use RE,IM with finite numbers, e.g. -0.75,0";
        if (parts.length == 2) {
            try {
                double re = Double.parseDouble(parts[0].trim()), im = Double.parseDouble(parts[1].trim());
                if (Double.isFinite(re) && Double.isFinite(im)) {
                    return new double[] {re, im};
                }
            } catch (NumberFormatException ignored) {
                // fall through to the message
            }
        }
        throw new IllegalArgumentException(allowed);
    }

    static int[] parseSize(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
        String allowed = "--size '" + text + "' is not allowed: use WxH, integers >= 1 with W*H <= " + MAX_PIXELS;
        if (parts.length != 2) {
            throw new IllegalArgumentException(allowed);
        }
        try {
            int w = Integer.parseInt(parts[0].trim()), h = Integer.parseInt(parts[1].trim());
            if (w >= 1 && h >= 1 && (long) w * h <= MAX_PIXELS) {
                return new int[] {w, h};
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new IllegalArgumentException(allowed);
    }

    private record Timed(MandelbrotImage image, double seconds) {
    }

    private Timed time(Config c, Schedule s, StepEngine engine) {
        long t0 = System.nanoTime();
        MandelbrotImage image = MandelbrotRenderer.render(c.view(), maxIter, s, engine);
        return new Timed(image, (System.nanoTime() - t0) * 1e-9);
    }

    private int single(Config c) throws Exception {
        Timed r = time(c, c.schedule(), c.settings().engine());
        MandelbrotPng.write(c.png(), r.image(), Colormap.VIRIDIS);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "mandelbrot %s, max-iter %d: %.3f s [%s schedule; %s]; %.1f%% in the set; image -> %s%n",
                c.view().width() + "x" + c.view().height(), maxIter, r.seconds(), c.schedule().cliName(),
                c.settings().describe(), 100 * r.image().inSetFraction(), c.png());
        out.println(json(c, c.schedule().cliName()).put("seconds", Json.round(r.seconds(), 6)));
        out.flush();
        return Main.EXIT_OK;
    }

    private int compare(Config c) throws Exception {
        StepEngine engine = c.settings().engine();
        time(c, Schedule.STATIC, engine); // warm-up: JIT-compile the row loop and both schedules
        time(c, Schedule.DYNAMIC, engine);
        Timed stat = time(c, Schedule.STATIC, engine);
        Timed dyn = time(c, Schedule.DYNAMIC, engine);
        boolean identical = stat.image().sameAs(dyn.image());
        if (!identical) { // cannot happen unless a row is rendered wrongly or twice: say so loudly
            throw new IllegalStateException("static and dynamic schedules rendered different images");
        }
        MandelbrotPng.write(c.png(), dyn.image(), Colormap.VIRIDIS);
        double ratio = stat.seconds() / dyn.seconds();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "mandelbrot %s, max-iter %d [%s]: static %.3f s, dynamic %.3f s, static/dynamic %.2f; "
                        + "images identical; image -> %s%n",
                c.view().width() + "x" + c.view().height(), maxIter, c.settings().describe(),
                stat.seconds(), dyn.seconds(), ratio, c.png());
        out.println(json(c, "compare").put("static_seconds", Json.round(stat.seconds(), 6))
                .put("dynamic_seconds", Json.round(dyn.seconds(), 6)).put("static_over_dynamic", Json.round(ratio, 4))
                .put("identical", identical));
        out.flush();
        return Main.EXIT_OK;
    }

    private Json json(Config c, String scheduleName) {
        return new Json().put("command", "mandelbrot").put("width", c.view().width()).put("height", c.view().height())
                .put("max_iter", maxIter).put("schedule", scheduleName).put("threads", c.settings().threads())
                .put("parallel", c.settings().mode().cliName());
    }
}
