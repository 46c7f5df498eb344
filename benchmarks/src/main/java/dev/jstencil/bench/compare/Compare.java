package dev.jstencil.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The head-to-head: the standalone C/OpenMP program against the Java backends, as separate
 * processes on the same problems of one model ({@link Workload}: the 2D or the 3D Gray-Scott),
 * interleaved round-robin over several rounds; plus a memory bandwidth measurement for the
 * roofline. Writes compare.csv (every run), compare.md (the table and how it was measured) and
 * compare.png (a bar chart), and prints the table.
 *
 * <p>Run it through {@code benchmarks/compare.sh}, which builds everything first; the Java it starts
 * is the one in {@code --java-home} with the flags of {@code bin/jstencil}.
 */
public final class Compare {
    /** The C program's backend name, as it prints it in its JSON line. */
    static final String C = "c-openmp";
    /** The same C program with the CPU's flush-to-zero and denormals-are-zero modes set (--ftz on): what a C user does. */
    static final String C_FTZ = "c-openmp-ftz";
    /** Suffix of a compare backend that runs the CLI backend named before it with one step per sweep (--temporal-blocking off). */
    static final String ONE_STEP = "-1step";
    /** The vector kernel, one step per sweep: the same algorithm as the C program. */
    static final String VECTOR_1STEP = "vector" + ONE_STEP;
    /** The C kernel through FFM, one step per sweep: measures the Java engine and FFM against the C program. */
    static final String NATIVE_1STEP = "native" + ONE_STEP;
    /** Backends in table and chart order. */
    private static final List<String> ORDER = List.of(C, C_FTZ, "native", NATIVE_1STEP, "vector", VECTOR_1STEP, "scalar");
    /** The JVM options of bin/jstencil, which the Java runs use too. */
    private static final List<String> JVM_OPTIONS = List.of("--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:LoopUnrollLimit=120");
    /** Rough speed used to size the pilot runs (MLUP/s). */
    private static final double GUESS_MLUPS = 400;

    private final Options o;
    private final Path work;
    private final Path logs;
    private final Path snapshot;
    private final long startNanos = System.nanoTime();

    private Compare(Options o) {
        this.o = o;
        this.work = o.root().resolve("benchmarks/target/compare");
        this.logs = work.resolve("logs");
        this.snapshot = work.resolve("snapshot");
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("compare: " + e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        int code;
        try {
            code = new Compare(o).run();
        } catch (IOException e) {
            System.err.println("compare: I/O error: " + e.getMessage());
            code = 3;
        } catch (InterruptedException e) {
            System.err.println("compare: interrupted");
            code = 130;
        }
        System.exit(code);
    }

    private int run() throws IOException, InterruptedException {
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        deleteTree(logs);
        Files.createDirectories(logs);
        if (!takeSnapshot()) {
            return 3;
        }
        Path out = resultsFolder();
        if (out == null) {
            return 3;
        }
        say("results go to %s", shortPath(out));

        List<String> loads = new ArrayList<>();
        loads.add("start " + Machine.loadAverage());
        Machine m = Machine.probe(o.javaHome(), logs);
        say("machine: %s, %d CPUs, L3 %s; %s; %s", m.cpuModel, m.cpus, Results.mib(m.l3Bytes), m.jdk, m.gcc);
        if (o.triad()) {
            say("measuring memory bandwidth (benchmarks/src/c/triad.c, 3 x %d MiB arrays) ...", Machine.TRIAD_MIB);
            m.measureTriad(o.root().resolve("benchmarks/src/c/triad.c"), work, o.threads());
            if (m.triadGbps.isEmpty()) {
                say("warning: %s", m.triadNote);
            }
            m.triadGbps.forEach((t, g) -> say("  triad %d thread(s): %.1f GB/s -> bound f64 %.0f MLUP/s, f32 %.0f MLUP/s",
                    t, g, m.boundMlups("f64", t), m.boundMlups("f32", t)));
        }

        List<Results.Config> configs = new ArrayList<>();
        for (int size : o.sizes()) {
            for (String p : o.precisions()) {
                for (int t : o.threads()) {
                    configs.add(new Results.Config(o.model().grid(size), p, t));
                }
            }
        }
        List<String> wanted = ORDER.stream().filter(o.backends()::contains)
                .filter(b -> o.sizes().stream().anyMatch(size -> o.backendsFor(size).contains(b))).toList();
        Results results = new Results(configs, wanted);
        List<String> active = new ArrayList<>();
        for (String b : wanted) {
            String why = checkBackend(b);
            if (why == null) {
                active.add(b);
            } else {
                results.problems.put(b, why);
                say("warning: backend %s is unavailable and will be skipped: %s", b, why);
            }
        }
        String startLoad = Machine.loadAverage();
        if (parseOr(startLoad.split(" ")[0], 0) > 0.5) {
            say("warning: the machine is busy (load average %s): other work competes for the %d CPUs; 2-thread runs"
                    + " suffer most, spinning OpenMP threads more than Java's spin-then-park barrier", startLoad, m.cpus);
        }
        if (active.isEmpty()) {
            say("error: no backend can run; nothing to compare");
            return 3;
        }

        Map<Results.Config, long[]> plan = calibrate(configs, active);
        int total = 0;
        for (Results.Config c : configs) {
            total += backendsFor(c, active).size();
        }
        total *= o.rounds();
        double estimate = 0;
        for (Results.Config c : configs) {
            estimate += backendsFor(c, active).size() * (o.targetSeconds() * (1 + o.warmupFraction()) + 0.6);
        }
        say("%d runs (%d rounds x %d configurations), about %.1f minutes", total, o.rounds(), configs.size(),
                estimate * o.rounds() / 60);

        Path csv = out.resolve("compare.csv");
        Files.writeString(csv, Results.CSV_HEADER + "\n");
        Map<String, Integer> failures = new HashMap<>();
        int done = 0;
        for (int round = 1; round <= o.rounds(); round++) {
            String load = Machine.loadAverage();
            loads.add("round " + round + " " + load);
            say("round %d of %d (load average %s)", round, o.rounds(), load);
            for (int ci = 0; ci < configs.size(); ci++) {
                Results.Config c = configs.get(ci);
                List<String> order = new ArrayList<>(backendsFor(c, active));
                Collections.rotate(order, round - 1 + ci);
                for (String b : order) {
                    if (!active.contains(b)) {
                        continue; // dropped after repeated failures in this round
                    }
                    long[] sw = plan.get(c);
                    done++;
                    Measured r = measure(b, c, sw[0], sw[1], "r" + round + "-" + c.grid().side() + "-" + c.precision() + "-t" + c.threads() + "-" + b);
                    if (r.error() != null) {
                        int n = failures.merge(b, 1, Integer::sum);
                        say("[%d/%d] %s %s: FAILED: %s", done, total, c.label(), b, r.error());
                        if (n >= 3) {
                            active.remove(b);
                            results.problems.put(b, "failed " + n + " times, last: " + r.error());
                            say("warning: dropping backend %s after %d failures", b, n);
                        }
                        continue;
                    }
                    Results.Run run = new Results.Run(round, c, b, r.steps(), sw[1], r.seconds(), r.mlups(), r.stepsPerSweep(),
                            r.wallSeconds());
                    results.runs.add(run);
                    Files.writeString(csv, Results.csvLine(run) + "\n", StandardOpenOption.APPEND);
                    say("[%d/%d, %s] round %d  %-14s %-9s %8.1f MLUP/s  (%d steps in %.3f s)", done, total, elapsed(),
                            round, c.label(), b, r.mlups(), r.steps(), r.seconds());
                }
            }
        }
        for (String b : wanted) {
            if (!results.problems.containsKey(b) && results.runs.stream().noneMatch(r -> r.backend().equals(b))) {
                results.problems.put(b, "no successful run");
            }
        }

        double minutes = (System.nanoTime() - startNanos) / 60e9;
        results.writeCsv(csv);
        Path md = out.resolve("compare.md");
        loads.add("end " + Machine.loadAverage());
        Files.writeString(md, results.markdown(m, o, javaCommandTemplate(), cCommandTemplate(), started, minutes, loads));
        Path png = out.resolve("compare.png");
        Chart.write(png, results, m, o, started);

        System.out.println();
        System.out.println(o.model().title + ", MLUP/s (median of " + o.rounds() + " rounds; Java/C = ratio of medians; "
                + "bound = triad bandwidth / bytes per update, binding only where fields live in DRAM):");
        System.out.println();
        System.out.print(results.consoleTable(m));
        System.out.println();
        if (!m.triadGbps.isEmpty()) {
            List<String> bw = new ArrayList<>();
            m.triadGbps.forEach((t, g) -> bw.add(String.format(Locale.ROOT, "%.1f GB/s (%d thread%s)", g, t, t == 1 ? "" : "s")));
            System.out.println("memory bandwidth (triad, counting write-allocate): " + String.join(", ", bw));
        }
        System.out.println("wrote " + shortPath(csv) + ", " + shortPath(md) + ", " + shortPath(png)
                + String.format(Locale.ROOT, " (%.1f minutes)", minutes));
        if (!results.problems.isEmpty()) {
            System.out.println();
            results.problems.forEach((b, why) -> System.out.println("PROBLEM: backend " + b + ": " + why));
            return 4;
        }
        return 0;
    }

    /**
     * {@code --out}, else a new folder bench-results/&lt;cpu&gt;/&lt;what&gt;/&lt;UTC time&gt;/ made by
     * benchmarks/machine.sh, the one place that names the CPU (so that no run is written over, and
     * runs of different machine kinds never mix); machine.txt (CPU model, family/model, L3, JDK, gcc)
     * in it either way. Null, after saying why, if the script fails.
     */
    private Path resultsFolder() throws IOException, InterruptedException {
        String script = o.root().resolve("benchmarks/machine.sh").toString();
        Map<String, String> env = Map.of("JAVA_HOME", o.javaHome().toString());
        if (o.out() == null) {
            Exec.Output made = Exec.run(List.of("bash", script, "new-run", o.what()), env, logs, "machine-new-run", 60);
            if (!made.ok() || made.stdout().isBlank()) {
                say("error: benchmarks/machine.sh new-run %s failed: %s", o.what(), made.tail());
                return null;
            }
            return Path.of(made.stdout().strip());
        }
        Files.createDirectories(o.out());
        Exec.Output info = Exec.run(List.of("bash", script, "info"), env, logs, "machine-info", 60);
        if (!info.ok()) {
            say("error: benchmarks/machine.sh info failed: %s", info.tail());
            return null;
        }
        Files.writeString(o.out().resolve("machine.txt"), info.stdout());
        return o.out();
    }

    private List<String> backendsFor(Results.Config c, List<String> active) {
        List<String> list = new ArrayList<>(o.backendsFor(c.grid().side()));
        list.retainAll(active);
        return list;
    }

    /**
     * Steps and warm-up steps per configuration, the same for every backend of it: from the faster
     * of two short single-thread pilot runs per size and precision (of C where it is available),
     * scaled to the target run length; t threads get t times the steps (so a run with perfect
     * scaling takes the target time too). Single-thread pilots are the least disturbed by other
     * work on the machine, which can make a 2-thread pilot, and so its runs, far too short.
     */
    private Map<Results.Config, long[]> calibrate(List<Results.Config> configs, List<String> active)
            throws IOException, InterruptedException {
        String pilot = active.contains(C) ? C : active.getFirst();
        say("choosing steps per configuration from pilot runs of %s (target %.2f s per timed run) ...", pilot, o.targetSeconds());
        Map<String, Double> pilotMlups = new HashMap<>();
        Map<Results.Config, long[]> plan = new LinkedHashMap<>();
        for (Results.Config c : configs) {
            double cells = c.grid().cells();
            String key = c.grid().side() + " " + c.precision();
            Double mlups = pilotMlups.get(key);
            if (mlups == null) {
                long pilotSteps = Math.max(2, Math.round(0.15 * GUESS_MLUPS * 1e6 / cells));
                double best = 0;
                String error = null;
                for (int i = 0; i < 2; i++) {
                    Measured r = measure(pilot, new Results.Config(c.grid(), c.precision(), 1), pilotSteps,
                            Math.max(1, pilotSteps / 4), "pilot-" + c.grid().side() + "-" + c.precision() + "-" + i);
                    if (r.error() == null) {
                        best = Math.max(best, r.mlups());
                    } else {
                        error = r.error();
                    }
                }
                if (best == 0) {
                    say("warning: pilot runs for %s %s failed (%s); guessing %.0f MLUP/s", c.grid().label(), c.precision(), error, GUESS_MLUPS);
                    best = GUESS_MLUPS;
                }
                mlups = best;
                pilotMlups.put(key, mlups);
            }
            long steps = Math.max(3, Math.round(o.targetSeconds() * mlups * 1e6 / cells)) * c.threads();
            long warmup = Math.round(steps * o.warmupFraction());
            if (o.warmupFraction() > 0) {
                warmup = Math.max(2, warmup); // Java: the first step runs (partly) interpreted
            }
            plan.put(c, new long[] {steps, warmup});
            say("  %-14s 1-thread pilot %7.1f MLUP/s -> %d steps, %d warm-up steps", c.label(), mlups, steps, warmup);
        }
        return plan;
    }

    /** Whether compare backend {@code b} is the C program (with or without FTZ/DAZ). */
    private static boolean runsC(String b) {
        return b.equals(C) || b.equals(C_FTZ);
    }

    /** Null if backend {@code b} runs a tiny problem correctly, else why not. */
    private String checkBackend(String b) throws IOException, InterruptedException {
        if (runsC(b) && !Files.isExecutable(snapshot.resolve(o.model().cProgram))) {
            return "the C program target/native/" + o.model().cProgram
                    + " does not exist: it is built by `mvn package` at the top (native/build.sh), which needs gcc";
        }
        Measured r = measure(b, new Results.Config(o.model().grid(o.model().checkSide), "f64", 1), 10, 0, "check-" + b);
        return r.error();
    }

    /** One run's figures; {@code wallSeconds} is the whole process, start-up and warm-up steps included. */
    record Measured(long steps, double seconds, double mlups, int stepsPerSweep, double wallSeconds, String error) {
        static Measured failed(String why) {
            return new Measured(0, Double.NaN, Double.NaN, 0, Double.NaN, why);
        }
    }

    /** One run of backend {@code b} on configuration {@code c}, as a separate process. */
    private Measured measure(String b, Results.Config c, long steps, long warmup, String name)
            throws IOException, InterruptedException {
        Workload model = o.model();
        List<String> cmd = new ArrayList<>();
        if (runsC(b)) {
            cmd.add(snapshot.resolve(model.cProgram).toString());
            cmd.addAll(model.cArgs(c.grid(), steps, warmup, c.precision(), c.threads()));
            if (b.equals(C_FTZ)) {
                cmd.addAll(List.of("--ftz", "on"));
            }
        } else {
            cmd.addAll(javaPrefix());
            cmd.addAll(model.javaArgs(b, c.grid(), steps, warmup, c.precision(), c.threads()));
        }
        double timeout = Math.max(120, 30 * o.targetSeconds() * (1 + o.warmupFraction()));
        long started = System.nanoTime();
        Exec.Output out = Exec.run(cmd, Map.of(), logs, name, timeout);
        double wall = (System.nanoTime() - started) / 1e9;
        if (out.timedOut()) {
            return Measured.failed("timed out after " + (long) timeout + " s");
        }
        if (!out.ok()) {
            return Measured.failed("exit code " + out.exitCode() + ": " + out.tail());
        }
        Map<String, String> json = Exec.lastJsonLine(out.stdout());
        if (json == null) {
            return Measured.failed("no JSON line in the output: " + out.tail());
        }
        String got = json.getOrDefault("backend", "?");
        if (!got.equals(model.cliBackend(b))) {
            return Measured.failed("asked for backend " + b + " but the program ran " + got);
        }
        if (json.containsKey("model") && !json.get("model").equals(model.cliName)) {
            return Measured.failed("asked for model " + model.cliName + " but the program ran " + json.get("model"));
        }
        try {
            long s = Long.parseLong(json.get("steps"));
            double sec = Double.parseDouble(json.get("seconds"));
            long nx = Long.parseLong(json.get("nx")), ny = Long.parseLong(json.get("ny"));
            long nz = Long.parseLong(json.getOrDefault("nz", "1")); // 2D programs print no nz
            Grid grid = c.grid();
            if (s != steps || nx != grid.side() || ny != grid.side() || nx * ny * nz != grid.cells() || !(sec > 0)) {
                return Measured.failed("unexpected result " + json);
            }
            int perSweep = json.containsKey("steps_per_sweep") ? Integer.parseInt(json.get("steps_per_sweep"))
                    : "true".equals(json.get("temporal_blocking")) ? 2 : 1;
            return new Measured(s, sec, s * nx * ny * nz / sec / 1e6, perSweep, wall, null);
        } catch (RuntimeException e) {
            return Measured.failed("cannot read the JSON line " + json + ": " + e);
        }
    }

    /** The launcher's JVM: the flags of bin/jstencil, classes from the snapshot of target/. */
    private List<String> javaPrefix() {
        List<String> cmd = new ArrayList<>(List.of(o.javaHome().resolve("bin/java").toString()));
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(List.of("-cp", snapshot.resolve("jstencil.jar") + ":" + snapshot.resolve("lib") + "/*", "dev.jstencil.cli.Main"));
        return cmd;
    }

    private String javaCommandTemplate() {
        return "java " + String.join(" ", JVM_OPTIONS)
                + " -cp jstencil.jar:lib/* dev.jstencil.cli.Main " + o.model().javaArgsTemplate();
    }

    private String cCommandTemplate() {
        StringBuilder env = new StringBuilder();
        System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("OMP_") || e.getKey().startsWith("GOMP_"))
                .sorted(Map.Entry.comparingByKey()).forEach(e -> env.append(e.getKey()).append('=').append(e.getValue()).append(' '));
        return env + o.model().cCommandTemplate();
    }

    /**
     * Copies what the runs execute (the jar, its libraries, the C programs) out of target/, so that a
     * rebuild by someone else during the comparison changes nothing under our feet.
     */
    private boolean takeSnapshot() throws IOException {
        Path target = o.root().resolve("target");
        Path jar = target.resolve("jstencil.jar");
        if (!Files.isRegularFile(jar)) {
            say("error: %s does not exist: build jstencil first (`mvn -DskipTests install` at the top; compare.sh does it)", jar);
            return false;
        }
        deleteTree(snapshot);
        Files.createDirectories(snapshot.resolve("lib"));
        Files.copy(jar, snapshot.resolve("jstencil.jar"));
        if (Files.isDirectory(target.resolve("lib"))) {
            try (Stream<Path> libs = Files.list(target.resolve("lib"))) {
                for (Path p : libs.toList()) {
                    Files.copy(p, snapshot.resolve("lib").resolve(p.getFileName()));
                }
            }
        }
        for (Workload w : Workload.values()) {
            Path bench = target.resolve("native").resolve(w.cProgram);
            if (Files.isRegularFile(bench)) {
                Files.copy(bench, snapshot.resolve(w.cProgram), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double parseOr(String s, double fallback) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Relative to the checkout when inside it. */
    private String shortPath(Path p) {
        return p.startsWith(o.root()) ? o.root().relativize(p).toString() : p.toString();
    }

    private String elapsed() {
        long s = (System.nanoTime() - startNanos) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
