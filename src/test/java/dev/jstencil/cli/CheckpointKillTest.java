package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.testutil.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints the hard way: a checkpointing run (3D Gray-Scott with noise, a checkpoint of 2 MiB every step,
 * so that much of its time goes to writing them) is killed with SIGKILL at random moments, 22 times (every
 * third one as soon as a checkpoint write has begun), each time
 * restarted from its directory; the last restart runs to the end, and its fields must be those of a run
 * that was never interrupted, bit for bit. A kill that leaves a new temporary file behind landed during a
 * checkpoint write: the atomic write must make those harmless too.
 */
class CheckpointKillTest {
    private static final int KILLS = 22;
    private static final long STEPS = 5_000;
    private static final Pattern CHECKPOINT = Pattern.compile("ckpt-(\\d+)\\.jsck");
    private static final List<String> JVM = List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");

    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void killedAtRandomMomentsAndRestartedTheRunEndsBitForBitWhereAnUninterruptedOneEnds() throws Exception {
        List<String> physics = List.of("run", "gray-scott-3d", "--size", "64x64x32", "--set", "noise=1e-3", "--seed", "5", "--steps",
                Long.toString(STEPS), "--no-progress");
        Path ck = dir.resolve("ck");
        Random random = new Random(20261130);
        int kills = 0, duringWrite = 0, restarts = 0;
        Set<String> temporaries = new HashSet<>();
        while (kills < KILLS) {
            List<String> args = new ArrayList<>(physics);
            args.addAll(List.of("--threads", Integer.toString(1 + kills % 2), "--checkpoint-every", "1", "--checkpoint-dir", ck.toString()));
            long before = newestStep(ck);
            if (before >= 0) {
                args.addAll(List.of("--restart", ck.toString()));
                restarts++;
            }
            Process p = new ProcessBuilder(Cli.command(JVM, Main.class.getName(), args))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err-" + kills + ".txt").toFile()).start();
            try {
                long deadline = System.nanoTime() + 120_000_000_000L;
                // 20 checkpoints beyond the start: it made progress, and the JIT has compiled the kernel, so that from
                // now on most of the time goes to checkpoint writes
                while (newestStep(ck) < Math.max(before, 0) + 20 && p.isAlive()) {
                    assertTrue(System.nanoTime() < deadline, "no new checkpoint within 2 minutes");
                    Thread.sleep(2);
                }
                if (!p.isAlive()) {
                    throw new AssertionError("run " + kills + " ended before it was killed, exit " + p.exitValue() + ": "
                            + Files.readString(dir.resolve("err-" + kills + ".txt")));
                }
                if (kills % 3 == 2) { // every third kill aims at a write: as soon as a new temporary file shows
                    while (temporaries.containsAll(temporaries(ck)) && p.isAlive()) {
                        assertTrue(System.nanoTime() < deadline, "no checkpoint write seen within 2 minutes");
                        Thread.onSpinWait();
                    }
                } else {
                    Thread.sleep(random.nextInt(100)); // a random moment: computing, or writing a checkpoint
                }
            } finally {
                p.destroyForcibly(); // SIGKILL
                p.waitFor();
            }
            kills++;
            Set<String> now = temporaries(ck);
            if (!temporaries.containsAll(now)) {
                duringWrite++; // a temporary file that was not there before: killed in the middle of a checkpoint write
            }
            temporaries.addAll(now);
        }
        long last = newestStep(ck);
        assertTrue(last > 0 && last < STEPS, "the kills left a checkpoint inside the run: " + last);
        Cli.Result rest = Cli.run(concat(physics, "--threads", "2", "--restart", ck.toString(), "--npy", dir.resolve("rest").toString()));
        assertEquals(Main.EXIT_OK, rest.exitCode(), rest.toString());
        assertEquals(Long.toString(STEPS - last), rest.json().get("steps"), "the last restart ran to the end: " + rest);
        Cli.Result whole = Cli.run(concat(physics, "--threads", "1", "--npy", dir.resolve("whole").toString()));
        assertEquals(Main.EXIT_OK, whole.exitCode(), whole.toString());
        for (String f : List.of("u.npy", "v.npy")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("whole").resolve(f)), Files.readAllBytes(dir.resolve("rest").resolve(f)),
                    f + " after " + kills + " kills (" + duringWrite + " during a write) and " + restarts + " restarts");
        }
        System.out.printf("CheckpointKillTest: %d kills, %d during a checkpoint write, %d restarts, last from step %d: all equal%n",
                kills, duringWrite, restarts, last);
        assertTrue(duringWrite >= 3, "only " + duringWrite + " of " + kills + " kills landed during a checkpoint write: the test did not "
                + "test that");
    }

    private static long newestStep(Path ck) throws IOException {
        if (!Files.isDirectory(ck)) {
            return -1;
        }
        try (Stream<Path> files = Files.list(ck)) {
            return files.map(f -> CHECKPOINT.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(-1);
        }
    }

    private static Set<String> temporaries(Path ck) throws IOException {
        try (Stream<Path> files = Files.list(ck)) {
            return new HashSet<>(files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".tmp")).toList());
        }
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
