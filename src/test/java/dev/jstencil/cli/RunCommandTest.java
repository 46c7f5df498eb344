package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.io.Npy;
import dev.jstencil.model.BuiltinModels;
import dev.jstencil.model.Model;
import dev.jstencil.testutil.Cli;
import dev.jstencil.testutil.Grids;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jstencil run MODEL} and {@code jstencil models} end to end. */
class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void runGrayScottWithTodaysDefaultsWritesTheBytesOfTheGrayScottCommand() throws IOException {
        Path a = dir.resolve("run"), b = dir.resolve("gs");
        Cli.Result run = Cli.run("run", "gray-scott", "--npy", a.toString());
        Cli.Result gs = Cli.run("gray-scott", "--no-png", "--npy", b.toString());
        assertEquals(Main.EXIT_OK, run.exitCode(), run.toString());
        assertEquals(Main.EXIT_OK, gs.exitCode(), gs.toString());
        assertEquals("5000", run.json().get("steps"));
        assertEquals("512", run.json().get("nx"));
        for (String f : List.of("u.npy", "v.npy")) {
            assertArrayEquals(Files.readAllBytes(b.resolve(f)), Files.readAllBytes(a.resolve(f)), f + ": the same bytes");
        }
    }

    @Test
    void a3dRunReportsModelAndNzAndWrites3dArraysAndTheMiddleSlice() throws IOException {
        Path npy = dir.resolve("out"), png = dir.resolve("slice.png");
        Cli.Result r = Cli.run("run", "gray-scott-3d", "--size", "20x16x12", "--steps", "30", "--threads", "2", "--npy", npy.toString(),
                "--png", png.toString(), "--png-field", "v", "--seed", "5");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        Map<String, String> json = r.json();
        assertEquals("gray-scott-3d", json.get("model"));
        assertEquals("20", json.get("nx"));
        assertEquals("16", json.get("ny"));
        assertEquals("12", json.get("nz"));
        assertEquals("30", json.get("steps"));
        assertEquals("2.0", json.get("dt"), "the model's dt");
        assertEquals("5", json.get("seed"));
        assertEquals("periodic,periodic,periodic", json.get("boundary"));
        assertEquals("cube", json.get("init"));
        assertTrue(r.out().lines().findFirst().orElseThrow().startsWith("gray-scott-3d 20x16x12 f64: 30 steps"), r.out());
        Npy.Array v = Npy.read(npy.resolve("v.npy"));
        assertArrayEquals(new long[] {12, 16, 20}, v.shape());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(20, img.getWidth());
        assertEquals(16, img.getHeight());
    }

    @Test
    void oneSizeMeansEveryAxisOfTheModelsOwnGrid() {
        Cli.Result r3 = Cli.run("run", "gray-scott-3d", "--size", "8", "--steps", "2", "--threads", "1");
        assertEquals("8", r3.json().get("nz"), r3.toString());
        Cli.Result r2 = Cli.run("run", "heat", "--size", "8", "--steps", "2", "--threads", "1");
        assertEquals("1", r2.json().get("nz"), r2.toString());
        assertEquals("8", r2.json().get("ny"));
    }

    @Test
    void setChangesParametersAndTheResult() throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Cli.Result ra = Cli.run("run", "gray-scott", "--size", "32", "--steps", "50", "--npy", a.toString());
        Cli.Result rb = Cli.run("run", "gray-scott", "--size", "32", "--steps", "50", "--set", "F=0.03", "--set", "k=0.055",
                "--npy", b.toString());
        assertEquals(Main.EXIT_OK, rb.exitCode(), rb.toString());
        assertTrue(Grids.maxAbsDiff(Npy.read(a.resolve("v.npy")).data(), Npy.read(b.resolve("v.npy")).data()) > 0);
    }

    @Test
    void initFromContinuesARunExactly() throws IOException {
        Path whole = dir.resolve("whole"), half = dir.resolve("half"), rest = dir.resolve("rest");
        List<String> common = List.of("run", "heat", "--size", "30x20", "--bc", "neumann,dirichlet=0.5", "--threads", "2");
        assertEquals(0, Cli.run(with(common, "--steps", "40", "--npy", whole.toString())).exitCode());
        assertEquals(0, Cli.run(with(common, "--steps", "20", "--npy", half.toString())).exitCode());
        Cli.Result r = Cli.run(with(common, "--steps", "20", "--init-from", half.toString(), "--npy", rest.toString()));
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        assertEquals("from " + half, r.json().get("init"));
        assertArrayEquals(Files.readAllBytes(whole.resolve("T.npy")), Files.readAllBytes(rest.resolve("T.npy")));
    }

    private static String[] with(List<String> args, String... more) {
        List<String> out = new ArrayList<>(args);
        out.addAll(List.of(more));
        return out.toArray(String[]::new);
    }

    @Test
    void dumpKernelWritesAClassThatJavapReads() throws Exception {
        Path classes = dir.resolve("classes");
        Cli.Result r = Cli.run("run", "brusselator", "--size", "16", "--steps", "1", "--dump-kernel", classes.toString());
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        Path file = classes.resolve("brusselator-2d-f64.class");
        assertTrue(Files.size(file) > 500, "a class file: " + file);
        Path javap = Path.of(System.getProperty("java.home"), "bin", "javap");
        Process p = new ProcessBuilder(javap.toString(), "-c", "-p", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("public void sweep(") && out.contains("jdk/incubator/vector/DoubleVector.fromMemorySegment")
                && out.contains("intoMemorySegment"), out);
    }

    /** With the native backend, --dump-kernel writes the generated C: the model's text on top, the ABI's functions, warning-free. */
    @Test
    void dumpKernelWithTheNativeBackendWritesCThatGccCompilesCleanly() throws Exception {
        Path sources = dir.resolve("c");
        Files.createDirectories(sources);
        Cli.Result r = Cli.run("run", "fitzhugh-nagumo", "--size", "16", "--steps", "3", "--backend", "native", "--precision", "f32",
                "--dump-kernel", sources.toString());
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        assertEquals("native", Cli.parseFlatJson(r.jsonLine()).get("backend"));
        Path file = sources.resolve("fitzhugh-nagumo-2d-f32.c");
        String c = Files.readString(file);
        assertTrue(c.contains("typedef float real;") && c.contains("void jstencil_band(") && c.contains("void jstencil_row(")
                && c.contains(Model.builtin("fitzhugh-nagumo").text().lines().filter(l -> l.contains("/dt")).findFirst().orElseThrow()), c);
        Process p = new ProcessBuilder("gcc", "-O2", "-std=c99", "-fPIC", "-shared", "-Wall", "-Wextra", "-Werror", "-o",
                dir.resolve("k.so").toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    /** --temporal-blocking K takes K steps per sweep, reports it, and writes the fields of one step per sweep. */
    @Test
    void temporalBlockingTakesAStepCount() throws IOException {
        Path off = dir.resolve("off"), five = dir.resolve("five");
        Cli.Result a = Cli.run("run", "brusselator", "--size", "24x20", "--steps", "23", "--threads", "2", "--temporal-blocking", "off",
                "--npy", off.toString());
        Cli.Result b = Cli.run("run", "brusselator", "--size", "24x20", "--steps", "23", "--threads", "2", "--temporal-blocking", "5",
                "--npy", five.toString());
        assertEquals(Main.EXIT_OK, b.exitCode(), b.toString());
        assertEquals("1", a.json().get("steps_per_sweep"));
        assertEquals("5", b.json().get("steps_per_sweep"));
        assertEquals("true", b.json().get("temporal_blocking"));
        assertTrue(b.out().contains(", 5 steps per sweep"), b.out());
        for (String f : List.of("u", "v")) {
            assertArrayEquals(Files.readAllBytes(off.resolve(f + ".npy")), Files.readAllBytes(five.resolve(f + ".npy")), f);
        }
    }

    @Test
    void modelsListsEveryBuiltInAndPrintsOne() {
        Cli.Result list = Cli.run("models");
        assertEquals(Main.EXIT_OK, list.exitCode(), list.toString());
        for (String name : BuiltinModels.names()) {
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith(name + " ")), name + " in:\n" + list.out());
        }
        Cli.Result one = Cli.run("models", "heat");
        assertEquals(BuiltinModels.text("heat"), one.out());
    }

    @Test
    void aModelFileRunsAndItsErrorsAreOneLineWithPosition() throws IOException {
        Path good = dir.resolve("decay.model"), bad = dir.resolve("bad.model");
        Files.writeString(good, "# exponential decay\nfields q\nparam r = 0.5\ndq/dt = -r*q\ninit one {\n  q = 1\n}\n");
        Cli.Result r = Cli.run("run", good.toString(), "--size", "5x4", "--steps", "4", "--dt", "0.5", "--threads", "1");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        assertEquals("decay", r.json().get("model"));
        assertEquals("false", r.json().get("flush_subnormals"), "strict IEEE by default");
        Cli.Result on = Cli.run("run", good.toString(), "--size", "5x4", "--steps", "4", "--dt", "0.5", "--threads", "1",
                "--flush-subnormals", "on");
        assertEquals("true", on.json().get("flush_subnormals"), on.toString());
        Files.writeString(bad, "fields q\ndq/dt = -rr*q\n");
        Cli.Result e = Cli.run("run", bad.toString(), "--steps", "1");
        assertEquals(Main.EXIT_USAGE, e.exitCode(), e.toString());
        assertEquals(1, e.errLines().size(), e.toString());
        assertTrue(e.errLines().get(0).contains(bad + ":2:10: unknown name 'rr'"), e.errLines().get(0));
    }

    /**
     * Bad input: exit 2, one line on stderr naming the value and what is allowed, nothing on stdout.
     * {tmp} is a fresh directory holding an .npy of the wrong shape in {tmp}/wrong/T.npy.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "run nosuch                                         | 'nosuch' | does not exist | gray-scott",
        "run heat --set X=1                                 | 'X' is not a parameter of heat | D",
        "run heat --set D=abc                               | --set D 'abc' is not a finite number",
        "run heat --set D                                   | --set 'D' is not NAME=VALUE",
        "run heat --size 2                                  | '2' is too small | >= 3",
        "run heat --size 4x4x4x4                            | '4x4x4x4' is not a size",
        "run heat --bc periodc                              | 'periodc' is not a boundary kind | neumann",
        "run heat --bc periodic,neumann,neumann             | names 3 axes but the grid is 2D",
        "run advection --size 8x8x8                         | builtin:advection: | runs on a 2D grid, not a 3D one",
        "run advection --dt auto                            | --dt auto needs a stability limit | give --dt",
        "run heat --dt 1                                    | dt = 1.0 is unstable | 0.25",
        "run heat --init hot                                | init 'hot' is not one of | spot",
        "run heat --init-from {tmp}/wrong --size 6          | shape (4, 5) | (6, 6)",
        "run heat --init-from {tmp}/nothere                 | is not a directory",
        "run heat --size 100000x100000                      | of memory | available",
        "run heat --png-field U                             | 'U' is not a field of heat | T",
        "run heat --backend gpu                             | 'gpu' | interpreted, vector, native",
        "run heat --flush-subnormals maybe                  | --flush-subnormals 'maybe' is not one of [on, off]",
        "run heat --temporal-blocking 99                    | --temporal-blocking 99 is not allowed | 2..64",
        "run heat --temporal-blocking sometimes             | 'sometimes' | step count 2..64",
    })
    void badInputIsOneLineOnStderrAndExitCode2(ArgumentsAccessor c) throws IOException {
        String command = c.getString(0);
        Path wrong = Files.createDirectories(dir.resolve("wrong"));
        try (var a = dev.jstencil.grid.Field.allocate(dev.jstencil.grid.Precision.F64, dev.jstencil.grid.GridShape.of2d(5, 4), 1)) {
            Npy.write(wrong.resolve("T.npy"), a);
        }
        List<String> args = new ArrayList<>(List.of(command.trim().replace("{tmp}", dir.toString()).split("\\s+")));
        args.addAll(List.of("--steps", "1", "--threads", "1"));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), "one line on stderr:\n" + r.err());
        String line = r.errLines().get(0);
        for (int i = 1; i < c.size(); i++) {
            String e = c.getString(i).replace("{tmp}", dir.toString());
            assertTrue(line.contains(e), "'" + e + "' in: " + line);
        }
        assertFalse(line.contains("Exception") || line.contains("\tat "), line);
        assertEquals("", r.out());
    }

    @Test
    void underMpirunTheDefaultThreadsShareTheCoresAmongTheRanksOfANode() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, RunCommand.threadsPerRank(Map.of()));
        assertEquals(Math.max(1, cores / 2), RunCommand.threadsPerRank(Map.of("OMPI_COMM_WORLD_LOCAL_SIZE", "2")));
        assertEquals(1, RunCommand.threadsPerRank(Map.of("MPI_LOCALNRANKS", Integer.toString(cores + 1))), "never 0 threads");
        assertEquals(cores, RunCommand.threadsPerRank(Map.of("OMPI_COMM_WORLD_LOCAL_SIZE", "two")), "an odd value counts this rank alone");
    }
}
