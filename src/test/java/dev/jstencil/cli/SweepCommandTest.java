package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.testutil.Cli;
import dev.jstencil.testutil.Csv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** 'jstencil sweep' end to end: bad input, kill and resume, Ctrl-C, a job that kills its own JVM. */
@Timeout(300)
class SweepCommandTest {
    private static final List<String> JVM = List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("--vary", "F=0.01:0.07"), "--vary 'F=0.01:0.07' is not NAME=FROM:TO:COUNT"),
                Arguments.of(List.of("--vary", "G=0:1:2"), "--vary G: 'G' is not a parameter of gray-scott; parameters: F, k, Du, Dv"),
                Arguments.of(List.of("--vary", "F=0:1:0"), "--vary F: COUNT 0 is not allowed: use 1..100000"),
                Arguments.of(List.of("--vary", "F=0:1:2", "--vary", "F=0:1:3"), "--vary F is given twice"),
                Arguments.of(List.of("--vary", "F=0:1:2", "--set", "F=0.02"), "--vary F and --set F both give F"),
                Arguments.of(List.of("--vary", "F=0:1:2", "--isolate", "fork"), "--isolate 'fork' is not one of [thread, process]"),
                Arguments.of(List.of("--vary", "F=0:1:2", "--workers", "0"), "--workers 0 is not allowed: use 1 or more"),
                Arguments.of(List.of("--vary", "F=0:1:2", "--field", "w"), "--field 'w' is not a field of gray-scott; fields: u, v"),
                Arguments.of(List.of("--vary", "F=0:1:2", "--size", "2"), "--size '2' is too small"),
                Arguments.of(List.of("--vary", "F=0:1:2", "--steps", "-1"), "--steps -1 is not allowed"));
    }

    @ParameterizedTest
    @MethodSource
    void badInput(List<String> options, String message, @TempDir Path dir) {
        List<String> args = new ArrayList<>(List.of("sweep", "gray-scott", "--out", dir.resolve("out").toString()));
        args.addAll(options);
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), "one line, no stack trace: " + r);
        assertTrue(r.err().contains(message), r.toString());
        assertTrue(!Files.exists(dir.resolve("out/runs.csv")), "nothing ran");
    }

    private static List<String> sweep(Path out, String size, long steps, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "gray-scott", "--vary", "F=0.02:0.06:4", "--vary", "k=0.05:0.065:4", "--size",
                size, "--steps", Long.toString(steps), "--workers", "2", "--out", out.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static long records(Path out) throws Exception {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(runs)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d+\\.txt")).count();
        }
    }

    @Test
    void aSweepKilledWithSigkillResumesToTheSameCsvAndMap(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), killed = dir.resolve("killed");
        List<String> args = sweep(killed, "64", 40000);
        Process p = new ProcessBuilder(Cli.command(JVM, Main.class.getName(), args)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (records(killed) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long before = records(killed);
        assertTrue(before >= 3 && before < 16, "killed part way: " + before + " runs recorded");
        assertTrue(!Files.exists(killed.resolve("runs.csv")), "a SIGKILL leaves no CSV: the resumed sweep writes it");

        Cli.Result resumed = Cli.run(args.toArray(String[]::new));
        assertEquals(Main.EXIT_OK, resumed.exitCode(), resumed.toString());
        Map<String, String> json = resumed.json();
        assertEquals(Long.toString(before), json.get("resumed"), resumed.toString());
        assertEquals(Long.toString(16 - before), json.get("ran"));

        Cli.Result ref = Cli.run(sweep(whole, "64", 40000).toArray(String[]::new));
        assertEquals(Main.EXIT_OK, ref.exitCode(), ref.toString());
        assertEquals(Csv.withoutColumn(whole.resolve("runs.csv"), "seconds"), Csv.withoutColumn(killed.resolve("runs.csv"), "seconds"));
        assertArrayEquals(Files.readAllBytes(whole.resolve("map.png")), Files.readAllBytes(killed.resolve("map.png")));
    }

    @Test
    void ctrlCRecordsRunningJobsAsCancelledWritesTheFilesAndExits130(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        List<String> args = sweep(out, "128", 2_000_000_000L);
        Process p = new ProcessBuilder(Cli.command(JVM, Main.class.getName(), args)).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(out.resolve("sweep.txt")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(1500); // both workers inside their first run
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sweep did not stop after SIGINT");
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_CANCELLED, p.exitValue(), stdout + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> json = Cli.parseFlatJson(stdout.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals("2", json.get("cancelled"), stdout);
        assertEquals("14", json.get("not_started"), stdout);
        List<String> rows = Files.readAllLines(out.resolve("runs.csv"));
        assertEquals(3, rows.size(), "header and the two cancelled runs: " + rows);
        for (String row : rows.subList(1, 3)) {
            String[] c = row.split(",");
            assertEquals("cancelled", c[3], row);
            assertTrue(Long.parseLong(c[4]) > 0, "it had run some steps: " + row);
        }
        assertTrue(Files.size(out.resolve("map.png")) > 0);
        assertEquals(0, records(out), "a cancelled run is not recorded: a resumed sweep runs it");
    }

    @Test
    void isolateProcessSurvivesAJobThatKillsItsOwnJvm(@TempDir Path dir) throws Exception {
        Path threads = dir.resolve("threads"), processes = dir.resolve("processes");
        List<String> small = List.of("sweep", "gray-scott", "--vary", "F=0.02:0.06:2", "--vary", "k=0.05:0.065:2", "--size", "32", "--steps",
                "300", "--workers", "2");
        List<String> args = new ArrayList<>(small);
        args.addAll(List.of("--isolate", "process", "--progress", "--out", processes.toString())); // the children get these too
        Cli.Result r = Cli.spawn(JVM, args, Map.of(SweepChild.HALT_JOB_VARIABLE, "1"), 240);
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        assertTrue(r.jsonLine().contains("\"ok\":3,\"failed\":1"), r.toString());

        List<String> ref = new ArrayList<>(small);
        ref.addAll(List.of("--out", threads.toString()));
        assertEquals(Main.EXIT_OK, Cli.run(ref.toArray(String[]::new)).exitCode());
        List<String> expected = Csv.withoutColumn(threads.resolve("runs.csv"), "seconds");
        List<String> got = Csv.withoutColumn(processes.resolve("runs.csv"), "seconds");
        assertTrue(got.get(2).startsWith("1,0.06,0.05,failed,0,") && got.get(2).contains("exited with code 66 before reporting"), got.get(2));
        for (int row : new int[] {0, 1, 3, 4}) {
            assertEquals(expected.get(row), got.get(row), "a child JVM's run is the same as a thread's");
        }
    }

    @Test
    void aSettingsFileGivesTheSameSweepAsTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sweep.json");
        Files.writeString(file, "{\"model\": \"gray-scott\", \"vary\": [\"F=0.02:0.06:2\", \"k=0.05:0.065:2\"], \"size\": \"24\", "
                + "\"steps\": 100, \"parameters\": {\"Du\": 0.15}, \"out\": \"" + dir.resolve("file") + "\"}");
        Cli.Result s = Cli.run("sweep", "--settings", file.toString(), "--workers", "1");
        assertEquals(Main.EXIT_OK, s.exitCode(), s.toString());
        Cli.Result c = Cli.run("sweep", "gray-scott", "--vary", "F=0.02:0.06:2", "--vary", "k=0.05:0.065:2", "--size", "24", "--steps", "100",
                "--set", "Du=0.15", "--out", dir.resolve("typed").toString());
        assertEquals(Main.EXIT_OK, c.exitCode(), c.toString());
        assertEquals(Csv.withoutColumn(dir.resolve("typed/runs.csv"), "seconds"), Csv.withoutColumn(dir.resolve("file/runs.csv"), "seconds"));

        Files.writeString(file, "{\"model\": \"gray-scott\",\n \"vary\": [\"F=0.02\"], \"out\": \"" + dir.resolve("bad") + "\"}");
        Cli.Result bad = Cli.run("sweep", "--settings", file.toString());
        assertEquals(Main.EXIT_USAGE, bad.exitCode(), bad.toString());
        assertEquals(1, bad.errLines().size(), bad.toString());
        assertTrue(bad.err().contains("--vary 'F=0.02' is not NAME=FROM:TO:COUNT"), bad.err());
        Cli.Result keys = Cli.run("sweep", "--settings-keys");
        assertTrue(keys.out().contains("'jstencil sweep --settings FILE.json'") && keys.out().contains("vary") && !keys.out().contains("child"),
                keys.out());
    }

    @Test
    void withoutOutOrVaryTheSweepSaysWhatIsMissing(@TempDir Path dir) {
        Cli.Result noOut = Cli.run("sweep", "gray-scott", "--vary", "F=0:1:2");
        assertEquals(Main.EXIT_USAGE, noOut.exitCode());
        assertTrue(noOut.err().contains("missing --out DIR"), noOut.err());
        Cli.Result noVary = Cli.run("sweep", "gray-scott", "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, noVary.exitCode());
        assertTrue(noVary.err().contains("a sweep needs at least one --vary NAME=FROM:TO:COUNT"), noVary.err());
    }

    @Test
    void progressSaysRunsDoneOfAllFailuresRateAndTimeLeft(@TempDir Path dir) {
        Cli.Result r = Cli.run("sweep", "heat", "--vary", "D=0.1:5:3", "--size", "16", "--steps", "20", "--workers", "1", "--progress",
                "--out", dir.toString());
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        assertTrue(r.err().contains("sweep: 3/3 runs, 2 failed, "), "D = 2.55 and 5 are unstable at dt 0.1: " + r.err());
        assertTrue(r.err().matches("(?s).*sweep: 1/3 runs, 0 failed, [0-9.]+ runs/s, eta \\d+m\\d\\ds.*"), r.err());
        Cli.Result resumed = Cli.run("sweep", "heat", "--vary", "D=0.1:5:3", "--size", "16", "--steps", "20", "--out", dir.toString());
        assertTrue(resumed.out().contains("3 runs: 1 ok, 2 failed, 0 cancelled, 0 not started (3 resumed)"), resumed.toString());
    }
}
