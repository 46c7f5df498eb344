package dev.jstencil.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the machine is (lscpu, compilers) and how much memory bandwidth it has (triad.c). */
final class Machine {
    final String cpuModel;
    /** lscpu's "CPU family" and "Model": what tells CPU generations apart when the model name is generic ("AMD EPYC"). */
    final String family;
    final String modelNumber;
    final int cpus;
    final long l3Bytes;
    final String jdk;
    final String gcc;
    /** Triad bandwidth in GB/s (best of the repetitions) by thread count; empty if not measured. */
    final Map<Integer, Double> triadGbps = new TreeMap<>();
    /** The median of the same repetitions: how far the best stands above the usual. */
    final Map<Integer, Double> triadMedianGbps = new TreeMap<>();
    String triadNote = "not measured";

    private Machine(String cpuModel, String family, String modelNumber, int cpus, long l3Bytes, String jdk, String gcc) {
        this.cpuModel = cpuModel;
        this.family = family;
        this.modelNumber = modelNumber;
        this.cpus = cpus;
        this.l3Bytes = l3Bytes;
        this.jdk = jdk;
        this.gcc = gcc;
    }

    static Machine probe(Path javaHome, Path logDir) throws IOException, InterruptedException {
        String model = "unknown CPU";
        String family = "?";
        String modelNumber = "?";
        int cpus = Runtime.getRuntime().availableProcessors();
        long l3 = 32L << 20;
        Exec.Output lscpu = Exec.run(List.of("lscpu"), Map.of("LC_ALL", "C"), logDir, "lscpu", 20);
        if (lscpu.ok()) {
            for (String line : lscpu.stdout().lines().toList()) {
                String[] kv = line.split(":", 2);
                if (kv.length < 2) {
                    continue;
                }
                String key = kv[0].strip(), value = kv[1].strip();
                switch (key) {
                    case "Model name" -> model = value;
                    case "CPU family" -> family = value;
                    case "Model" -> modelNumber = value;
                    case "CPU(s)" -> cpus = parseIntOr(value, cpus);
                    case "L3 cache", "L3" -> l3 = parseBytesOr(value, l3);
                    default -> { }
                }
            }
        }
        String jdk = firstLines(Exec.run(List.of(javaHome.resolve("bin/java").toString(), "-version"), Map.of(), logDir,
                "java-version", 30));
        String gcc = firstLine(Exec.run(List.of("gcc", "--version"), Map.of(), logDir, "gcc-version", 30));
        return new Machine(model, family, modelNumber, cpus, l3, jdk, gcc);
    }

    /** Compiles and runs benchmarks/src/c/triad.c with 1..n threads; leaves triadGbps empty on failure. */
    void measureTriad(Path source, Path workDir, List<Integer> threadCounts) throws IOException, InterruptedException {
        Path exe = workDir.resolve("triad");
        Exec.Output cc = Exec.run(List.of("gcc", "-O3", "-march=native", "-fopenmp", "-o", exe.toString(), source.toString()),
                Map.of(), workDir.resolve("logs"), "triad-build", 120);
        if (!cc.ok()) {
            triadNote = "triad.c did not build (" + cc.tail() + "); no bandwidth bound";
            return;
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(exe.toString(), Integer.toString(TRIAD_MIB)));
        threadCounts.forEach(t -> cmd.add(Integer.toString(t)));
        Exec.Output run = Exec.run(cmd, Map.of(), workDir.resolve("logs"), "triad", 300);
        if (!run.ok()) {
            triadNote = "triad failed (" + run.tail() + "); no bandwidth bound";
            return;
        }
        Matcher m = TRIAD_LINE.matcher(run.stdout());
        while (m.find()) {
            triadGbps.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
            triadMedianGbps.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(3)));
        }
        triadNote = "triad a[i] = b[i] + s*c[i], 3 arrays of " + TRIAD_MIB + " MiB, gcc -O3 -march=native -fopenmp,"
                + " 32 B per element (read b, c; write a; write-allocate of a), best of 11 repetitions (the bound uses the best)";
    }

    static final int TRIAD_MIB = 256;
    private static final Pattern TRIAD_LINE = Pattern.compile("triad threads=(\\d+) .*?best_gbps=([0-9.]+) median_gbps=([0-9.]+)");

    /** Bandwidth-bound MLUP/s for this precision and thread count, or NaN if unknown. */
    double boundMlups(String precision, int threads) {
        Double gbps = triadGbps.get(threads);
        return gbps == null ? Double.NaN : gbps * 1e9 / bytesPerUpdate(precision) / 1e6;
    }

    /** Gray-Scott (2D or 3D) traffic per update: read u, v; write u', v'; write-allocate of u', v'. */
    static int bytesPerUpdate(String precision) {
        int e = precision.equals("f64") ? 8 : 4;
        return 6 * e; // 4 streams of real traffic + 2 of write-allocate: 48 B (f64), 24 B (f32)
    }

    /** Bytes of the four fields (two species, two buffers) of a run on this grid. */
    static long workingSet(Grid grid, String precision) {
        return 4L * grid.cells() * (precision.equals("f64") ? 8 : 4);
    }

    /** Where the fields of a run live while it runs, which says whether memory bandwidth can bind. */
    enum Residence {
        /** At most 3/4 of L3: compute / cache bound; the bandwidth bound does not apply. */
        L3("L3"),
        /** About the size of L3 (up to 2x): partly served from DRAM. */
        L3_SIZED("≈L3"),
        /** Far larger than L3: every step streams from DRAM; the bound applies. */
        DRAM("DRAM");

        final String label;

        Residence(String label) {
            this.label = label;
        }
    }

    Residence residence(Grid grid, String precision) {
        long ws = workingSet(grid, precision);
        return ws * 4 <= l3Bytes * 3 ? Residence.L3 : ws <= 2 * l3Bytes ? Residence.L3_SIZED : Residence.DRAM;
    }

    boolean fitsL3(Grid grid, String precision) {
        return residence(grid, precision) == Residence.L3;
    }

    /** The 1-, 5- and 15-minute load averages, or "unknown": other work on the machine shows here. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** "openjdk version ... ; OpenJDK Runtime Environment ...". */
    private static String firstLines(Exec.Output o) {
        String text = o.stdout().isBlank() ? o.stderr() : o.stdout();
        return String.join("; ", text.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(2).toList());
    }

    private static String firstLine(Exec.Output o) {
        String text = o.stdout().isBlank() ? o.stderr() : o.stdout();
        return text.lines().findFirst().orElse("unknown").strip();
    }

    private static int parseIntOr(String s, int fallback) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** "32 MiB (1 instance)" or "32768K" to bytes. */
    static long parseBytesOr(String s, long fallback) {
        Matcher m = Pattern.compile("([0-9.]+)\\s*([KMG])(?:i?B)?", Pattern.CASE_INSENSITIVE).matcher(s);
        if (!m.find()) {
            return fallback;
        }
        double v = Double.parseDouble(m.group(1));
        int shift = switch (Character.toUpperCase(m.group(2).charAt(0))) {
            case 'K' -> 10;
            case 'M' -> 20;
            default -> 30;
        };
        return (long) (v * (1L << shift));
    }
}
