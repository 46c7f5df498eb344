package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.Precision;
import dev.jstencil.io.Npy;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.NonFiniteValueException;
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
 * native/bench/grayscott3d_bench.c (hand-written C, OpenMP) computes, bit for bit, what a {@link
 * Simulation} of the built-in gray-scott-3d model computes on the Java vector backend: the same
 * formulas in the same order (the model file, {@link dev.jstencil.codegen.Lowering}'s Laplacian),
 * the same counter-based noise ({@link dev.jstencil.codegen.Noise}), on the same memory layout.
 */
class Standalone3dBenchTest {
    /** Odd and unequal sides; the 12-cell cube of the start lies inside the grid on every axis. */
    private static final int NX = 17, NY = 15, NZ = 14;
    private static final int STEPS = 50;
    private static final double NOISE = 1e-3;
    private static final Model MODEL = Model.builtin("gray-scott-3d");

    @TempDir
    Path tmp;

    private ProcessRunner bench(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(NativeTestSupport.requireBench3d().toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return ProcessRunner.run(tmp, cmd);
    }

    /** The C program's u and v after a run, and its JSON line. */
    private record CRun(double[] u, double[] v, Map<String, String> json) {
    }

    private CRun runC(String dir, Precision p, long seed, int threads, int steps, int warmup) throws Exception {
        Path out = tmp.resolve(dir);
        ProcessRunner r = bench("--size", NX + "x" + NY + "x" + NZ, "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup),
                "--noise", Double.toString(NOISE), "--seed", Long.toString(seed), "--threads", Integer.toString(threads),
                "--precision", p.cliName(), "--npy", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of(), r.errorLines(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), "one human line and one JSON line: " + r);
        assertTrue(lines.get(0).startsWith("gray-scott-3d " + NX + "x" + NY + "x" + NZ + " " + p.cliName() + ": " + steps + " steps")
                && lines.get(0).contains("MLUP/s") && lines.get(0).contains("OMP_WAIT_POLICY="), lines.get(0));
        Npy.Array u = Npy.read(out.resolve("u.npy")), v = Npy.read(out.resolve("v.npy"));
        for (Npy.Array a : List.of(u, v)) {
            assertEquals(p.npyDescr(), a.descr());
            assertArrayEquals(new long[] {NZ, NY, NX}, a.shape());
        }
        return new CRun(u.data(), v.data(), Cli.parseFlatJson(lines.get(1)));
    }

    private static Simulation java(Precision p, long seed, int threads) {
        Simulation sim = Simulation.builder(MODEL).size(NX, NY, NZ).precision(p).set("noise", NOISE).seed(seed).backend(Backend.VECTOR)
                .parallel(threads == 1 ? ParallelMode.SERIAL : ParallelMode.PLATFORM, threads).build();
        assertEquals(Backend.VECTOR, sim.kernel().backend(), "no silent fallback: " + sim.kernel().description());
        return sim;
    }

    @ParameterizedTest(name = "{0} seed {1}, {2} thread(s)")
    @CsvSource({"F64, 0, 1", "F64, 0, 2", "F64, 7, 1", "F64, 7, 2", "F32, 0, 1", "F32, 0, 2", "F32, 7, 1", "F32, 7, 2"})
    void cProgramIsBitIdenticalToTheJavaVectorBackend(Precision p, long seed, int threads) throws Exception {
        CRun c = runC("c-out", p, seed, threads, STEPS, 0);
        Map<String, String> json = c.json();
        assertEquals("c-openmp", json.get("backend"));
        assertEquals("gray-scott-3d", json.get("model"));
        assertEquals(Integer.toString(STEPS), json.get("steps"));
        assertEquals(List.of(Integer.toString(NX), Integer.toString(NY), Integer.toString(NZ)), List.of(json.get("nx"), json.get("ny"),
                json.get("nz")));
        assertEquals(p.cliName(), json.get("precision"));
        assertEquals(Integer.toString(threads), json.get("threads"));
        assertEquals("0", json.get("warmup"));
        try (Simulation sim = java(p, seed, threads)) {
            assertEquals(Double.toString(sim.dt()), json.get("dt"));
            // the same layout and buffer placement, so that C and Java are measured on the same memory
            assertEquals(Integer.toString(Field.pitchElements(p, NX)), json.get("pitch"));
            assertEquals(sim.field("u").pitch(), Field.pitchElements(p, NX));
            assertEquals(Long.toString(sim.bufferStagger()), json.get("stagger"));

            double[] u0 = sim.field("u").toArray();
            assertEquals(STEPS, sim.run(STEPS).steps());
            Grids.assertBitwiseEquals(sim.field("u").toArray(), c.u(), NX, "u, C against Java (rows x of (y, z) flattened)");
            Grids.assertBitwiseEquals(sim.field("v").toArray(), c.v(), NX, "v, C against Java");
            assertTrue(Grids.maxAbsDiff(u0, c.u()) > 0.01, "u changed in " + STEPS + " steps (else agreement means little)");
        }
    }

    /** The noise is on and keyed by the seed in both programs, so the bitwise agreement above includes it. */
    @Test
    void theNoiseShowsInTheResult() throws Exception {
        CRun seed0 = runC("s0", Precision.F64, 0, 1, 10, 0), seed7 = runC("s7", Precision.F64, 7, 1, 10, 0);
        assertTrue(Grids.maxAbsDiff(seed0.u(), seed7.u()) > 1e-4, "another seed gives other noise");
        try (Simulation quiet = Simulation.builder(MODEL).size(NX, NY, NZ).set("noise", 0).build()) {
            quiet.run(10);
            assertTrue(Grids.maxAbsDiff(quiet.field("u").toArray(), seed0.u()) > 1e-4, "the noise changes u");
        }
    }

    /**
     * Warm-up steps are run (and count for the noise) but not timed: 20 + 31 steps equal 51, and both
     * equal Java's 51 (an odd count: a kernel writing mirrored rows would undo itself in an even one).
     */
    @Test
    void warmupIsRunAndCountsForTheNoise() throws Exception {
        CRun whole = runC("whole", Precision.F64, 7, 2, 51, 0);
        CRun split = runC("split", Precision.F64, 7, 2, 31, 20);
        assertEquals("31", split.json().get("steps"));
        assertEquals("20", split.json().get("warmup"));
        Grids.assertBitwiseEquals(whole.u(), split.u(), NX, "u");
        Grids.assertBitwiseEquals(whole.v(), split.v(), NX, "v");
        try (Simulation sim = java(Precision.F64, 7, 2)) {
            sim.run(20);
            sim.run(31);
            Grids.assertBitwiseEquals(sim.field("u").toArray(), whole.u(), NX, "u, C against Java");
            Grids.assertBitwiseEquals(sim.field("v").toArray(), whole.v(), NX, "v, C against Java");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--threads|0|--threads 0 is not allowed",
        "--dt|6|dt = 6.0 is unstable",
        "--size|2x9x9|'2x9x9' is too small",
        "--size|9x9|'9x9' is not a size",
        "--precision|f16|'f16'",
        "--noise|-1|noise = -1.0 is not allowed",
        "--F|x|--F 'x' is not a number",
        "--seed|ten|--seed 'ten'",
        "--steps|many|'many'",
        "--check-every|-5|--check-every -5 is not allowed",
        "--bogus|1|unknown option '--bogus'",
    })
    void badInputIsOneLineAndExitCode2(String option, String value, String expected) throws Exception {
        ProcessRunner r = bench("--steps", "1", "--size", "8", option, value); // the option under test comes last and wins
        assertEquals(2, r.exitCode(), r.toString());
        List<String> err = r.errorLines();
        assertEquals(1, err.size(), "one line on stderr: " + r);
        assertTrue(err.getFirst().startsWith("grayscott3d-bench: error: ") && err.getFirst().contains(expected), err.getFirst());
        assertEquals("", r.stdout());
    }

    /**
     * An explosive feed rate overflows: the C program exits 1 with one line naming the field, cell and
     * step, the same ones Java's check names (both scan u, then v, plane by plane, row by row).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"F64", "F32"})
    void divergenceIsReportedLikeJavaWithExitCode1(Precision p) throws Exception {
        ProcessRunner r = bench("--size", NX + "x" + NY + "x" + NZ, "--steps", "300", "--F", "1e6", "--check-every", "10", "--threads", "1",
                "--precision", p.cliName());
        assertEquals(1, r.exitCode(), r.toString());
        List<String> err = r.errorLines();
        assertEquals(1, err.size(), r.toString());
        assertTrue(err.getFirst().startsWith("grayscott3d-bench: error: ") && err.getFirst().contains("the run diverged"), err.getFirst());
        String c = err.getFirst().substring("grayscott3d-bench: error: ".length());
        try (Simulation sim = Simulation.builder(MODEL).size(NX, NY, NZ).precision(p).set("F", 1e6).checkEvery(10).build()) {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(300));
            String java = e.getMessage();
            String same = java.substring(0, java.indexOf("the run diverged"));
            assertTrue(c.startsWith(same), "C: " + c + "\nJava: " + java);
        }
    }
}
