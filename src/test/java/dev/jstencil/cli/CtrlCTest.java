package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.io.Npy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C (a real SIGINT to a CLI process) stops a long run at a step boundary: the outputs of the
 * last completed step are still written, the JSON line says how far it got, exit code 130.
 */
@Timeout(120)
class CtrlCTest {
    @ParameterizedTest
    @ValueSource(strings = {"platform", "virtual", "forkjoin", "serial"})
    void sigintWritesTheLastCompletedStepAndExits130(String mode, @TempDir Path dir) throws Exception {
        String json = interrupt(List.of("gray-scott", "--size", "96x64", "--steps", "2000000000", "--threads", "2", "--parallel", mode,
                "--png", dir.resolve("v.png").toString(), "--npy", dir.toString(), "--progress"));
        Npy.Array v = Npy.read(dir.resolve("v.npy"));
        assertArrayEquals(new long[] {64, 96}, v.shape());
        assertTrue(Files.size(dir.resolve("v.png")) > 0);
        assertTrue(json.contains("\"backend\":\"vector\""), json);
    }

    /** The same for 'jstencil run' of a 3D model: every field's .npy, the picture, the JSON line with the model. */
    @Test
    void sigintStopsARunOfAnyModel(@TempDir Path dir) throws Exception {
        String json = interrupt(List.of("run", "gray-scott-3d", "--size", "24x20x16", "--steps", "2000000000", "--threads", "2",
                "--parallel", "platform", "--png", dir.resolve("v.png").toString(), "--npy", dir.toString(), "--progress"));
        assertTrue(json.contains("\"model\":\"gray-scott-3d\"") && json.contains("\"nz\":16"), json);
        for (String f : List.of("u", "v")) {
            assertArrayEquals(new long[] {16, 20, 24}, Npy.read(dir.resolve(f + ".npy")).shape(), f);
        }
        assertTrue(Files.size(dir.resolve("v.png")) > 0);
    }

    /**
     * Ctrl-C with --checkpoint-dir leaves a checkpoint of the last completed step, and a restart from it
     * ends bit for bit where a run that was never interrupted ends (noise included).
     */
    @Test
    void sigintWritesACheckpointOfTheLastCompletedStepThatARunContinues(@TempDir Path dir) throws Exception {
        Path ck = dir.resolve("ck");
        List<String> physics = List.of("run", "gray-scott-3d", "--size", "12x10x8", "--set", "noise=1e-3", "--seed", "11");
        List<String> args = new ArrayList<>(physics);
        args.addAll(List.of("--steps", "2000000000", "--threads", "2", "--checkpoint-dir", ck.toString(), "--checkpoint-every",
                "1000000000", "--progress"));
        String json = interrupt(args);
        Matcher m = Pattern.compile("\"steps\":(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        long stopped = Long.parseLong(m.group(1));
        Path file = ck.resolve(dev.jstencil.io.checkpoint.CheckpointDirectory.fileName(stopped));
        assertTrue(json.contains("\"checkpoint\":\"" + file + "\""), json);
        assertEquals(stopped, dev.jstencil.io.checkpoint.Checkpoint.open(file).header().step());
        String end = Long.toString(stopped + 7);
        List<String> whole = new ArrayList<>(physics), rest = new ArrayList<>(physics);
        whole.addAll(List.of("--steps", end, "--threads", "1", "--npy", dir.resolve("whole").toString()));
        rest.addAll(List.of("--steps", end, "--threads", "3", "--restart", ck.toString(), "--npy", dir.resolve("rest").toString()));
        assertEquals(Main.EXIT_OK, dev.jstencil.testutil.Cli.run(whole.toArray(String[]::new)).exitCode());
        var r = dev.jstencil.testutil.Cli.run(rest.toArray(String[]::new));
        assertEquals("7", r.json().get("steps"), r.toString());
        for (String f : List.of("u.npy", "v.npy")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("whole").resolve(f)), Files.readAllBytes(dir.resolve("rest").resolve(f)), f);
        }
    }

    /**
     * A series of a snapshot every step: after SIGINT every queued snapshot is on disk before the process
     * exits, so the .pvd lists exactly one complete .vti per step done, and no temporary file is left.
     */
    @Test
    void sigintWritesEveryQueuedSnapshotBeforeExit(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("series");
        String json = interrupt(List.of("run", "gray-scott", "--size", "48x32", "--steps", "2000000000", "--threads", "1",
                "--every", "1", "--out", out.toString(), "--progress"));
        Matcher m = Pattern.compile("\"steps\":(\\d+).*\"snapshots\":(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        long steps = Long.parseLong(m.group(1));
        assertEquals(steps, Long.parseLong(m.group(2)), "one snapshot per step done: " + json);
        List<dev.jstencil.testutil.Vti.DataSet> sets = dev.jstencil.testutil.Vti.collection(out.resolve("gray-scott.pvd"));
        assertEquals(steps, sets.size());
        assertEquals((double) steps, sets.getLast().timestep(), "the last step's snapshot is there (dt = 1)");
        for (var set : sets.subList(Math.max(0, sets.size() - 5), sets.size())) {
            assertEquals(48 * 32, dev.jstencil.testutil.Vti.read(out.resolve(set.file())).arrays().get("u").bits().length, set.file());
        }
        try (var files = Files.list(out)) {
            assertEquals(steps + 1, files.filter(f -> !f.toString().endsWith(".tmp")).count());
        }
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    /** Starts the CLI, waits for its progress line, sends SIGINT; checks exit code 130 and returns the JSON line. */
    private static String interrupt(List<String> args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.jstencil.cli.Main"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        // Progress lines on stderr prove the time loop is running before we interrupt it.
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        int c;
        while ((c = err.read()) >= 0 && !seen.toString().contains("MLUP/s")) {
            seen.append((char) c);
        }
        assertTrue(seen.toString().contains("step "), "no progress seen: " + seen);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "CLI did not stop after SIGINT");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_CANCELLED, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), "the human line and the JSON line, written before the process ends: " + out);
        assertTrue(lines.get(0).contains("(cancelled)"), lines.get(0));
        String json = lines.get(1);
        assertTrue(json.startsWith("{") && json.contains("\"cancelled\":true"), json);
        Matcher m = Pattern.compile("\"steps\":(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        assertTrue(Long.parseLong(m.group(1)) > 0 && Long.parseLong(m.group(1)) < 2_000_000_000L, json);
        return json;
    }
}
