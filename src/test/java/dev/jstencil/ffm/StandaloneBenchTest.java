package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.io.Npy;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.BufferPlacement;
import dev.jstencil.model.InitialCondition;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.GrayScottSimulation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** native/bench/grayscott_bench.c (all C, OpenMP) computes what the Java vector backend computes. */
class StandaloneBenchTest {
    @TempDir
    Path tmp;

    private ProcessRunner bench(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(NativeTestSupport.requireBench().toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return ProcessRunner.run(tmp, cmd);
    }

    private static String jsonField(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\"[^\"]*\"|[^,}]*)").matcher(json);
        assertTrue(m.find(), "JSON line lacks " + key + ": " + json);
        return m.group(1).replace("\"", "");
    }

    @ParameterizedTest(name = "{0}x{1} {2} {3} steps, init {4}")
    @CsvSource({
        "128, 96, F64, 1000, SQUARE, 1e-12",
        "67, 13, F64, 1000, GAUSS, 1e-12",
        "100, 37, F32, 500, SQUARE, 1e-4",
    })
    void cProgramMatchesJavaVectorBackend(int nx, int ny, Precision precision, int steps, InitialCondition init, double tolerance)
            throws Exception {
        Path out = tmp.resolve("c-out");
        ProcessRunner r = bench("--size", nx + "x" + ny, "--steps", Integer.toString(steps), "--threads", "2",
                "--precision", precision.cliName(), "--init", init.cliName(), "--npy", out.toString(), "--no-png");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), "one human line and one JSON line: " + r);
        assertTrue(lines.get(0).contains("MLUP/s") && lines.get(0).contains("OMP_WAIT_POLICY="), lines.get(0));
        String json = lines.get(1);
        assertEquals("c-openmp", jsonField(json, "backend"));
        assertEquals(Integer.toString(steps), jsonField(json, "steps"));
        assertEquals(Integer.toString(nx), jsonField(json, "nx"));
        assertEquals(Integer.toString(ny), jsonField(json, "ny"));
        assertEquals(precision.cliName(), jsonField(json, "precision"));
        assertEquals("2", jsonField(json, "threads"));
        // the same layout as GrayScottState, so that C and Java are measured on the same memory placement
        int pitch = Field2D.pitchElements(precision, nx);
        assertEquals(Integer.toString(pitch), jsonField(json, "pitch"));
        assertEquals(Long.toString(BufferPlacement.stagger((long) pitch * precision.bytes())), jsonField(json, "stagger"));

        Npy.Array cu = Npy.read(out.resolve("u.npy"));
        Npy.Array cv = Npy.read(out.resolve("v.npy"));
        assertEquals(precision.npyDescr(), cu.descr());
        assertArrayEquals(new long[] {ny, nx}, cu.shape());
        assertArrayEquals(new long[] {ny, nx}, cv.shape());

        try (GrayScottSimulation sim = GrayScottSimulation.builder().size(nx, ny).precision(precision).init(init)
                .backend(Backend.VECTOR).parallel(ParallelMode.PLATFORM, 2).build()) {
            sim.run(steps);
            double du = NativeTestSupport.maxAbsDiff(sim.u().toArray(), cu.data());
            double dv = NativeTestSupport.maxAbsDiff(sim.v().toArray(), cv.data());
            assertTrue(du <= tolerance && dv <= tolerance, "max |C - Java vector|: u " + du + ", v " + dv + " > " + tolerance);
        }
    }

    @Test
    void warmupIsNotCountedButRun() throws Exception {
        // 600 steps in one go must equal 200 warm-up steps + 400 timed ones.
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        ProcessRunner ra = bench("--size", "40x30", "--steps", "600", "--threads", "2", "--npy", a.toString());
        ProcessRunner rb = bench("--size", "40x30", "--steps", "400", "--warmup", "200", "--threads", "2", "--npy", b.toString());
        assertEquals(0, ra.exitCode(), ra.toString());
        assertEquals(0, rb.exitCode(), rb.toString());
        assertEquals("400", jsonField(rb.stdout().lines().toList().get(1), "steps"));
        assertEquals("200", jsonField(rb.stdout().lines().toList().get(1), "warmup"));
        assertArrayEquals(Npy.read(a.resolve("v.npy")).data(), Npy.read(b.resolve("v.npy")).data());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--threads|0|--threads 0",
        "--dt|2|dt = 2.0 is unstable",
        "--size|2x9|'2x9'",
        "--precision|f16|'f16'",
        "--F|-1|F = -1.0",
        "--steps|many|'many'",
    })
    void badInputIsOneLineAndExitCode2(String option, String value, String expected) throws Exception {
        ProcessRunner r = bench("--steps", "1", option, value); // the option under test comes last and wins
        assertEquals(2, r.exitCode(), r.toString());
        List<String> err = r.errorLines();
        assertEquals(1, err.size(), "one line on stderr: " + r);
        assertTrue(err.getFirst().startsWith("grayscott-bench: error: ") && err.getFirst().contains(expected), err.getFirst());
        assertEquals("", r.stdout());
    }

    @Test
    void divergenceIsReportedWithExitCode1() throws Exception {
        ProcessRunner r = bench("--size", "64", "--steps", "300", "--F", "0.5", "--dt", "1.56", "--check-every", "50", "--threads", "2");
        assertEquals(1, r.exitCode(), r.toString());
        List<String> err = r.errorLines();
        assertEquals(1, err.size(), r.toString());
        assertTrue(err.getFirst().contains("the run diverged") && err.getFirst().contains("after step 50"), err.getFirst());
    }
}
