package dev.jstencil.bench.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart of the results, drawn with Java2D (headless): one panel per grid, in it
 * one group per (precision, threads), one bar per backend (height = median MLUP/s, whisker = min to
 * max over the rounds, label = median and the ratio to C), and the memory-bandwidth bound of the
 * group as a dashed line (grey where the fields fit in L3 and the bound does not bind).
 */
final class Chart {
    private static final int WIDTH = 1600;
    private static final int HEADER = 140; // room for two legend lines
    private static final int LEGEND_LINE = 24;
    private static final int PANEL = 300;
    private static final int FOOTER = 34;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;

    private static final Color INK = new Color(0x222222);
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color BOUND = new Color(0xC44E52);
    private static final Color BOUND_IN_CACHE = new Color(0xBBBBBB);

    private Chart() {
    }

    static Color color(String backend) {
        return switch (backend) {
            case Compare.C -> new Color(0x4C72B0);
            case Compare.C_FTZ -> new Color(0x9DB4D8);
            case "native" -> new Color(0xDD8452);
            case Compare.NATIVE_1STEP -> new Color(0xF0C2A0);
            case "vector" -> new Color(0x55A868);
            case Compare.VECTOR_1STEP -> new Color(0xA6D4B0);
            case "scalar" -> new Color(0x8172B3);
            default -> Color.GRAY;
        };
    }

    static String legendName(String backend, Workload model) {
        return switch (backend) {
            case Compare.C -> "C/OpenMP (gcc -O3 -march=native)";
            case Compare.C_FTZ -> "C/OpenMP with FTZ/DAZ";
            case "native" -> "Java engine + C kernel (FFM)";
            case Compare.NATIVE_1STEP -> "Java engine + C kernel, 1 step/sweep";
            case "vector" -> model.temporalBlocking ? "Java Vector API (k steps/sweep, measured)" : "Java Vector API";
            case Compare.VECTOR_1STEP -> "Java Vector API, 1 step/sweep";
            case "scalar" -> "Java scalar";
            default -> backend;
        };
    }

    static void write(Path file, Results results, Machine m, Options o, String date) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Results.Stat> stats = results.stats();
        List<Grid> grids = results.configs.stream().map(Results.Config::grid).distinct().toList();
        List<String> backends = results.backends.stream()
                .filter(b -> stats.stream().anyMatch(s -> s.backend().equals(b))).toList();
        int height = HEADER + PANEL * Math.max(1, grids.size()) + FOOTER;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            header(g, m, o, date, backends);
            int y = HEADER;
            for (Grid grid : grids) {
                panel(g, y, grid, results, stats, backends, m);
                y += PANEL;
            }
            g.setFont(font(Font.PLAIN, 13));
            g.setColor(new Color(0x555555));
            g.drawString("Bars: median over the rounds; whiskers: min to max; labels: median MLUP/s and ratio to C. "
                    + "Dashed line: memory-bandwidth bound (triad GB/s / bytes per update; f64 48 B, f32 24 B), grey where the fields fit in L3 and it does not bind.",
                    LEFT - 60, height - 12);
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static void header(Graphics2D g, Machine m, Options o, String date, List<String> backends) {
        g.setColor(INK);
        g.setFont(font(Font.BOLD, 24));
        g.drawString(o.model().title + ": jstencil (Java) vs C/OpenMP — MLUP/s, higher is better", LEFT - 60, 34);
        g.setFont(font(Font.PLAIN, 14));
        g.setColor(new Color(0x444444));
        String bw = m.triadGbps.isEmpty() ? "bandwidth not measured" : "triad " + String.join(", ",
                m.triadGbps.entrySet().stream().map(e -> String.format(Locale.ROOT, "%.1f GB/s (%dt)", e.getValue(), e.getKey())).toList());
        g.drawString(String.format(Locale.ROOT, "%s · %s (family %s, model %s), %d CPUs, L3 %s · %s · %s · %d rounds",
                date, m.cpuModel, m.family, m.modelNumber, m.cpus, Results.mib(m.l3Bytes), bw, shortJdk(m.jdk), o.rounds()), LEFT - 60, 58);
        // Legend: entries left to right, wrapping onto a second line when the width runs out
        int x = LEFT - 60, y = 92;
        g.setFont(font(Font.PLAIN, 15));
        FontMetrics fm = g.getFontMetrics();
        for (String b : backends) {
            String name = legendName(b, o.model());
            int w = 24 + fm.stringWidth(name);
            if (x + w > WIDTH - 20) {
                x = LEFT - 60;
                y += LEGEND_LINE;
            }
            g.setColor(color(b));
            g.fillRect(x, y - 13, 18, 16);
            g.setColor(INK);
            g.drawString(name, x + 24, y);
            x += w + 30;
        }
        if (x + 44 + fm.stringWidth("bandwidth bound") > WIDTH - 20) {
            x = LEFT - 60;
            y += LEGEND_LINE;
        }
        Stroke old = g.getStroke();
        g.setColor(BOUND);
        g.setStroke(dashed(2.5f));
        g.drawLine(x, y - 5, x + 36, y - 5);
        g.setStroke(old);
        g.setColor(INK);
        g.drawString("bandwidth bound", x + 44, y);
    }

    private static void panel(Graphics2D g, int top, Grid grid, Results results, List<Results.Stat> stats,
                              List<String> backends, Machine m) {
        List<Results.Config> groups = results.configs.stream().filter(c -> c.grid().equals(grid)).toList();
        int plotTop = top + 36, plotBottom = top + PANEL - 52;
        int plotLeft = LEFT, plotRight = WIDTH - RIGHT;
        // y range: the bars and whiskers, with head room for the labels; a bound up to twice the
        // tallest bar is shown to scale, a higher one is drawn at the top edge with an arrow
        double maxBar = 1;
        for (Results.Stat s : stats) {
            if (s.config().grid().equals(grid)) {
                maxBar = Math.max(maxBar, s.max());
            }
        }
        double max = maxBar;
        for (Results.Config c : groups) {
            double b = m.boundMlups(c.precision(), c.threads());
            if (!Double.isNaN(b) && b <= 2 * maxBar) {
                max = Math.max(max, b);
            }
        }
        double tick = niceTick(max * 1.3 / 5);
        double yMax = Math.ceil(max * 1.3 / tick) * tick;
        // panel title
        g.setColor(INK);
        g.setFont(font(Font.BOLD, 17));
        List<String> precisions = groups.stream().map(Results.Config::precision).distinct().toList();
        List<String> parts = new java.util.ArrayList<>();
        for (String p : precisions) {
            parts.add(Results.mib(Machine.workingSet(grid, p)) + " (" + p + ")");
        }
        List<Machine.Residence> where0 = precisions.stream().map(p -> m.residence(grid, p)).distinct().toList();
        List<String> whereParts = new java.util.ArrayList<>();
        for (String p : precisions) {
            String w = switch (m.residence(grid, p)) {
                case L3 -> "in L3: compute/cache bound";
                case L3_SIZED -> "about L3-sized: partly from DRAM";
                case DRAM -> "far beyond L3: memory-bandwidth bound";
            };
            whereParts.add(where0.size() == 1 ? w : p + " " + w);
            if (where0.size() == 1) {
                break;
            }
        }
        String where = "fields " + String.join(", ", parts) + " — " + String.join("; ", whereParts);
        g.drawString(grid.title() + "  (" + where + ")", plotLeft, top + 24);
        // axis and grid
        g.setFont(font(Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (double v = 0; v <= yMax + 1e-9; v += tick) {
            int y = yOf(v, yMax, plotTop, plotBottom);
            g.setColor(GRID);
            g.drawLine(plotLeft, y, plotRight, y);
            g.setColor(INK);
            String label = String.format(Locale.ROOT, "%.0f", v);
            g.drawString(label, plotLeft - 8 - fm.stringWidth(label), y + 5);
        }
        g.setColor(INK);
        g.drawLine(plotLeft, plotTop, plotLeft, plotBottom);
        g.drawLine(plotLeft, plotBottom, plotRight, plotBottom);
        Graphics2D gr = (Graphics2D) g.create();
        gr.rotate(-Math.PI / 2);
        gr.setFont(font(Font.PLAIN, 14));
        String axis = "MLUP/s";
        gr.drawString(axis, -(plotTop + plotBottom) / 2 - gr.getFontMetrics().stringWidth(axis) / 2, plotLeft - 62);
        gr.dispose();
        // groups: bounds first (bars cover them: the line shows as a roof above the bars), then bars, then labels
        double groupWidth = (double) (plotRight - plotLeft) / Math.max(1, groups.size());
        for (int pass = 0; pass < 3; pass++) {
            for (int gi = 0; gi < groups.size(); gi++) {
                Results.Config c = groups.get(gi);
                int gx0 = (int) (plotLeft + gi * groupWidth);
                List<Results.Stat> bars = backends.stream()
                        .flatMap(b -> stats.stream().filter(s -> s.config().equals(c) && s.backend().equals(b)))
                        .toList();
                int n = Math.max(1, bars.size());
                int barW = (int) Math.min(80, groupWidth * 0.75 / n);
                int barsX0 = (int) (gx0 + (groupWidth - barW * n) / 2);
                switch (pass) {
                    case 0 -> bound(g, c, m, yMax, plotTop, plotBottom, barsX0 - 12, barsX0 + barW * n + 12);
                    case 1 -> {
                        for (int bi = 0; bi < bars.size(); bi++) {
                            bar(g, bars.get(bi), barsX0 + bi * barW, barW, yMax, plotTop, plotBottom);
                        }
                    }
                    default -> {
                        double cMed = Results.cMedian(stats, c);
                        for (int bi = 0; bi < bars.size(); bi++) {
                            barLabels(g, bars.get(bi), barsX0 + bi * barW + barW / 2, cMed, yMax, plotTop, plotBottom);
                        }
                        groupLabels(g, c, stats, m, gx0, groupWidth, plotBottom);
                    }
                }
            }
        }
    }

    private static void bound(Graphics2D g, Results.Config c, Machine m, double yMax, int plotTop, int plotBottom, int x0, int x1) {
        double bound = m.boundMlups(c.precision(), c.threads());
        if (Double.isNaN(bound)) {
            return;
        }
        boolean binds = !m.fitsL3(c.grid(), c.precision());
        boolean offScale = bound > yMax;
        int yb = offScale ? plotTop : yOf(bound, yMax, plotTop, plotBottom);
        Stroke old = g.getStroke();
        g.setColor(binds ? BOUND : BOUND_IN_CACHE);
        g.setStroke(dashed(2.5f));
        g.drawLine(x0, yb, x1, yb);
        g.setStroke(old);
        if (offScale) {
            g.setFont(font(Font.BOLD, 14));
            g.drawString("↑", x1 + 3, yb + 12);
        }
    }

    private static void bar(Graphics2D g, Results.Stat s, int x, int barW, double yMax, int plotTop, int plotBottom) {
        int yMed = yOf(s.median(), yMax, plotTop, plotBottom);
        g.setColor(color(s.backend()));
        g.fillRect(x + 3, yMed, barW - 6, plotBottom - yMed);
        int yMin = yOf(s.min(), yMax, plotTop, plotBottom), yMaxW = yOf(s.max(), yMax, plotTop, plotBottom);
        int xc = x + barW / 2;
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(xc, yMin, xc, yMaxW);
        g.drawLine(xc - 6, yMin, xc + 6, yMin);
        g.drawLine(xc - 6, yMaxW, xc + 6, yMaxW);
        g.setStroke(new BasicStroke(1f));
    }

    private static void barLabels(Graphics2D g, Results.Stat s, int xc, double cMed, double yMax, int plotTop, int plotBottom) {
        int top = Math.min(yOf(s.max(), yMax, plotTop, plotBottom), yOf(s.median(), yMax, plotTop, plotBottom));
        int y = top - 6;
        label(g, String.format(Locale.ROOT, "%.0f", s.median()), xc, y, font(Font.BOLD, 14), INK);
        if (!s.backend().equals(Compare.C) && !Double.isNaN(cMed)) {
            label(g, String.format(Locale.ROOT, "%.2f×C", s.median() / cMed), xc, y - 16, font(Font.PLAIN, 12), new Color(0x444444));
        }
    }

    /** Text centred on x with its baseline at y, on a white backing so lines behind it do not cross it. */
    private static void label(Graphics2D g, String text, int x, int y, Font f, Color color) {
        g.setFont(f);
        FontMetrics fm = g.getFontMetrics();
        int w = fm.stringWidth(text);
        g.setColor(new Color(255, 255, 255, 215));
        g.fillRect(x - w / 2 - 2, y - fm.getAscent() + 1, w + 4, fm.getAscent() + 1);
        g.setColor(color);
        g.drawString(text, x - w / 2, y);
    }

    private static void groupLabels(Graphics2D g, Results.Config c, List<Results.Stat> stats, Machine m, int gx0,
                                    double groupWidth, int plotBottom) {
        g.setColor(INK);
        g.setFont(font(Font.BOLD, 15));
        String gl = c.precision() + ", " + c.threads() + (c.threads() == 1 ? " thread" : " threads");
        g.drawString(gl, (int) (gx0 + groupWidth / 2 - g.getFontMetrics().stringWidth(gl) / 2.0), plotBottom + 22);
        g.setFont(font(Font.PLAIN, 12));
        g.setColor(new Color(0x555555));
        double bound = m.boundMlups(c.precision(), c.threads());
        String boundText = Double.isNaN(bound) ? "n/a"
                : String.format(Locale.ROOT, "%.0f%s", bound, m.fitsL3(c.grid(), c.precision()) ? " (n/a: in L3)" : "");
        String sub = String.format(Locale.ROOT, "bw bound %s · %d steps/run", boundText,
                stats.stream().filter(s -> s.config().equals(c)).mapToLong(Results.Stat::steps).max().orElse(0));
        g.drawString(sub, (int) (gx0 + groupWidth / 2 - g.getFontMetrics().stringWidth(sub) / 2.0), plotBottom + 39);
    }

    private static int yOf(double v, double yMax, int top, int bottom) {
        return (int) Math.round(bottom - (bottom - top) * Math.max(0, v) / yMax);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
    static double niceTick(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            if (f * p >= raw) {
                return f * p;
            }
        }
        return 10 * p;
    }

    private static Stroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
    }

    private static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    private static String shortJdk(String jdk) {
        int i = jdk.indexOf("; ");
        String runtime = i >= 0 ? jdk.substring(i + 2) : jdk;
        return runtime.replace("OpenJDK Runtime Environment ", "JDK ");
    }
}
