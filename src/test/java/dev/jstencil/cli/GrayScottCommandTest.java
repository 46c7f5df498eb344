package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Precision;
import dev.jstencil.io.Npy;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import dev.jstencil.testutil.Cli;
import dev.jstencil.testutil.Grids;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The gray-scott command end to end: outputs, the JSON line, bad input, and JVMs with and without the Vector API. */
class GrayScottCommandTest {
    @TempDir
    Path dir;

    @Test
    void aRunWritesPictureAndArraysAndReportsConsistentJson() throws IOException {
        Path png = dir.resolve("v.png"), npy = dir.resolve("out");
        Cli.Result r = Cli.run("gray-scott", "--size", "64", "--steps", "50", "--png", png.toString(), "--npy", npy.toString());
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        assertEquals(List.of(), r.errLines(), "a successful run is quiet on stderr");
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), "one human line and one JSON line:\n" + r.out());
        assertTrue(lines.get(0).contains("64x64") && lines.get(0).contains("50 steps"), lines.get(0));

        Map<String, String> json = r.json();
        assertEquals(50, Long.parseLong(json.get("steps")));
        assertEquals(64, Integer.parseInt(json.get("nx")));
        assertEquals(64, Integer.parseInt(json.get("ny")));
        assertEquals("vector", json.get("backend"));
        assertEquals("f64", json.get("precision"));
        assertEquals(Runtime.getRuntime().availableProcessors(), Integer.parseInt(json.get("threads")), "default: one per core");
        assertEquals(1.0, Double.parseDouble(json.get("dt")));
        assertMlupsConsistent(json);

        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "PNG readable");
        assertEquals(64, img.getWidth());
        assertEquals(64, img.getHeight());
        Npy.Array u = Npy.read(npy.resolve("u.npy")), v = Npy.read(npy.resolve("v.npy"));
        assertArrayEquals(new long[] {64, 64}, v.shape());
        assertEquals("<f8", v.descr());
        // The CLI's (parallel, vector) result is the library's serial interpreted one, to the bit.
        double[][] library = Grids.fieldsAfter(Grids.serialSimulation(Model.builtin("gray-scott"), Backend.INTERPRETED,
                Precision.F64, 64, 64), 50);
        Grids.assertBitwiseEquals(library[0], u.data(), 64, "u.npy vs the library");
        Grids.assertBitwiseEquals(library[1], v.data(), 64, "v.npy vs the library");
    }

    /** mlups = nx*ny*steps/seconds/1e6, allowing for seconds printed to 6 decimals and mlups to 3. */
    private static void assertMlupsConsistent(Map<String, String> json) {
        double seconds = Double.parseDouble(json.get("seconds"));
        double mlups = Double.parseDouble(json.get("mlups"));
        double work = Double.parseDouble(json.get("nx")) * Double.parseDouble(json.get("ny")) * Double.parseDouble(json.get("steps"));
        assertTrue(seconds > 0, "seconds " + seconds);
        double lo = work / (seconds + 5e-7) / 1e6 - 5e-4, hi = work / Math.max(seconds - 5e-7, 1e-12) / 1e6 + 5e-4;
        assertTrue(mlups >= lo * (1 - 1e-12) && mlups <= hi * (1 + 1e-12),
                "mlups " + mlups + " vs " + work + " updates in " + seconds + " s: expected within [" + lo + ", " + hi + "]");
    }

    @Test
    void rectangularF32ScalarSerialRunHonoursEveryChoice() throws IOException {
        Path npy = dir.resolve("out");
        Cli.Result r = Cli.run("gray-scott", "--size", "67x45", "--steps", "20", "--precision", "f32", "--backend", "scalar",
                "--threads", "1", "--parallel", "serial", "--init", "gauss", "--no-png", "--npy", npy.toString());
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        Map<String, String> json = r.json();
        assertEquals("67", json.get("nx"));
        assertEquals("45", json.get("ny"));
        assertEquals("f32", json.get("precision"));
        assertEquals("scalar", json.get("backend"));
        assertEquals("1", json.get("threads"));
        assertEquals("serial", json.get("parallel"));
        assertMlupsConsistent(json);
        Npy.Array v = Npy.read(npy.resolve("v.npy"));
        assertEquals("<f4", v.descr());
        assertArrayEquals(new long[] {45, 67}, v.shape());
        try (Simulation sim = Simulation.builder(Model.builtin("gray-scott")).size(67, 45).precision(Precision.F32)
                .init("gauss").backend(Backend.INTERPRETED).parallel(ParallelMode.SERIAL, 1).build()) {
            sim.run(20);
            Grids.assertBitwiseEquals(sim.field("v").toArray(), v.data(), 67, "v.npy vs the same run through the library");
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(npy), files.toList(), "--no-png writes no picture");
        }
    }

    /** Every backend takes two steps per sweep on request, and the JSON says so; the fields match one step per sweep. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native", "vector", "scalar"})
    void temporalBlockingOnIsReportedAndGivesTheFieldsOfOff(String backend) throws IOException {
        Map<String, double[]> v = new HashMap<>();
        for (String tb : new String[] {"on", "off"}) {
            Path npy = dir.resolve(tb);
            Cli.Result r = Cli.run("gray-scott", "--size", "40x23", "--steps", "9", "--backend", backend, "--threads", "2",
                    "--temporal-blocking", tb, "--no-png", "--npy", npy.toString());
            assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
            assertEquals(backend, r.json().get("backend"));
            assertEquals(Boolean.toString(tb.equals("on")), r.json().get("temporal_blocking"));
            v.put(tb, Npy.read(npy.resolve("v.npy")).data());
        }
        Grids.assertBitwiseEquals(v.get("off"), v.get("on"), 40, "v with --temporal-blocking on vs off");
    }

    /** --t-end T: steps = ceil(T/dt), then dt = T/steps so the run ends exactly at T. */
    @ParameterizedTest(name = "T={0} dt={1}")
    @CsvSource({"10, 0.75", "5, 0.5", "7, auto", "0.3, 1"})
    void tEndSetsStepsAndDt(double tEnd, String dt) {
        double requested = dt.equals("auto") ? 0.9 * 1.0 / (4 * 0.16) : Double.parseDouble(dt); // default Du, h
        long steps = (long) Math.ceil(tEnd / requested);
        Cli.Result r = Cli.run("gray-scott", "--size", "16", "--t-end", Double.toString(tEnd), "--dt", dt, "--no-png",
                "--threads", "1");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        Map<String, String> json = r.json();
        assertEquals(steps, Long.parseLong(json.get("steps")));
        assertEquals(tEnd / steps, Double.parseDouble(json.get("dt")));
        assertTrue(Double.parseDouble(json.get("dt")) <= requested, "dt never grows");
    }

    /**
     * Every bad input: exit code 2, one line on stderr naming the value and what is allowed, nothing
     * on stdout, no stack trace. {tmp} is a fresh directory; {file} a regular file in it. Options the
     * case does not give get harmless defaults (a tiny grid, one step, a picture in {tmp}).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--bogus                       | --bogus",
            "--size 2                      | '2' | >= 3",
            "--size 5x2                    | '5x2' | >= 3",
            "--size abc                    | 'abc' | NXxNY",
            "--steps -1                    | -1 | >= 0",
            "--dt 2                        | dt = 2.0 | 1.5625",
            "--dt 0                        | '0' | > 0",
            "--dt auto --Du 0 --Dv 0       | auto | Du > 0 or Dv > 0",
            "--F -0.5                      | F = -0.5 | >= 0",
            "--precision f16               | 'f16' | f64 | f32",
            "--backend gpu                 | 'gpu' | scalar | vector",
            "--init blob                   | 'blob' | square | gauss",
            "--threads 0                   | --threads 0 | 1..4096",
            "--vector-bits 128             | '128' | auto, 256 or 512",
            "--temporal-blocking yes       | 'yes' | auto | on | off",
            "--t-end -1                    | -1.0 | > 0",
            "--steps 10 --t-end 5          | --steps | --t-end",
            "--png {tmp}/missing/v.png     | {tmp}/missing/v.png | does not exist",
            "--png /proc/self/v.png        | /proc/self/v.png | not writable",
            "--png {tmp}                   | {tmp} | is a directory",
            "--npy {file}                  | {file} | cannot be created"})
    void badInputIsOneLineOnStderrAndExitCode2(ArgumentsAccessor c) throws IOException {
        String options = c.getString(0);
        Path file = dir.resolve("file.txt");
        Files.writeString(file, "not a directory");
        List<String> args = new ArrayList<>(List.of("gray-scott"));
        for (String a : options.trim().split("\\s+")) {
            args.add(a.replace("{tmp}", dir.toString()).replace("{file}", file.toString()));
        }
        addDefault(args, "--size", "16");
        if (!args.contains("--t-end")) {
            addDefault(args, "--steps", "1");
        }
        addDefault(args, "--png", dir.resolve("ok.png").toString());
        addDefault(args, "--threads", "1");

        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), "exactly one line on stderr:\n" + r.err());
        String line = r.errLines().get(0);
        for (int i = 1; i < c.size(); i++) {
            String e = c.getString(i).replace("{tmp}", dir.toString()).replace("{file}", file.toString());
            assertTrue(line.contains(e), "stderr should contain '" + e + "': " + line);
        }
        assertFalse(line.contains("Exception") || line.contains("\tat "), "no stack trace or exception name: " + line);
        assertEquals("", r.out(), "nothing on stdout");
        assertFalse(Files.exists(dir.resolve("ok.png")), "nothing ran");
    }

    private static void addDefault(List<String> args, String option, String value) {
        if (!args.contains(option)) {
            args.add(option);
            args.add(value);
        }
    }

    /** Without --add-modules jdk.incubator.vector, --backend vector runs the interpreted (scalar) kernel after one warning. */
    @Test
    @Timeout(120)
    void withoutTheVectorModuleTheVectorBackendFallsBackToScalarWithOneWarning() throws Exception {
        Cli.Result r = Cli.spawn(List.of(), List.of("gray-scott", "--size", "32", "--steps", "10", "--no-png", "--backend", "vector"), 90);
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), "exactly one warning line:\n" + r.err());
        String warning = r.errLines().get(0);
        assertTrue(warning.contains("warning") && warning.contains("jdk.incubator.vector") && warning.contains("scalar"), warning);
        assertEquals("scalar", r.json().get("backend"));
        assertEquals("10", r.json().get("steps"));
    }

    /**
     * A JVM forced to 256-bit vectors and one at the CPU's preferred width both reproduce the scalar
     * (interpreted) kernel to the bit on a grid whose rows are not a multiple of either vector length.
     */
    @Test
    @Timeout(180)
    void vectorWidthsAgreeWithScalar() throws Exception {
        List<String> run = List.of("gray-scott", "--size", "67x45", "--steps", "300", "--no-png", "--backend", "vector",
                "--threads", "1", "--parallel", "serial");
        String addModules = "--add-modules=jdk.incubator.vector";
        Path forced = dir.resolve("v256"), preferred = dir.resolve("vauto"), scalar = dir.resolve("scalar");

        Cli.Result r256 = Cli.spawn(List.of(addModules, "-Djstencil.vector.bits=256"), with(run, "--npy", forced.toString()), 90);
        assertEquals(Main.EXIT_OK, r256.exitCode(), r256.toString());
        assertEquals("vector", r256.json().get("backend"));
        assertEquals(256, vectorBits(r256), "the property took effect");

        Cli.Result rAuto = Cli.spawn(List.of(addModules), with(run, "--npy", preferred.toString()), 90);
        assertEquals(Main.EXIT_OK, rAuto.exitCode(), rAuto.toString());
        assertEquals("vector", rAuto.json().get("backend"));
        assertTrue(vectorBits(rAuto) >= 128, rAuto.out());

        List<String> scalarRun = new ArrayList<>(with(run, "--npy", scalar.toString()));
        scalarRun.set(scalarRun.indexOf("vector"), "scalar");
        Cli.Result rScalar = Cli.run(scalarRun.toArray(String[]::new));
        assertEquals(Main.EXIT_OK, rScalar.exitCode(), rScalar.toString());
        assertEquals("scalar", rScalar.json().get("backend"));

        for (String species : List.of("u.npy", "v.npy")) {
            double[] reference = Npy.read(scalar.resolve(species)).data();
            for (Path vectorDir : List.of(forced, preferred)) {
                Grids.assertBitwiseEquals(reference, Npy.read(vectorDir.resolve(species)).data(), 67,
                        vectorDir.getFileName() + "/" + species + " vs scalar");
            }
        }
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> out = new ArrayList<>(args);
        out.addAll(Arrays.asList(more));
        return out;
    }

    /** The vector width named in the human line's kernel description, e.g. "vector f64 x4 (256-bit)". */
    private static int vectorBits(Cli.Result r) {
        Matcher m = Pattern.compile("\\((\\d+)-bit\\)").matcher(r.out());
        assertTrue(m.find(), "no vector width in: " + r.out());
        return Integer.parseInt(m.group(1));
    }
}
