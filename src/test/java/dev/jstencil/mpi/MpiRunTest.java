package dev.jstencil.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jstencil.testutil.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mpirun -np N java ... Main run ...} (one JVM per rank, oversubscribed on the build machine's cores)
 * against the same run in this JVM: the gathered .npy files must be the same bytes. Skipped, saying why, only
 * where mpirun is not on PATH (.ci/run installs Open MPI, so CI runs them). Grids are small and runs short:
 * each case costs N JVM starts.
 */
class MpiRunTest {
    /** A 2D model that reads noise and positions in its steps and init, and a diagonal neighbour. */
    static final String NOISY = """
            # noise in every step, positions, a diagonal read
            grid 37 23
            steps = 6
            dt = 0.5
            fields u v
            param Du = 0.2
            param Dv = 0.1
            param F = 0.04
            param k = 0.06
            du/dt = Du*lap(u) - u*v*v + F*(1 - u) + 0.01*rand() + 0.001*u[1,1]
            dv/dt = Dv*lap(v) + u*v*v - (F + k)*v + 0.0001*(ix + 2*iy)
            init spot {
              u = 1 - 0.5*rand()
              v = (ix > 10 && ix < 20 && iy > 5 && iy < 15) ? 0.25 : 0.01*iy
            }
            """;
    /** Radius 2 (a ghost layer two deep), diagonal reads and noise; on 4 ranks, 2x2 blocks of 4 or 5 by 4 cells. */
    static final String RADIUS2 = """
            grid 9 8
            steps = 5
            dt = 0.05
            fields u
            du/dt = u[0,2] + u[0,-2] + u[2,0] + u[-2,0] + u[1,1] - 5*u + 0.01*rand()
            init r {
              u = rand() + 0.1*ix*iy
            }
            """;
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    static Path dir;
    static Path noisy;
    static Path radius2;

    @BeforeAll
    static void needsMpirun() throws IOException {
        Assumptions.assumeTrue(onPath("mpirun"), "mpirun is not on PATH: the MPI tests are skipped (install openmpi-bin and "
                + "libopenmpi-dev, as .ci/run does)");
        noisy = Files.writeString(dir.resolve("noisy.model"), NOISY);
        radius2 = Files.writeString(dir.resolve("radius2.model"), RADIUS2);
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /** mpirun -np ranks java ... Main args, within the hang guard. */
    static Cli.Result mpirun(int ranks, List<String> args) throws IOException, InterruptedException {
        return mpirun(dir, ranks, args);
    }

    /** The same, for another test class: {@code work} holds the output captures and, by default, the kernel cache. */
    static Cli.Result mpirun(Path work, int ranks, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mpirun", "--allow-run-as-root", "--oversubscribe", "-np", Integer.toString(ranks)));
        cmd.addAll(Cli.command(List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Djstencil.cache.dir=" + System.getProperty("jstencil.cache.dir", work.resolve("cache").toString()),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"), dev.jstencil.cli.Main.class.getName(), args));
        Path out = Files.createTempFile(work, "mpirun-", ".out"), err = Files.createTempFile(work, "mpirun-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        // Containers often forbid the cross-memory attach of Open MPI's shared-memory transport (ptrace rules).
        pb.environment().put("OMPI_MCA_btl_vader_single_copy_mechanism", "none");
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("mpirun did not finish within " + TIMEOUT_SECONDS + " s (a hang): " + String.join(" ", cmd) + "\n" + Files.readString(err));
        }
        return new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("noisy", "periodic", 1, List.of()),
                Arguments.of("noisy", "periodic", 2, List.of()),
                Arguments.of("noisy", "periodic", 3, List.of()),
                Arguments.of("noisy", "periodic", 4, List.of()),
                Arguments.of("noisy", "neumann", 2, List.of("--backend", "interpreted")),
                Arguments.of("noisy", "periodic,neumann", 6, List.of()),
                Arguments.of("noisy", "neumann", 3, List.of("--precision", "f32")),
                Arguments.of("noisy", "dirichlet=0.3", 3, List.of("--backend", "native")),
                Arguments.of("noisy", "neumann,dirichlet=0.3", 4, List.of()),
                Arguments.of("radius2", "neumann", 4, List.of("--backend", "native")),
                Arguments.of("gray-scott", "periodic", 3, List.of("--size", "37x23", "--steps", "12")),
                Arguments.of("gray-scott-3d", "neumann", 3, List.of("--size", "13x11x17", "--steps", "4", "--precision", "f32")),
                Arguments.of("gray-scott-3d", "periodic", 4, List.of("--size", "13x11x17", "--steps", "4", "--backend", "native")),
                Arguments.of("gray-scott-3d", "neumann,periodic,dirichlet=0.5", 4, List.of("--size", "11x13x9", "--steps", "4")),
                // threads inside each rank (hybrid): bands of every parallel mode, some thinner than the ghost layer
                Arguments.of("noisy", "periodic", 2, List.of("--threads", "3")),
                Arguments.of("noisy", "neumann,dirichlet=0.3", 4, List.of("--threads", "2", "--parallel", "virtual")),
                Arguments.of("radius2", "periodic", 3, List.of("--threads", "3", "--backend", "native")),
                Arguments.of("gray-scott-3d", "neumann", 3, List.of("--size", "13x11x17", "--steps", "4", "--threads", "2",
                        "--parallel", "forkjoin")),
                // temporal blocking across ranks: slabs, ghost layers k deep, the wavefront beyond each internal face
                // (steps 17 at 2D's depth 8: two sweeps and a last single step; periodic: noise wrapped across the grid's end)
                Arguments.of("noisy", "periodic", 2, List.of("--steps", "17", "--temporal-blocking", "on")),
                Arguments.of("noisy", "neumann,dirichlet=0.3", 3, List.of("--temporal-blocking", "3", "--threads", "2", "--backend", "native")),
                Arguments.of("gray-scott-3d", "periodic,neumann,periodic", 4, List.of("--size", "9x7x13", "--steps", "7",
                        "--temporal-blocking", "2", "--precision", "f32")),
                Arguments.of("gray-scott-3d", "neumann,periodic,dirichlet=0.5", 3, List.of("--size", "13x11x17", "--steps", "5",
                        "--temporal-blocking", "on", "--backend", "interpreted")));
    }

    @ParameterizedTest(name = "{0} {1} on {2} rank(s) {3}")
    @MethodSource("cases")
    void gatheredFieldsAreTheBitsOfOneProcess(String model, String bc, int ranks, List<String> extra) throws Exception {
        String name = model + "-" + bc.replaceAll("\\W", "_") + "-" + ranks + "-" + String.join("_", extra).replaceAll("\\W", "");
        Path one = dir.resolve(name + "-one"), many = dir.resolve(name + "-many");
        String modelArg = switch (model) {
            case "noisy" -> noisy.toString();
            case "radius2" -> radius2.toString();
            default -> model;
        };
        List<String> args = new ArrayList<>(List.of("run", modelArg, "--bc", bc, "--seed", "5"));
        args.addAll(extra);
        List<String> single = new ArrayList<>(args);
        if (!extra.contains("--threads")) {
            single.addAll(List.of("--threads", "2"));
        }
        single.addAll(List.of("--npy", one.toString()));
        Cli.Result ref = Cli.run(single.toArray(String[]::new));
        assertEquals(0, ref.exitCode(), ref.toString());
        List<String> distributed = new ArrayList<>(args);
        distributed.addAll(List.of("--npy", many.toString()));
        Cli.Result r = mpirun(ranks, distributed);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(Integer.toString(ranks), r.json().get("ranks"), "one report, from rank 0: " + r);
        for (String field : model.equals("radius2") ? List.of("u") : List.of("u", "v")) {
            byte[] expected = Files.readAllBytes(one.resolve(field + ".npy")), actual = Files.readAllBytes(many.resolve(field + ".npy"));
            assertArrayEquals(expected, actual, field + ".npy of " + ranks + " ranks differs from one process's");
        }
    }

    @Test
    void tooManyRanksForTheGridIsOneErrorBeforeAnythingRuns() throws Exception {
        Path npy = dir.resolve("too-many");
        Cli.Result r = mpirun(5, List.of("run", "gray-scott", "--size", "4x4", "--steps", "3", "--npy", npy.toString()));
        assertEquals(2, r.exitCode(), r.toString());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("jstencil: error:")).toList();
        assertEquals(1, errors.size(), "printed once: " + r);
        assertEquals("jstencil: error: 5 processes are too many for grid 4x4: MPI_Dims_create splits it into 1x5 blocks, and along y "
                + "a block would have fewer than 1 of the 4 cells (the ghost width); use fewer processes", errors.getFirst());
        assertTrue(!Files.exists(npy.resolve("u.npy")), "nothing was written");
    }

    /** mpirun -np ranks java ... Main args, started: its output and errors go to {@code out} and {@code err}. */
    static Process start(Path work, int ranks, List<String> args, Path out, Path err) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("mpirun", "--allow-run-as-root", "--oversubscribe", "-np", Integer.toString(ranks)));
        cmd.addAll(Cli.command(List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Djstencil.cache.dir=" + System.getProperty("jstencil.cache.dir", work.resolve("cache").toString()), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"), dev.jstencil.cli.Main.class.getName(), args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("OMPI_MCA_btl_vader_single_copy_mechanism", "none");
        return pb.start();
    }

    /** The JVMs (ranks) of a started mpirun, once there are {@code ranks} of them, then a few seconds of stepping. */
    static List<ProcessHandle> ranksStepping(Process mpirun, int ranks) throws InterruptedException {
        List<ProcessHandle> jvms = List.of();
        for (int i = 0; i < 600 && jvms.size() < ranks; i++) {
            Thread.sleep(100);
            jvms = mpirun.descendants().filter(h -> h.info().command().orElse("").endsWith("java")).toList();
        }
        assertEquals(ranks, jvms.size(), "mpirun started " + ranks + " JVMs");
        Thread.sleep(3000); // stepping, exchanging halos
        assertTrue(mpirun.isAlive(), "still running");
        return jvms;
    }

    @Test
    void aRankKilledFromOutsideEndsTheWholeJob() throws Exception {
        Path err = Files.createTempFile(dir, "killed-", ".err");
        Process p = start(dir, 3, List.of("run", "gray-scott", "--size", "64x61", "--steps", "100000000", "--check-every", "0"),
                Files.createTempFile(dir, "killed-", ".out"), err);
        try {
            List<ProcessHandle> ranks = ranksStepping(p, 3);
            ranks.get(1).destroyForcibly(); // SIGKILL: no shutdown hook, no MPI_Abort
            // the hang guard: the others block on the dead rank's halo unless mpirun ends them
            assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "mpirun did not end the job after a rank was killed");
            assertNotEquals(0, p.exitValue());
            for (ProcessHandle rank : ranks) {
                assertTrue(rank.onExit().get(30, TimeUnit.SECONDS) != null && !rank.isAlive(), "rank " + rank.pid() + " still alive");
            }
            assertTrue(Files.readString(err).contains("exited on signal 9"), Files.readString(err));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void autoBlocksAcrossRanksWhenEveryRanksShareIsBeyondTheCache() throws Exception {
        long cache = dev.jstencil.sim.TemporalBlocking.autoThresholdBytes();
        Assumptions.assumeTrue(cache <= 64L << 20, "a last-level cache of " + (cache >> 20) + " MiB needs grids too big for a unit test");
        int nx = 256, ny = (int) (1.2 * cache * 2 / (2 * 2 * 8 * nx)) + 1; // 2 ranks, each with 1.2x the cache: u, v, two buffers, f64
        List<String> args = List.of("run", "gray-scott", "--size", nx + "x" + ny, "--steps", "5", "--seed", "3");
        Cli.Result big = mpirun(2, args);
        assertEquals(0, big.exitCode(), big.toString());
        assertEquals("true", big.json().get("temporal_blocking"), big.toString());
        assertEquals("8", big.json().get("steps_per_sweep"), "2D's default depth: " + big);
        Cli.Result small = mpirun(2, List.of("run", "gray-scott", "--size", nx + "x" + (ny / 4), "--steps", "5"));
        assertEquals(0, small.exitCode(), small.toString());
        assertEquals("false", small.json().get("temporal_blocking"), "a share that fits the cache: " + small);
    }

    @Test
    void temporalBlockingTheRanksCannotDoIsOneClearError() throws Exception {
        Cli.Result deep = mpirun(2, List.of("run", "gray-scott", "--size", "32x32", "--steps", "3", "--temporal-blocking", "9"));
        assertEquals(2, deep.exitCode(), deep.toString());
        assertEquals(List.of("jstencil: error: --temporal-blocking 9 is not allowed under MPI: use 2..8 steps per sweep (the ghost layer, "
                + "exchanged once per sweep, is at most 8 cells deep)"), deep.err().lines().filter(l -> l.startsWith("jstencil: error:")).toList());
        Cli.Result thin = mpirun(3, List.of("run", "gray-scott", "--size", "32x11", "--steps", "3", "--temporal-blocking", "4"));
        assertEquals(2, thin.exitCode(), thin.toString());
        List<String> errors = thin.err().lines().filter(l -> l.startsWith("jstencil: error:")).toList();
        assertEquals(1, errors.size(), "printed once: " + thin);
        assertTrue(errors.getFirst().contains("3 processes are too many for grid 32x11 with temporal blocking of 4 steps per sweep"),
                errors.getFirst());
    }

    @Test
    void singleProcessCommandsAreRefusedOnSeveralRanks() throws Exception {
        Cli.Result r = mpirun(2, List.of("mandelbrot", "--size", "8x8"));
        assertEquals(2, r.exitCode(), r.toString());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("jstencil: error:")).toList();
        assertEquals(List.of("jstencil: error: 'mandelbrot' runs in one process; under mpirun only 'run' splits its work over the ranks "
                + "(start it without mpirun, or with -np 1)"), errors);
    }

    @Test
    void aRankThatFailsEndsTheJobWithItsMessageOnce() throws Exception {
        // Only the top rows blow up: only the last of three ranks finds the infinity.
        Path model = Files.writeString(dir.resolve("blowup.model"), """
                grid 16 16
                steps = 200
                dt = 0.2
                boundary neumann
                fields u
                du/dt = (iy > 13 ? 1e300*u*u : 0) + lap(u)
                init one {
                  u = 1
                }
                """);
        // no rank may wait for the failed one: mpirun's hang guard fails the test if the job does not end
        Cli.Result r = mpirun(3, List.of("run", model.toString(), "--check-every", "1"));
        assertNotEquals(0, r.exitCode(), r.toString());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("jstencil: error:")).toList();
        assertEquals(1, errors.size(), "printed once: " + r);
        assertTrue(errors.getFirst().contains("u = Infinity at (x=0, y=14) after step 2"), errors.getFirst());
        assertTrue(errors.getFirst().contains("rank 2 of 3"), errors.getFirst());
    }
}
