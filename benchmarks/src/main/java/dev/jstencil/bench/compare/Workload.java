package dev.jstencil.bench.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The model a comparison runs ({@code --model}), and everything that depends on it: the C program
 * and the CLI command of each side, which compare backends apply, what a size means ({@link Grid}),
 * the defaults, and the texts that describe the problem.
 */
enum Workload {
    /** The 2D Gray-Scott of {@code jstencil gray-scott} and {@code target/native/grayscott-bench}. */
    GRAY_SCOTT("gray-scott", "Gray-Scott 2D", 2, "grayscott-bench",
            List.of("gray-scott"), "scalar", List.of("--no-png"),
            List.of(256, 1024, 4096), 0, 64, "gray-scott-2d",
            true, List.of(Compare.C, Compare.C_FTZ, "vector", Compare.VECTOR_1STEP, "native", Compare.NATIVE_1STEP, "scalar")),

    /** ADIOS2's 3D Gray-Scott: the built-in model of {@code jstencil run gray-scott-3d} and {@code target/native/grayscott3d-bench}. */
    GRAY_SCOTT_3D("gray-scott-3d", "Gray-Scott 3D", 3, "grayscott3d-bench",
            List.of("run", "gray-scott-3d"), "interpreted", List.of(),
            List.of(128, 256), 0, 32, "gray-scott-3d",
            true, List.of(Compare.C, Compare.C_FTZ, "vector", Compare.VECTOR_1STEP, "native", Compare.NATIVE_1STEP, "scalar"));

    /** The {@code --model} name, also the model the JSON lines name. */
    final String cliName;
    /** "Gray-Scott 2D": titles of the table, the Markdown and the chart. */
    final String title;
    final int dims;
    /** The C program's file name in target/native (and in the snapshot). */
    final String cProgram;
    /** The CLI's arguments before the options: the command (and the model). */
    private final List<String> javaCommand;
    /** The CLI's --backend name (and the JSON backend) of the compare backend "scalar". */
    private final String interpreter;
    /** Arguments that turn output files off, for both programs. */
    private final List<String> noOutput;
    final List<Integer> defaultSizes;
    /** Largest size the scalar backend runs at by default (0: only when asked for with --scalar-max-size). */
    final int defaultScalarMaxSize;
    /** Grid side of the tiny run that checks each backend works. */
    final int checkSide;
    /** The default --what: the folder of this model's runs under bench-results/&lt;cpu&gt;/. */
    final String resultsName;
    /** Whether the CLI can take several steps per sweep here (and so the -1step backends exist). */
    final boolean temporalBlocking;
    /** The compare backends that apply, in {@link Options#BACKENDS} order. */
    final List<String> backends;

    Workload(String cliName, String title, int dims, String cProgram, List<String> javaCommand, String interpreter,
             List<String> noOutput, List<Integer> defaultSizes, int defaultScalarMaxSize, int checkSide, String resultsName,
             boolean temporalBlocking, List<String> backends) {
        this.cliName = cliName;
        this.title = title;
        this.dims = dims;
        this.cProgram = cProgram;
        this.javaCommand = javaCommand;
        this.interpreter = interpreter;
        this.noOutput = noOutput;
        this.defaultSizes = defaultSizes;
        this.defaultScalarMaxSize = defaultScalarMaxSize;
        this.checkSide = checkSide;
        this.resultsName = resultsName;
        this.temporalBlocking = temporalBlocking;
        this.backends = backends;
    }

    /** The problem every run solves, for compare.md. */
    String problem() {
        return switch (this) {
            case GRAY_SCOTT -> "the `square` start, default parameters (F 0.04, k 0.06, Du 0.16, Dv 0.08, dt 1), periodic boundary";
            case GRAY_SCOTT_3D -> "the built-in model's `cube` start and default parameters (ADIOS2's gray-scott settings:"
                    + " F 0.01, k 0.05, Du 0.2, Dv 0.1, noise 1e-7 with seed 0, dt 2), periodic boundary";
        };
    }

    /** What the Java backends are, for compare.md. */
    String javaBackends() {
        return "`vector` is the Vector API kernel as the CLI runs it by default (`--temporal-blocking auto`): once the fields"
                + " exceed the last-level cache (counted as at most 32 MiB) in a long enough run, the run's first steps measure which depth is fastest (1, 4, 8, 16 steps per sweep in"
                + " 2D; 1, 2, 3, 4, 6 in 3D: trials are steps of the run) and the rest take it (marked `k steps/sweep`), below one"
                + " step per sweep; `vector-1step` is the same kernel held to one step per sweep, the C program's algorithm: the"
                + " like-for-like comparison of the kernels; `native` is the same Java engine calling the generated C kernel through"
                + " FFM, with the same choice of depth, and `native-1step` the same held to one step per sweep: the like-for-like"
                + " measure of the engine and FFM against the C program; `scalar` is "
                + (this == GRAY_SCOTT ? "plain Java loops." : "the CLI's interpreter (`--backend interpreted`).");
    }

    /** The end of the bandwidth-bound explanation in compare.md. */
    String boundNote() {
        return switch (this) {
            case GRAY_SCOTT -> " k steps per sweep move the fields once per k steps (about 1/k of the bytes per update), so those"
                    + " rows can exceed the one-step bound.";
            case GRAY_SCOTT_3D -> " In 3D the bound assumes that the neighbour planes (z ± 1) of each field are still in cache"
                    + " when they are read again, so that each field crosses the memory bus once per step; k steps per sweep"
                    + " cross it once per k steps, so those rows can exceed it.";
        };
    }

    /** The workload named {@code name} on the command line, or null. */
    static Workload named(String name) {
        return Arrays.stream(values()).filter(w -> w.cliName.equals(name)).findFirst().orElse(null);
    }

    static List<String> names() {
        return Arrays.stream(values()).map(w -> w.cliName).toList();
    }

    /** The grid that the size {@code side} means for this model. */
    Grid grid(int side) {
        return new Grid(side, dims);
    }

    /** "size²" / "size³": the cell count in the formula for MLUP/s. */
    String cellsFormula() {
        return "size" + Grid.power(dims);
    }

    /** The CLI's --backend for a compare backend (and the name its JSON line reports): -1step runs the backend named before it. */
    String cliBackend(String b) {
        String base = b.endsWith(Compare.ONE_STEP) ? b.substring(0, b.length() - Compare.ONE_STEP.length()) : b;
        return base.equals("scalar") ? interpreter : base;
    }

    /** The C program's arguments (after the program itself) for one run. */
    List<String> cArgs(Grid grid, long steps, long warmup, String precision, int threads) {
        List<String> args = new ArrayList<>(List.of("--size", Integer.toString(grid.side()), "--steps", Long.toString(steps),
                "--warmup", Long.toString(warmup), "--precision", precision, "--threads", Integer.toString(threads)));
        args.addAll(noOutput);
        return args;
    }

    /** The CLI's arguments (after dev.jstencil.cli.Main) for one run of compare backend {@code b}. */
    List<String> javaArgs(String b, Grid grid, long steps, long warmup, String precision, int threads) {
        List<String> args = new ArrayList<>(javaCommand);
        boolean twoStepsAllowed = temporalBlocking && !b.endsWith(Compare.ONE_STEP);
        args.addAll(List.of("--size", Integer.toString(grid.side()), "--steps", Long.toString(steps), "--warmup", Long.toString(warmup),
                "--backend", cliBackend(b), "--precision", precision, "--threads", Integer.toString(threads),
                "--parallel", "platform", "--barrier", "spin", "--temporal-blocking", twoStepsAllowed ? "auto" : "off"));
        args.addAll(noOutput);
        return args;
    }

    /** The C command line of compare.md (after the environment), with placeholders. */
    String cCommandTemplate() {
        return "target/native/" + cProgram + " --size N --steps S --warmup W --precision P --threads T" + noOutputText();
    }

    /** The CLI's arguments in compare.md (after the main class), with placeholders. */
    String javaArgsTemplate() {
        return String.join(" ", javaCommand) + " --size N --steps S --warmup W --backend B --precision P --threads T"
                + " --parallel platform --barrier spin --temporal-blocking " + (temporalBlocking ? "auto|off" : "off") + noOutputText();
    }

    private String noOutputText() {
        return noOutput.stream().map(a -> " " + a).reduce("", String::concat);
    }
}
