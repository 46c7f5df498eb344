package dev.jstencil.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line options of {@link Compare}. */
record Options(Workload model, Path root, Path javaHome, Path out, String what, int rounds, List<Integer> sizes, List<String> precisions,
               List<Integer> threads, List<String> backends, int scalarMaxSize, double targetSeconds,
               double warmupFraction, boolean quick, boolean triad, String command) {

    /** Every backend, in the order a round starts with (the order then rotates from round to round). */
    static final List<String> BACKENDS = List.of(Compare.C, Compare.C_FTZ, "vector", Compare.VECTOR_1STEP, "native", Compare.NATIVE_1STEP, "scalar");

    static final String USAGE = """
            usage: compare.sh [--quick] [--rounds N] [options]
              --model NAME          gray-scott (2D, the default) or gray-scott-3d (target/native/grayscott3d-bench
                                    against `jstencil run gray-scott-3d`)
              --quick               3 rounds of ~0.5 s runs, no scalar backend (about 2-4 minutes)
              --rounds N            rounds over all configurations, interleaved (default 5; quick 3)
              --sizes LIST          grid sides: N means N² cells in 2D, N³ in 3D (default 256,1024,4096; 3D 128,256)
              --precisions LIST     f64,f32 (default both)
              --threads LIST        thread counts (default 1,2)
              --backends LIST       c-openmp,c-openmp-ftz,vector,vector-1step,native,native-1step,scalar (default all;
                                    c-openmp-ftz: the C program with the CPU's FTZ/DAZ modes, --ftz on);
                                    (3D scalar: the CLI's interpreter)
              --scalar-max-size N   run the scalar backend (the reference interpreter, a few MLUP/s) only up
                                    to this size (default 0: not at all; at C's steps it takes minutes even at 32³)
              --seconds S           target length of one timed run (default 1.0; quick 0.5)
              --warmup-fraction X   warm-up steps = X * timed steps, the same for C and Java (default 0.25)
              --no-triad            skip the memory-bandwidth measurement (no bound in the table)
              --what NAME           the kind of run: results go to a new folder
                                    <root>/bench-results/<cpu>/NAME/<UTC time>/ (<cpu>: benchmarks/machine.sh slug;
                                    default NAME gray-scott-2d or gray-scott-3d, with --quick gray-scott-2d-quick ...)
              --out DIR             where compare.{csv,md,png} and machine.txt go instead (an existing
                                    compare.csv there is replaced)
              --root DIR            the jstencil checkout (default: the current directory)
              --java-home DIR       JDK >= 25 that runs the Java backends (default: this JVM's)
              --command TEXT        the command line to record in compare.md
            """;

    static Options parse(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        Path javaHome = Path.of(System.getProperty("java.home"));
        Workload model = Workload.GRAY_SCOTT;
        Path out = null;
        String what = null;
        Integer rounds = null;
        List<Integer> sizes = null;
        List<String> precisions = List.of("f64", "f32");
        List<Integer> threads = List.of(1, 2);
        List<String> backends = null;
        Integer scalarMax = null;
        Double seconds = null;
        double warmupFraction = 0.25;
        boolean quick = false;
        boolean triad = true;
        String command = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--model" -> model = model(a, value(args, ++i, a));
                case "--quick" -> quick = true;
                case "--no-triad" -> triad = false;
                case "--rounds" -> rounds = positiveInt(a, value(args, ++i, a));
                case "--sizes" -> sizes = Arrays.stream(value(args, ++i, a).split(",")).map(s -> positiveInt(a, s)).toList();
                case "--precisions" -> precisions = oneOf(a, value(args, ++i, a), List.of("f64", "f32"));
                case "--threads" -> threads = Arrays.stream(value(args, ++i, a).split(",")).map(s -> positiveInt(a, s)).toList();
                case "--backends" -> backends = oneOf(a, value(args, ++i, a), BACKENDS);
                case "--scalar-max-size" -> scalarMax = nonNegativeInt(a, value(args, ++i, a));
                case "--seconds" -> seconds = positiveDouble(a, value(args, ++i, a));
                case "--warmup-fraction" -> warmupFraction = nonNegativeDouble(a, value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--what" -> what = value(args, ++i, a);
                case "--root" -> root = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--java-home" -> javaHome = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--command" -> command = value(args, ++i, a);
                case "-h", "--help" -> throw new UsageException(null);
                default -> throw new UsageException("unknown option '" + a + "'");
            }
        }
        if (sizes == null) {
            sizes = model.defaultSizes;
        }
        for (int s : sizes) {
            if (s < 16) {
                throw new UsageException("--sizes: " + s + " is too small (use >= 16)");
            }
        }
        if (backends == null) {
            backends = model.backends;
        }
        for (String b : backends) {
            if (!model.backends.contains(b)) {
                throw new UsageException("--backends: " + b + " does not apply to " + model.cliName + " (use "
                        + String.join(",", model.backends) + ")");
            }
        }
        if (out != null && what != null) {
            throw new UsageException("--out and --what: give one (--what names a folder under bench-results/<cpu>/)");
        }
        if (what != null && !what.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new UsageException("--what: '" + what + "' is not a folder name (letters, digits, . _ -)");
        }
        if (out == null && what == null) {
            what = quick ? model.resultsName + "-quick" : model.resultsName;
        }
        return new Options(model, root, javaHome, out, what,
                rounds != null ? rounds : quick ? 3 : 5, sizes, precisions, threads, backends,
                scalarMax != null ? scalarMax : quick ? 0 : model.defaultScalarMaxSize,
                seconds != null ? seconds : quick ? 0.5 : 1.0, warmupFraction, quick, triad,
                command != null ? command : "java dev.jstencil.bench.compare.Compare " + String.join(" ", args));
    }

    /** Backends that run at this size (the scalar one only at small sizes). */
    List<String> backendsFor(int size) {
        List<String> list = new ArrayList<>();
        for (String b : backends) {
            if (!b.equals("scalar") || size <= scalarMaxSize) {
                list.add(b);
            }
        }
        return list;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static Workload model(String option, String name) {
        Workload model = Workload.named(name);
        if (model == null) {
            throw new UsageException(option + ": '" + name + "' is not one of " + Workload.names());
        }
        return model;
    }

    private static List<String> oneOf(String option, String text, List<String> allowed) {
        List<String> list = Arrays.stream(text.split(",")).map(String::trim).toList();
        for (String s : list) {
            if (!allowed.contains(s)) {
                throw new UsageException(option + ": '" + s + "' is not one of " + allowed);
            }
        }
        return list;
    }

    private static int positiveInt(String option, String text) {
        int v = nonNegativeInt(option, text);
        if (v == 0) {
            throw new UsageException(option + ": " + text + " must be > 0");
        }
        return v;
    }

    private static int nonNegativeInt(String option, String text) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new UsageException(option + ": '" + text + "' is not a whole number >= 0");
    }

    private static double positiveDouble(String option, String text) {
        double v = nonNegativeDouble(option, text);
        if (v == 0) {
            throw new UsageException(option + ": " + text + " must be > 0");
        }
        return v;
    }

    private static double nonNegativeDouble(String option, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v) && v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new UsageException(option + ": '" + text + "' is not a number >= 0");
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
