package dev.jstencil.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.io.Npy;
import dev.jstencil.io.checkpoint.CheckpointDirectory;
import dev.jstencil.testutil.Cli;
import dev.jstencil.testutil.Grids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints, restarts and --init-from under {@code mpirun}: a checkpoint of N ranks is the file one process
 * writes at that step, byte for byte, and a run restarted from it on another rank count, or in one process
 * without mpirun, ends with the .npy bytes of the run that was never interrupted. Few cases on small grids
 * with odd sizes (blocks of unequal sizes), mixed boundaries and noise: each mpirun costs one JVM start per rank.
 */
class MpiRestartTest {
    @TempDir
    static Path dir;
    static Path noisy;

    @BeforeAll
    static void needsMpirun() throws IOException {
        Assumptions.assumeTrue(MpiRunTest.onPath("mpirun"), "mpirun is not on PATH: the MPI tests are skipped (install openmpi-bin "
                + "and libopenmpi-dev, as .ci/run does)");
        noisy = Files.writeString(dir.resolve("noisy.model"), MpiRunTest.NOISY);
    }

    /**
     * 2D, noise in every step and a diagonal read: 4 ranks checkpoint steps 3 and 6 and the end (7); 3 ranks, and one
     * process, continue the directory's newest to step 12.
     */
    @Test
    void aCheckpointOfFourRanksRestartsOnThreeAndInOneProcessBitForBit() throws Exception {
        List<String> run = List.of("run", noisy.toString(), "--bc", "neumann,dirichlet=0.3", "--seed", "5");
        Path oneCk = dir.resolve("2d-one-ck"), one = dir.resolve("2d-one");
        ok(one(args(run, "--steps", "12", "--checkpoint-every", "3", "--checkpoint-dir", oneCk, "--keep", "4", "--npy", one)));

        Path ck = dir.resolve("2d-ck");
        Cli.Result r = ok(MpiRunTest.mpirun(dir, 4, args(run, "--steps", "7", "--checkpoint-every", "3", "--checkpoint-dir", ck, "--keep", "3")));
        assertEquals(List.of(7L, 6L, 3L), steps(ck), "every 3 steps, and the end's");
        assertEquals(ck.resolve(CheckpointDirectory.fileName(7)).toString(), r.json().get("checkpoint"), "rank 0's report: " + r);
        for (long step : List.of(3L, 6L)) {
            assertSameBytes(oneCk.resolve(CheckpointDirectory.fileName(step)), ck.resolve(CheckpointDirectory.fileName(step)));
        }

        Path three = dir.resolve("2d-three");
        r = ok(MpiRunTest.mpirun(dir, 3, args(run, "--steps", "12", "--restart", ck, "--npy", three)));
        assertEquals("7", r.json().get("restart_step"), r.toString());
        assertEquals("5", r.json().get("steps"), r.toString());
        assertSameFields(one, three, "u", "v");

        Path single = dir.resolve("2d-single");
        ok(one(args(run, "--steps", "12", "--restart", ck, "--npy", single, "--threads", "2")));
        assertSameFields(one, single, "u", "v");
    }

    /**
     * 3D, blocks split along two axes: 3 ranks checkpoint steps 2 and 4; 6 ranks restart from the directory, past a
     * newer damaged file (noted once, not once per rank), and write the end's checkpoint, which is one process's too.
     */
    @Test
    void aCheckpointOfThreeRanksRestartsOnSixIn3d() throws Exception {
        List<String> run = List.of("run", "gray-scott-3d", "--size", "13x11x17", "--bc", "neumann,periodic,dirichlet=0.5", "--seed", "3",
                "--set", "noise=0.01", "--precision", "f32");
        Path oneCk = dir.resolve("3d-one-ck"), one = dir.resolve("3d-one");
        ok(one(args(run, "--steps", "6", "--checkpoint-every", "2", "--checkpoint-dir", oneCk, "--keep", "3", "--npy", one)));

        Path ck = dir.resolve("3d-ck");
        ok(MpiRunTest.mpirun(dir, 3, args(run, "--steps", "4", "--checkpoint-every", "2", "--checkpoint-dir", ck)));
        assertEquals(List.of(4L, 2L), steps(ck));
        for (long step : List.of(2L, 4L)) {
            assertSameBytes(oneCk.resolve(CheckpointDirectory.fileName(step)), ck.resolve(CheckpointDirectory.fileName(step)));
        }
        Path damaged = Files.writeString(ck.resolve(CheckpointDirectory.fileName(5)), "this is not a checkpoint, nor a part of one");

        Path six = dir.resolve("3d-six");
        Cli.Result r = ok(MpiRunTest.mpirun(dir, 6, args(run, "--steps", "6", "--restart", ck, "--checkpoint-dir", ck, "--npy", six)));
        assertEquals(List.of("jstencil: note: checkpoint " + damaged + " is not a jstencil checkpoint (its first bytes are not the checkpoint "
                        + "magic); using the previous one",
                "jstencil: note: restarting from " + ck.resolve(CheckpointDirectory.fileName(4)) + " (step 4)"),
                r.err().lines().filter(l -> l.startsWith("jstencil: note:")).toList(), "each note once, from rank 0: " + r);
        assertEquals("6", r.json().get("ranks"), r.toString());
        assertSameFields(one, six, "u", "v");
        assertEquals(ck.resolve(CheckpointDirectory.fileName(6)).toString(), r.json().get("checkpoint"), r.toString());
        assertSameBytes(oneCk.resolve(CheckpointDirectory.fileName(6)), ck.resolve(CheckpointDirectory.fileName(6)));
    }

    /** --init-from: every rank takes its block of the files; the run is one process's. */
    @Test
    void initFromUnderMpirunIsInitFromInOneProcess() throws Exception {
        Path init = Files.createDirectories(dir.resolve("init"));
        long[] shape = {23, 37}; // (ny, nx) of the model's grid
        Npy.write(init.resolve("u.npy"), shape, Grids.random(1, 23 * 37, 0.5, 1));
        Npy.write(init.resolve("v.npy"), shape, Grids.random(2, 23 * 37, 0, 0.3));
        List<String> run = List.of("run", noisy.toString(), "--bc", "periodic,neumann", "--steps", "4", "--init-from", init.toString());
        Path one = dir.resolve("init-one"), three = dir.resolve("init-three");
        ok(one(args(run, "--npy", one)));
        Cli.Result r = ok(MpiRunTest.mpirun(dir, 3, args(run, "--npy", three)));
        assertEquals("from " + init, r.json().get("init"), r.toString());
        assertSameFields(one, three, "u", "v");
    }

    /**
     * SIGTERM to one rank (a batch system's time limit sends it to every rank; one alone is the harder case): every
     * rank stops after the same step, the end's checkpoint is written, and a restart from it in one process ends
     * with the bytes of the run never interrupted. No rank waits for the others' halos: mpirun's hang guard.
     */
    @Test
    void aSignalToOneRankStopsEveryRankAfterTheSameStepAndLosesNothing() throws Exception {
        List<String> run = List.of("run", noisy.toString(), "--bc", "periodic,neumann", "--seed", "9");
        Path ck = dir.resolve("term-ck"), out = dir.resolve("term.out"), err = dir.resolve("term.err");
        Process p = MpiRunTest.start(dir, 3, args(run, "--steps", "2000000000", "--check-every", "0", "--checkpoint-dir", ck,
                "--checkpoint-every", "1000"), out, err);
        try {
            List<ProcessHandle> ranks = MpiRunTest.ranksStepping(p, 3);
            // a first checkpoint (collective) proves every rank is stepping, past start-up and its shutdown hook's setup
            for (int i = 0; i < 1200 && p.isAlive() && (!Files.isDirectory(ck) || steps(ck).isEmpty()); i++) {
                Thread.sleep(100);
            }
            assertTrue(p.isAlive() && !steps(ck).isEmpty(), "no checkpoint written: " + Files.readString(err));
            ranks.get(1).destroy(); // SIGTERM, to rank 1 alone
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the job did not end after SIGTERM to one rank");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size(), "rank 0's report, once: " + lines + "\n" + Files.readString(err));
        Cli.Result r = new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        assertEquals("true", r.json().get("cancelled"), r.toString());
        long stopped = Long.parseLong(r.json().get("steps"));
        assertEquals(stopped, steps(ck).getFirst(), "the newest checkpoint is of the step every rank stopped after");
        assertEquals(ck.resolve(CheckpointDirectory.fileName(stopped)).toString(), r.json().get("checkpoint"));

        Path straight = dir.resolve("term-straight"), resumed = dir.resolve("term-resumed");
        ok(one(args(run, "--steps", stopped + 5, "--npy", straight)));
        Cli.Result again = ok(one(args(run, "--steps", stopped + 5, "--restart", ck, "--npy", resumed)));
        assertEquals(Long.toString(stopped), again.json().get("restart_step"), again.toString());
        assertSameFields(straight, resumed, "u", "v");
    }

    private static List<String> args(List<String> base, Object... more) {
        List<String> all = new ArrayList<>(base);
        for (Object o : more) {
            all.add(o.toString());
        }
        return all;
    }

    /** The run in this JVM: one process, no mpirun. */
    private static Cli.Result one(List<String> args) {
        return Cli.run(args.toArray(String[]::new));
    }

    private static Cli.Result ok(Cli.Result r) {
        assertEquals(0, r.exitCode(), r.toString());
        return r;
    }

    private static List<Long> steps(Path ck) throws IOException {
        return CheckpointDirectory.list(ck).stream().map(CheckpointDirectory.Entry::step).toList();
    }

    private static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertTrue(Files.isRegularFile(actual), actual + " was written");
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), actual + " differs from " + expected);
    }

    private static void assertSameFields(Path expected, Path actual, String... fields) throws IOException {
        for (String f : fields) {
            assertSameBytes(expected.resolve(f + ".npy"), actual.resolve(f + ".npy"));
        }
    }
}
