package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.io.checkpoint.CheckpointDirectory;
import dev.jstencil.testutil.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jstencil run} with --checkpoint-every, --checkpoint-dir, --keep and --restart, end to end. */
class CheckpointCommandTest {
    @TempDir
    Path dir;

    private static String[] args(String physics, String engine, String... more) {
        List<String> a = new ArrayList<>(List.of("run"));
        a.addAll(List.of(physics.trim().split("\\s+")));
        a.addAll(List.of(engine.trim().split("\\s+")));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static List<Long> steps(Path d) throws IOException {
        return CheckpointDirectory.list(d).stream().map(CheckpointDirectory.Entry::step).sorted().toList();
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        return r;
    }

    /**
     * A run of 40 steps stopped at 25 and restarted with --steps 40 (another engine) does 15 steps and
     * ends where the run that was never stopped ends; the checkpoints it writes are byte for byte those
     * of the uninterrupted run.
     */
    @ParameterizedTest(name = "{0}: {1} then {2}")
    @CsvSource(delimiter = '|', value = {
        "gray-scott-3d --size 12x10x8 --set noise=1e-3 --seed 3 | --threads 2 --parallel platform                   | --threads 1 --parallel serial --backend interpreted",
        "gray-scott --size 33x17                                | --threads 2 --temporal-blocking 4                  | --threads 3 --parallel forkjoin --temporal-blocking off",
        "brusselator --size 31x19 --precision f32 --seed 9      | --threads 1 --temporal-blocking off --backend native | --threads 2 --parallel virtual --temporal-blocking 8",
    })
    void aRestartCountsStepsFromTheStartAndEndsBitForBitWhereTheUninterruptedRunEnds(String physics, String first, String then)
            throws IOException {
        Path whole = dir.resolve("whole"), part = dir.resolve("part"), wholeOut = dir.resolve("whole-out"), out = dir.resolve("out");
        ok(args(physics, first, "--steps", "40", "--checkpoint-every", "10", "--checkpoint-dir", whole.toString(), "--keep", "9",
                "--npy", wholeOut.toString()));
        assertEquals(List.of(10L, 20L, 30L, 40L), steps(whole), "no extra checkpoint at the end: step 40 has one");
        Cli.Result stopped = ok(args(physics, first, "--steps", "25", "--checkpoint-every", "10", "--checkpoint-dir", part.toString(),
                "--keep", "9"));
        assertEquals(List.of(10L, 20L, 25L), steps(part), "and one of the last step");
        assertEquals(part.resolve(CheckpointDirectory.fileName(25)).toString(), stopped.json().get("checkpoint"));
        Cli.Result r = ok(args(physics, then, "--steps", "40", "--restart", part.toString(), "--checkpoint-every", "10",
                "--checkpoint-dir", part.toString(), "--keep", "9", "--npy", out.toString()));
        assertEquals("15", r.json().get("steps"), "--steps counts from step 0");
        assertEquals("25", r.json().get("restart_step"));
        assertTrue(r.out().contains(": 15 steps after step 25 in "), r.out());
        assertEquals("", r.err().lines().filter(l -> !l.startsWith("WARNING")).reduce("", String::concat), "no note: " + r.err());
        assertEquals(List.of(10L, 20L, 25L, 30L, 40L), steps(part));
        for (String name : List.of(CheckpointDirectory.fileName(30), CheckpointDirectory.fileName(40))) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(name)), Files.readAllBytes(part.resolve(name)), name);
        }
        try (var files = Files.list(wholeOut)) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(out.resolve(f.getFileName())), f.getFileName().toString());
            }
        }
    }

    @Test
    void aDamagedNewestCheckpointIsSkippedWithANoteAndThePreviousOneUsed() throws IOException {
        Path ck = dir.resolve("ck"), whole = dir.resolve("whole"), out = dir.resolve("out");
        String physics = "gray-scott-3d --size 10x9x8 --set noise=1e-3 --seed 4 --threads 2";
        ok(args(physics, "--steps 30", "--npy", whole.toString()));
        ok(args(physics, "--steps 20", "--checkpoint-every", "5", "--checkpoint-dir", ck.toString(), "--keep", "3"));
        assertEquals(List.of(10L, 15L, 20L), steps(ck), "keep 3");
        Path newest = ck.resolve(CheckpointDirectory.fileName(20));
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 100] ^= 0x10;
        Files.write(newest, bytes);
        Cli.Result r = ok(args(physics, "--steps 30", "--restart", ck.toString(), "--npy", out.toString(), "--checkpoint-every", "5",
                "--checkpoint-dir", ck.toString(), "--keep", "3"));
        assertEquals("15", r.json().get("restart_step"));
        assertEquals("15", r.json().get("steps"));
        List<String> notes = r.errLines().stream().filter(l -> l.startsWith("jstencil: note:")).toList();
        assertEquals(List.of("jstencil: note: checkpoint " + newest + " is corrupted: field v fails its CRC32C check; using the previous one",
                "jstencil: note: restarting from " + ck.resolve(CheckpointDirectory.fileName(15)) + " (step 15)"), notes);
        assertArrayEquals(Files.readAllBytes(whole.resolve("v.npy")), Files.readAllBytes(out.resolve("v.npy")));
        assertEquals(List.of(20L, 25L, 30L), steps(ck), "the damaged one replaced when the run got there; keep 3");
        dev.jstencil.io.checkpoint.Checkpoint.open(newest).verify();
    }

    @Test
    void restartingFromTheLastStepDoesNoStepsAndWritesTheOutputs() throws IOException {
        Path ck = dir.resolve("ck"), out = dir.resolve("out");
        ok("run", "heat", "--size", "9x7", "--steps", "6", "--checkpoint-dir", ck.toString(), "--threads", "1");
        assertEquals(List.of(6L), steps(ck), "--checkpoint-dir alone: the checkpoint of the end");
        Cli.Result r = ok("run", "heat", "--size", "9x7", "--steps", "6", "--restart", ck.toString(), "--npy", out.toString());
        assertEquals("0", r.json().get("steps"));
        assertTrue(Files.size(out.resolve("T.npy")) > 0);
    }

    /** A checkpoint that cannot be written is a warning on stderr and the run goes on; the next one is written. */
    @Test
    void aFailedCheckpointWriteIsAWarningAndTheRunGoesOn() throws IOException {
        Path gone = dir.resolve("gone");
        java.io.StringWriter err = new java.io.StringWriter();
        CheckpointOptions.Writer w = new CheckpointOptions.Writer(new CheckpointDirectory(gone, 2), 4L, 0, new java.io.PrintWriter(err));
        try (var sim = dev.jstencil.sim.Simulation.builder(dev.jstencil.model.Model.builtin("heat")).size(6, 5).build()) {
            sim.run(4);
            w.at(sim);
            assertTrue(err.toString().startsWith("jstencil: warning: checkpoint of step 4 into " + gone + " failed (")
                    && err.toString().endsWith("); the run goes on" + System.lineSeparator()), err.toString());
            assertEquals(null, w.lastFile());
            Files.createDirectories(gone);
            sim.run(2);
            w.last(sim);
            assertEquals(gone.resolve(CheckpointDirectory.fileName(6)), w.lastFile());
            assertEquals(List.of(6L), steps(gone));
        }
    }

    /**
     * Bad input: exit 2, one line on stderr naming the value and what is allowed, nothing on stdout. {ck} is a
     * directory with the checkpoint of step 5 of 'run heat --size 12x10', {junk} a file that is not a checkpoint.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "run heat --steps 9 --checkpoint-every 10                       | --checkpoint-every needs --checkpoint-dir DIR",
        "run heat --steps 9 --keep 3                                    | --keep needs --checkpoint-dir DIR",
        "run heat --steps 9 --checkpoint-every 0 --checkpoint-dir {tmp}/e | --checkpoint-every 0 is not allowed | >= 1",
        "run heat --steps 9 --keep 0 --checkpoint-dir {tmp}/e           | --keep 0 is not allowed | at least 1",
        "run heat --steps 9 --restart {tmp}/nothere                     | --restart {tmp}/nothere does not exist | checkpoint file",
        "run heat --steps 9 --restart {tmp}/empty                       | --restart {tmp}/empty: directory {tmp}/empty holds no checkpoints",
        "run heat --steps 9 --restart {junk}                            | checkpoint {junk} is not a jstencil checkpoint",
        "run heat --steps 9 --restart {ck} --size 8x8                  | grid 12x10, this run 8x8 | nothing else",
        "run heat --steps 9 --size 12x10 --restart {ck} --set D=0.1     | parameter D = 1.0, this run 0.1",
        "run gray-scott --steps 9 --size 12x10 --restart {ck}           | model heat, this run gray-scott",
        "run heat --steps 3 --size 12x10 --restart {ck}                 | is at step 5, beyond the 3 steps of this run | --steps counts from step 0",
        "run heat --steps 9 --size 12x10 --restart {ck} --init spot     | --init and --restart are mutually exclusive",
        "run heat --steps 9 --size 12x10 --restart {ck} --warmup 5      | --warmup cannot be combined with checkpoints",
        "run heat --steps 9 --size 12x10 --checkpoint-dir {ck}          | --checkpoint-dir {ck} already holds checkpoints | --restart {ck}",
    })
    void badCheckpointInputIsOneLineOnStderrAndExitCode2(ArgumentsAccessor c) throws IOException {
        Path ck = dir.resolve("ck"), junk = dir.resolve("junk.jsck");
        ok("run", "heat", "--size", "12x10", "--steps", "5", "--checkpoint-dir", ck.toString(), "--threads", "1");
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(junk, "not a checkpoint at all, but long enough");
        String command = c.getString(0).replace("{tmp}", dir.toString()).replace("{ck}", ck.toString()).replace("{junk}", junk.toString());
        List<String> a = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
        a.addAll(List.of("--threads", "1"));
        Cli.Result r = Cli.run(a.toArray(String[]::new));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.toString());
        List<String> lines = r.errLines().stream().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(1, lines.size(), "one line on stderr:\n" + r.err());
        for (int i = 1; i < c.size(); i++) {
            String e = c.getString(i).replace("{tmp}", dir.toString()).replace("{ck}", ck.toString()).replace("{junk}", junk.toString());
            assertTrue(lines.getFirst().contains(e), "'" + e + "' in: " + lines.getFirst());
        }
        assertFalse(lines.getFirst().contains("Exception") || lines.getFirst().contains("\tat "), lines.getFirst());
        assertEquals("", r.out());
        assertEquals(List.of(5L), steps(ck), "the checkpoints there are untouched");
    }
}
