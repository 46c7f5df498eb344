package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.BufferPlacement;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.Precision;
import dev.jstencil.io.Npy;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import dev.jstencil.testutil.Cli;
import dev.jstencil.testutil.Grids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * native/bench/grayscott_bench.c (all C, OpenMP, the kernel of native/src) computes what a {@link
 * Simulation} of the built-in gray-scott model computes on the Java vector backend, on the same
 * memory layout.
 */
class StandaloneBenchTest {
    @TempDir
    Path tmp;

    private ProcessRunner bench(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(NativeTestSupport.requireBench().toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return ProcessRunner.run(tmp, cmd);
    }

    private static Map<String, String> json(ProcessRunner r) {
        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), "one human line and one JSON line: " + r);
        return Cli.parseFlatJson(lines.get(1));
    }

    /**
     * Bit for bit (after an odd number of steps: a kernel that wrote each row mirrored would undo
     * itself in an even number, on a symmetric stencil). The square start is computed the same way in C and Java; the Gaussian one calls exp
     * (the C library's in C, the model's own expansion in Java), which may differ in the last bit, so
     * for it Java starts from the C program's initial state (its output after 0 steps), and the two
     * starts are compared to a tolerance.
     */
    @ParameterizedTest(name = "{0}x{1} {2} {3} steps, init {4}")
    @CsvSource({
        "128, 96, F64, 401, square",
        "67, 13, F64, 401, gauss",
        "100, 37, F32, 301, square",
        "45, 29, F32, 301, gauss",
    })
    void cProgramIsBitIdenticalToTheJavaVectorBackend(int nx, int ny, Precision precision, int steps, String init) throws Exception {
        Path out = tmp.resolve("c-out");
        ProcessRunner r = bench("--size", nx + "x" + ny, "--steps", Integer.toString(steps), "--threads", "2",
                "--precision", precision.cliName(), "--init", init, "--npy", out.toString(), "--no-png");
        assertEquals(0, r.exitCode(), r.toString());
        String human = r.stdout().lines().findFirst().orElseThrow();
        assertTrue(human.contains("MLUP/s") && human.contains("OMP_WAIT_POLICY="), human);
        Map<String, String> json = json(r);
        assertEquals("c-openmp", json.get("backend"));
        assertEquals(Integer.toString(steps), json.get("steps"));
        assertEquals(Integer.toString(nx), json.get("nx"));
        assertEquals(Integer.toString(ny), json.get("ny"));
        assertEquals(precision.cliName(), json.get("precision"));
        assertEquals("2", json.get("threads"));

        Npy.Array cu = Npy.read(out.resolve("u.npy"));
        Npy.Array cv = Npy.read(out.resolve("v.npy"));
        assertEquals(precision.npyDescr(), cu.descr());
        assertArrayEquals(new long[] {ny, nx}, cu.shape());
        assertArrayEquals(new long[] {ny, nx}, cv.shape());

        Simulation.Builder java = Simulation.builder(Model.builtin("gray-scott")).size(nx, ny).precision(precision).init(init)
                .backend(Backend.VECTOR).parallel(ParallelMode.PLATFORM, 2);
        if (init.equals("gauss")) {
            Path start = tmp.resolve("c-start");
            ProcessRunner r0 = bench("--size", nx + "x" + ny, "--steps", "0", "--precision", precision.cliName(), "--init", init,
                    "--npy", start.toString());
            assertEquals(0, r0.exitCode(), r0.toString());
            try (Simulation own = java.build()) {
                double tolerance = precision == Precision.F64 ? 1e-15 : 1e-7; // a few ulps of values up to 1
                for (String f : List.of("u", "v")) {
                    double d = Grids.maxAbsDiff(own.field(f).toArray(), Npy.read(start.resolve(f + ".npy")).data());
                    assertTrue(d <= tolerance, f + " at the start: max |C - Java| = " + d);
                }
            }
            java.initFrom(start);
        }
        try (Simulation sim = java.build()) {
            assertEquals(Backend.VECTOR, sim.kernel().backend(), sim.kernel().description());
            // the same layout and buffer placement, so that C and Java are measured on the same memory
            int pitch = Field.pitchElements(precision, nx);
            assertEquals(sim.field("u").pitch(), pitch);
            assertEquals(Integer.toString(pitch), json.get("pitch"));
            assertEquals(Long.toString(sim.bufferStagger()), json.get("stagger"));
            assertEquals(BufferPlacement.stagger((long) pitch * precision.bytes()), sim.bufferStagger(),
                    "the stagger chosen for gray-scott's five-point stencil");
            assertEquals(Double.toString(sim.dt()), json.get("dt"));
            double[] u0 = sim.field("u").toArray();
            sim.run(steps);
            Grids.assertBitwiseEquals(sim.field("u").toArray(), cu.data(), nx, "u, C against Java");
            Grids.assertBitwiseEquals(sim.field("v").toArray(), cv.data(), nx, "v, C against Java");
            assertTrue(Grids.maxAbsDiff(u0, cu.data()) > 1e-3, "u changed (else agreement means little)");
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
        assertEquals("400", json(rb).get("steps"));
        assertEquals("200", json(rb).get("warmup"));
        assertArrayEquals(Npy.read(a.resolve("v.npy")).data(), Npy.read(b.resolve("v.npy")).data());
    }

    /**
     * --ftz on sets the CPU's flush-to-zero modes (the fair f32 baseline) and says so in its JSON line. In
     * f32 from the square start subnormal numbers appear in v; with FTZ none is left, and the fields differ
     * from the strict run's by tiny amounts only.
     */
    @Test
    void ftzIsReportedAndChangesOnlyTinyValues() throws Exception {
        Path strict = tmp.resolve("strict"), ftz = tmp.resolve("ftz");
        ProcessRunner a = bench("--size", "256", "--steps", "500", "--precision", "f32", "--threads", "2", "--npy", strict.toString());
        ProcessRunner b = bench("--size", "256", "--steps", "500", "--precision", "f32", "--threads", "2", "--ftz", "on", "--npy",
                ftz.toString());
        assertEquals(0, a.exitCode(), a.toString());
        assertEquals(0, b.exitCode(), b.toString());
        assertEquals("c-openmp", json(a).get("backend"));
        assertEquals("c-openmp-ftz", json(b).get("backend"));
        assertTrue(b.stdout().lines().findFirst().orElseThrow().contains("[c-openmp-ftz f32"), b.stdout());
        double[] va = Npy.read(strict.resolve("v.npy")).data(), vb = Npy.read(ftz.resolve("v.npy")).data();
        int subnormal = 0;
        for (int i = 0; i < va.length; i++) {
            subnormal += va[i] != 0 && Math.abs(va[i]) < Float.MIN_NORMAL ? 1 : 0;
            assertTrue(vb[i] == 0 || Math.abs(vb[i]) >= Float.MIN_NORMAL, "FTZ leaves no subnormal value: " + vb[i]);
            assertTrue(Math.abs(va[i] - vb[i]) < 1e-30, "cell " + i + ": " + va[i] + " vs " + vb[i]);
        }
        assertTrue(subnormal > 0, "the strict f32 run holds subnormal values (else FTZ is not exercised)");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--threads|0|--threads 0",
        "--dt|2|dt = 2.0 is unstable",
        "--size|2x9|'2x9'",
        "--precision|f16|'f16'",
        "--F|-1|F = -1.0",
        "--steps|many|'many'",
        "--ftz|maybe|--ftz 'maybe' is not one of [on, off]",
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
