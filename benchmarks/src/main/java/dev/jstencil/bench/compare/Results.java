package dev.jstencil.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The measured runs, their statistics, and the CSV / Markdown / console renderings. */
final class Results {
    /** One problem: grid, precision, thread count. */
    record Config(Grid grid, String precision, int threads) {
        String label() {
            return grid.label() + " " + precision + " " + threads + "t";
        }
    }

    /** One timed run of one backend. */
    record Run(int round, Config config, String backend, long steps, long warmup, double seconds, double mlups, int stepsPerSweep,
               double wallSeconds) {
    }

    /** Median, min and max over the rounds of one (config, backend). */
    record Stat(Config config, String backend, long steps, int runs, double median, double min, double max, int stepsPerSweep,
                double medianWall) {
    }

    /** wall_seconds: the whole process (start-up, warm-up steps, output), as a user waits for it. */
    static final String CSV_HEADER = "round,size,precision,threads,backend,steps,seconds,mlups,steps_per_sweep,wall_seconds";

    final List<Config> configs;
    final List<String> backends;
    final List<Run> runs = new ArrayList<>();
    /** Backend -> why it was dropped (unavailable, or failed). */
    final Map<String, String> problems = new LinkedHashMap<>();

    Results(List<Config> configs, List<String> backends) {
        this.configs = configs;
        this.backends = backends;
    }

    static String csvLine(Run r) {
        return String.format(Locale.ROOT, "%d,%d,%s,%d,%s,%d,%.6f,%.3f,%d,%.3f", r.round(), r.config().grid().side(),
                r.config().precision(), r.config().threads(), r.backend(), r.steps(), r.seconds(), r.mlups(), r.stepsPerSweep(),
                r.wallSeconds());
    }

    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(CSV_HEADER);
        runs.forEach(r -> lines.add(csvLine(r)));
        Files.write(file, lines);
    }

    /** Statistics per config and backend, in config order, backends in {@link #backends} order. */
    List<Stat> stats() {
        List<Stat> out = new ArrayList<>();
        for (Config c : configs) {
            for (String b : backends) {
                double[] v = runs.stream().filter(r -> r.config().equals(c) && r.backend().equals(b))
                        .mapToDouble(Run::mlups).sorted().toArray();
                if (v.length == 0) {
                    continue;
                }
                long steps = runs.stream().filter(r -> r.config().equals(c) && r.backend().equals(b))
                        .mapToLong(Run::steps).max().orElse(0);
                int perSweep = runs.stream().filter(r -> r.config().equals(c) && r.backend().equals(b))
                        .mapToInt(Run::stepsPerSweep).max().orElse(1);
                double[] wall = runs.stream().filter(r -> r.config().equals(c) && r.backend().equals(b))
                        .mapToDouble(Run::wallSeconds).sorted().toArray();
                out.add(new Stat(c, b, steps, v.length, median(v), v[0], v[v.length - 1], perSweep, median(wall)));
            }
        }
        return out;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Median of C/OpenMP for this config, or NaN. */
    static double cMedian(List<Stat> stats, Config c) {
        return stats.stream().filter(s -> s.config().equals(c) && s.backend().equals(Compare.C))
                .mapToDouble(Stat::median).findFirst().orElse(Double.NaN);
    }

    /** Median whole-process wall time of C/OpenMP for this config, or NaN. */
    static double cWall(List<Stat> stats, Config c) {
        return stats.stream().filter(s -> s.config().equals(c) && s.backend().equals(Compare.C))
                .mapToDouble(Stat::medianWall).findFirst().orElse(Double.NaN);
    }

    /** The table rows (also used for the console): every cell already formatted. */
    List<String[]> tableRows(Machine m) {
        List<Stat> stats = stats();
        List<String[]> rows = new ArrayList<>();
        for (Stat s : stats) {
            Config c = s.config();
            double cMed = cMedian(stats, c), cWall = cWall(stats, c);
            double bound = m.boundMlups(c.precision(), c.threads());
            boolean isC = s.backend().equals(Compare.C);
            rows.add(new String[] {
                    Integer.toString(c.grid().side()), c.precision(), Integer.toString(c.threads()),
                    s.stepsPerSweep() > 1 ? s.backend() + " (" + s.stepsPerSweep() + " steps/sweep)" : s.backend(),
                    Long.toString(s.steps()), fmt(s.median()), fmt(s.min()), fmt(s.max()),
                    isC ? "1.00" : Double.isNaN(cMed) ? "n/a" : String.format(Locale.ROOT, "%.2f", s.median() / cMed),
                    Double.isNaN(bound) ? "n/a" : fmt(bound),
                    Double.isNaN(bound) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * s.median() / bound),
                    mib(Machine.workingSet(c.grid(), c.precision())) + " (" + m.residence(c.grid(), c.precision()).label + ")",
                    String.format(Locale.ROOT, "%.2f", s.medianWall()),
                    isC ? "1.00" : Double.isNaN(cWall) ? "n/a" : String.format(Locale.ROOT, "%.2f", s.medianWall() / cWall),
            });
        }
        return rows;
    }

    static final String[] COLUMNS = {"size", "precision", "threads", "backend", "steps", "median MLUP/s", "min", "max",
            "Java/C (medians)", "bw bound MLUP/s", "% of bound", "fields", "process s", "process Java/C"};

    String markdown(Machine m, Options o, String javaCommand, String cCommand, String started, double minutes,
                    List<String> loads) {
        StringBuilder sb = new StringBuilder();
        Workload model = o.model();
        sb.append("# jstencil vs C/OpenMP: ").append(model.title).append(" head-to-head\n\n");
        sb.append("MLUP/s = million lattice-cell updates per second (higher is better); each row is the median over ")
                .append(o.rounds()).append(" rounds, min and max beside it.\n\n");
        sb.append("- Date: ").append(started).append(String.format(Locale.ROOT, " (took %.1f min)%n", minutes));
        sb.append("- Machine: ").append(m.cpuModel).append(" (lscpu family ").append(m.family).append(", model ")
                .append(m.modelNumber).append("), ").append(m.cpus).append(" CPUs (lscpu), L3 ")
                .append(mib(m.l3Bytes)).append("; shared with other work, so expect noise. Load average (1/5/15 min) ")
                .append(String.join(", ", loads)).append('\n');
        sb.append("- JDK: ").append(m.jdk).append("\n");
        sb.append("- gcc: ").append(m.gcc).append("\n");
        sb.append("- Command: `").append(o.command()).append("`\n");
        sb.append("- Memory bandwidth: ");
        if (m.triadGbps.isEmpty()) {
            sb.append(m.triadNote).append('\n');
        } else {
            List<String> parts = new ArrayList<>();
            m.triadGbps.forEach((t, g) -> parts.add(String.format(Locale.ROOT, "%.1f GB/s with %d thread%s (median %.1f)",
                    g, t, t == 1 ? "" : "s", m.triadMedianGbps.getOrDefault(t, Double.NaN))));
            sb.append(String.join(", ", parts)).append(" (").append(m.triadNote).append(")\n");
        }
        sb.append("\n## Results\n\n");
        appendMarkdownTable(sb, tableRows(m));
        sb.append("\n## How it was measured\n\n");
        sb.append("- Every run is a separate process on the same problem: ").append(model.problem())
                .append(". Steps were chosen from short single-thread pilot runs so that a 1-thread run takes about ").append(o.targetSeconds())
                .append(" s (t threads run t times the steps); C and Java run the same steps and the same `--warmup` (")
                .append(String.format(Locale.ROOT, "%.2f", o.warmupFraction()))
                .append(" x steps), and the JSON `seconds` covers only the timed loop (MLUP/s = steps x ")
                .append(model.cellsFormula()).append(" / seconds).\n");
        sb.append("- Configurations and backends are interleaved round-robin (the backend order rotates each round),")
                .append(" so slow drifts of the shared machine spread over all of them.\n");
        sb.append("- Java: `").append(javaCommand).append("` (the flags of `bin/jstencil`, run from a snapshot of")
                .append(" `target/` so a concurrent rebuild cannot interfere). ").append(model.javaBackends()).append('\n');
        sb.append("- C: `").append(cCommand).append("`: the standalone C/OpenMP program (`native/bench`, built by")
                .append(" `mvn package`) with libgomp's default wait policy (spin, then sleep); `c-openmp-ftz` adds `--ftz on`")
                .append(" (the CPU's flush-to-zero and denormals-are-zero modes, as C users set them), and its ratio is to C without.\n");
        sb.append("- `process s`: the whole process's wall clock (JVM start, model, JIT, warm-up steps, output), median over")
                .append(" the rounds; `process Java/C` is time to solution against C. With `--warmup-fraction 0` neither side")
                .append(" gets warm-up steps: the time a user waits for the job.\n");
        sb.append("- Bandwidth bound = triad bandwidth / bytes per update. ").append(model.title).append(" moves 32 B per update in f64")
                .append(" (read u, v; write u', v') plus 16 B of write-allocate = 48 B; f32 half that (24 B). It only binds")
                .append(" when the four fields (two species, two buffers) do not fit in L3 (")
                .append(mib(m.l3Bytes)).append("): rows marked `L3` (fields at most 3/4 of L3) are compute/cache bound and")
                .append(" can exceed 100%; `≈L3` (up to twice L3) is partly served from DRAM; `DRAM` rows stream every step.")
                .append(model.boundNote()).append('\n');
        if (!problems.isEmpty()) {
            sb.append("\n## Problems\n\n");
            problems.forEach((b, why) -> sb.append("- `").append(b).append("`: ").append(why).append('\n'));
        }
        return sb.toString();
    }

    private static void appendMarkdownTable(StringBuilder sb, List<String[]> rows) {
        sb.append("| ").append(String.join(" | ", COLUMNS)).append(" |\n");
        sb.append("|").append("---|".repeat(COLUMNS.length)).append('\n');
        for (String[] r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
    }

    /** A fixed-width table for the console. */
    String consoleTable(Machine m) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS);
        rows.addAll(tableRows(m));
        int[] w = new int[COLUMNS.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String prevGroup = null;
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            String group = String.join(" ", Arrays.copyOf(r, 3));
            if (k > 1 && !group.equals(prevGroup)) {
                sb.append('\n');
            }
            prevGroup = group;
            for (int i = 0; i < r.length; i++) {
                boolean left = i == 1 || i == 3 || i == r.length - 1;
                sb.append(left ? String.format("%-" + w[i] + "s", r[i]) : String.format("%" + w[i] + "s", r[i]));
                sb.append(i + 1 < r.length ? "  " : "\n");
            }
        }
        return sb.toString();
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String mib(long bytes) {
        return bytes < 1048576 ? String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
