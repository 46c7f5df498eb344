package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.cli.settings.SettingsKeys;
import dev.jstencil.testutil.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code jstencil run --settings FILE.json} end to end: the file's values are used, the command line wins, errors point into the file. */
class RunSettingsTest {
    @TempDir
    Path dir;

    private Path settings(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    private static Map<String, byte[]> npy(Path d, String... fields) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (String f : fields) {
            bytes.put(f, Files.readAllBytes(d.resolve(f + ".npy")));
        }
        return bytes;
    }

    private static void assertSameFields(Map<String, byte[]> want, Map<String, byte[]> got) {
        assertEquals(want.keySet(), got.keySet());
        want.forEach((f, b) -> assertArrayEquals(b, got.get(f), f + ": the same bytes"));
    }

    @Test
    void aSettingsFileRunsLikeTheSameOptionsOnTheCommandLine() throws IOException {
        Path file = settings("s.json", """
                {
                  "model": "gray-scott-3d",
                  "size": "10x9x8",
                  "steps": 7,
                  "threads": 1,
                  "precision": "f32",
                  "seed": 3,
                  "set": {"F": 0.03},
                  "parameters": {"k": 0.061, "noise": 0.001},
                  "temporal_blocking": "off",
                  "progress": false
                }
                """);
        Cli.Result s = Cli.run("run", "--settings", file.toString(), "--npy", dir.resolve("s").toString());
        Cli.Result c = Cli.run("run", "gray-scott-3d", "--size", "10x9x8", "--steps", "7", "--threads", "1", "--precision", "f32",
                "--seed", "3", "--set", "F=0.03", "--set", "k=0.061", "--set", "noise=0.001", "--npy", dir.resolve("c").toString());
        assertEquals(Main.EXIT_OK, s.exitCode(), s.toString());
        assertEquals(Main.EXIT_OK, c.exitCode(), c.toString());
        Map<String, String> json = s.json();
        assertEquals("gray-scott-3d", json.get("model"));
        assertEquals(List.of("10", "9", "8", "7", "f32", "1", "3"),
                Stream.of("nx", "ny", "nz", "steps", "precision", "threads", "seed").map(json::get).toList());
        assertSameFields(npy(dir.resolve("c"), "u", "v"), npy(dir.resolve("s"), "u", "v"));
        Cli.Result defaults = Cli.run("run", "gray-scott-3d", "--size", "10x9x8", "--steps", "7", "--threads", "1", "--precision", "f32",
                "--seed", "3", "--npy", dir.resolve("d").toString());
        assertFalse(java.util.Arrays.equals(npy(dir.resolve("d"), "v").get("v"), npy(dir.resolve("s"), "v").get("v")),
                "the file's parameters changed the run");
    }

    @Test
    void theCommandLineWinsOverTheFileAndThePositionalModelOverItsModel() throws IOException {
        String json = "{\"model\": \"gray-scott\", \"size\": 12, \"steps\": 50, \"threads\": 2, \"set\": [\"D=0.05\"]}";
        Path file = settings("s.json", json);
        Cli.Result r = Cli.run("run", "heat", "--settings", file.toString(), "--steps", "4", "--threads", "1");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        Map<String, String> out = r.json();
        assertEquals("heat", out.get("model"), "the positional MODEL wins over \"model\"");
        assertEquals("4", out.get("steps"));
        assertEquals("1", out.get("threads"));
        assertEquals("12", out.get("nx"), "a key the command line leaves alone is the file's");
        // with the file's model, its --set D=0.05 reaches a model without D: the error points at the value in the file
        Cli.Result fileModel = Cli.run("run", "--settings", file.toString(), "--steps", "4");
        assertEquals(Main.EXIT_USAGE, fileModel.exitCode(), fileModel.toString());
        assertTrue(fileModel.err().startsWith("jstencil: error: " + file + ":1:" + (json.indexOf("\"D=0.05\"") + 1)
                + ": settings key 'set': 'D' is not a parameter of gray-scott"), fileModel.err());
    }

    @Test
    void setsFromTheFileAndTheCommandLineBothApplyTheCommandLinesLast() throws IOException {
        Path file = settings("s.json", """
                {"model": "gray-scott", "size": 16, "steps": 20, "threads": 1, "set": {"F": 0.03, "k": 0.055}}
                """);
        Cli.Result s = Cli.run("run", "--settings", file.toString(), "--set", "F=0.05", "--npy", dir.resolve("s").toString());
        Cli.Result c = Cli.run("run", "gray-scott", "--size", "16", "--steps", "20", "--threads", "1", "--set", "k=0.055", "--set", "F=0.05",
                "--npy", dir.resolve("c").toString());
        assertEquals(Main.EXIT_OK, s.exitCode(), s.toString());
        assertSameFields(npy(dir.resolve("c"), "u", "v"), npy(dir.resolve("s"), "u", "v"));
    }

    /** Values the command rejects: the error names the key and its place in the file, in one line, no stack trace. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "precision": "f16"           | :2:16: settings key 'precision': precision 'f16' is not one of [f64, f32]
            "parameters": {"Fq": 1}      | :2:24: settings key 'parameters.Fq': 'Fq' is not a parameter of gray-scott-3d
            "backend": "gpu"             | :2:14: settings key 'backend': backend 'gpu'
            "steps": "many"              | :2:12: settings key 'steps' must be an integer (--steps S), not a string
            "stepz": 5                   | :2:3: settings key 'stepz' is not a key of 'run' (did you mean 'steps'?)
            "steps": 5,,                 | :2:14: not valid JSON:
            """)
    void anErrorAboutAValueFromTheFileNamesItsKeyAndPlace(String member, String expected) throws IOException {
        Path file = settings("bad.json", "{\"model\": \"gray-scott-3d\", \"threads\": 1,\n  " + member + "\n}\n");
        Cli.Result r = Cli.run("run", "--settings", file.toString(), "--size", "8");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), "one line:\n" + r.err());
        assertTrue(r.err().startsWith("jstencil: error: " + file + expected), r.err());
    }

    @Test
    void aValueOnlyInTheFileThatTheCommandRejectsPointsIntoTheFile() throws IOException {
        Path file = settings("bad.json", "{\"model\": \"heat\",\n  \"size\": \"abc\"}");
        Cli.Result r = Cli.run("run", "--settings", file.toString(), "--steps", "1");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.toString());
        assertEquals(List.of("jstencil: error: " + file + ":2:11: settings key 'size': --size 'abc' is not a size: use N, NXxNY or NXxNYxNZ "
                + "(integers >= 3) (see 'jstencil run --help')"), r.errLines());
        Cli.Result typed = Cli.run("run", "heat", "--size", "abc", "--settings", settings("ok.json", "{\"steps\": 1}").toString());
        assertEquals(List.of("jstencil: error: --size 'abc' is not a size: use N, NXxNY or NXxNYxNZ (integers >= 3) (see 'jstencil run --help')"),
                typed.errLines(), "a value typed on the command line is the user's: no file location");
    }

    @Test
    void aMissingFileOrModelIsOneLine() {
        Path missing = dir.resolve("none.json");
        Cli.Result r = Cli.run("run", "--settings", missing.toString());
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.toString());
        assertEquals(List.of("jstencil: error: --settings " + missing + ": no such file (see 'jstencil run --help')"), r.errLines());
        Cli.Result noModel = Cli.run("run", "--steps", "1");
        assertEquals(Main.EXIT_USAGE, noModel.exitCode(), noModel.toString());
        assertEquals(1, noModel.errLines().size(), noModel.toString());
        assertTrue(noModel.err().contains("missing MODEL"), noModel.err());
    }

    @Test
    void everyOptionOfRunIsAListedKeyMixinsIncluded() {
        Cli.Result r = Cli.run("run", "--settings-keys");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        CommandSpec run = Main.commandLine().getSubcommands().get("run").getCommandSpec();
        List<String> expected = new ArrayList<>();
        for (OptionSpec o : run.options()) {
            if (!o.usageHelp() && !o.versionHelp() && !SettingsRun.NOT_KEYS.contains(o.longestName())) {
                expected.add(SettingsKeys.keyOf(o));
            }
        }
        assertTrue(expected.containsAll(List.of("threads", "parallel", "temporal-blocking", "flush-subnormals", "steps")), expected.toString());
        for (String key : expected) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + key + " ")), key + " listed:\n" + r.out());
        }
        assertFalse(r.out().lines().anyMatch(l -> l.startsWith("  settings ")), "a file names no other file");
    }

    /** An ADIOS2-style file whose every value differs from gray-scott-3d's defaults, so that each one is seen to arrive. */
    @Test
    void adios2KeysSetTheGrayScott3dRunAndTheAdiosOnlyKeysGetOneNote() throws IOException {
        Path file = settings("gs.json", """
                {
                    "L": 12, "Du": 0.19, "Dv": 0.09, "F": 0.02, "k": 0.048, "dt": 1.0, "steps": 9, "noise": 0.01,
                    "precision": "Float32",
                    "checkpoint": false, "checkpoint_freq": 700, "checkpoint_output": "ckpt.bp",
                    "restart": false, "restart_input": "ckpt.bp",
                    "adios_config": "adios2.xml", "adios_span": false, "adios_memory_selection": false, "mesh_type": "image"
                }
                """);
        Cli.Result s = Cli.run("run", "--settings", file.toString(), "--threads", "1", "--npy", dir.resolve("s").toString());
        assertEquals(Main.EXIT_OK, s.exitCode(), s.toString());
        Map<String, String> json = s.json();
        assertEquals(List.of("gray-scott-3d", "12", "12", "12", "9", "1.0", "f32"),
                Stream.of("model", "nx", "ny", "nz", "steps", "dt", "precision").map(json::get).toList());
        List<String> ignored = s.errLines().stream().filter(l -> l.contains("adios_config")).toList();
        assertEquals(List.of("jstencil: note: settings keys adios_config, adios_span, adios_memory_selection, mesh_type configure ADIOS2's "
                + "own I/O; jstencil ignores them"), ignored);
        Cli.Result c = Cli.run("run", "gray-scott-3d", "--size", "12", "--steps", "9", "--dt", "1", "--precision", "f32", "--threads", "1",
                "--set", "Du=0.19", "--set", "Dv=0.09", "--set", "F=0.02", "--set", "k=0.048", "--set", "noise=0.01",
                "--npy", dir.resolve("c").toString());
        assertEquals(Main.EXIT_OK, c.exitCode(), c.toString());
        assertSameFields(npy(dir.resolve("c"), "u", "v"), npy(dir.resolve("s"), "u", "v"));
    }

    /** The ADIOS2 key each option of the series and checkpoint work (issue 13, other branches) is needed for. */
    private static final Map<String, String> ADIOS_KEYS_NEEDING = Map.of("--every", "plotgap", "--out", "output",
            "--checkpoint-every", "checkpoint", "--checkpoint-dir", "checkpoint_output");

    /**
     * ornladios/ADIOS2 examples/simulations/gray-scott/simulation/settings-files.json (Apache-2.0), copied
     * unchanged as adios2-gray-scott-settings-files.json, run with a smaller L and fewer steps from the
     * command line: its plotgap writes a VTK series, its checkpoint keys checkpoints, into the directories the
     * command line gives instead of gs and ckpt.
     */
    @Test
    void theAdios2ExampleSettingsFileRunsAsItIsWithTheCommandLineShrinkingIt() throws IOException {
        Path file = dir.resolve("settings-files.json");
        try (InputStream in = RunSettingsTest.class.getResourceAsStream("settings/adios2-gray-scott-settings-files.json")) {
            assertNotNull(in, "test resource");
            Files.copy(in, file);
        }
        CommandSpec run = Main.commandLine().getSubcommands().get("run").getCommandSpec();
        List<String> args = new ArrayList<>(List.of("run", "--settings", file.toString(), "--size", "16", "--steps", "10", "--threads", "1",
                "--npy", dir.resolve("npy").toString()));
        List<String> lacking = ADIOS_KEYS_NEEDING.keySet().stream().filter(o -> run.findOption(o) == null).sorted().toList();
        assertEquals(List.of(), lacking, "every option an ADIOS2 key maps to exists");
        // keep what the file names "gs.bp" and "ckpt.bp" out of the working directory
        args.addAll(List.of("--out", dir.resolve("series").toString(), "--checkpoint-dir", dir.resolve("ckpt").toString()));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        Map<String, String> json = r.json();
        assertEquals(List.of("gray-scott-3d", "16", "16", "10", "2.0", "f64"),
                Stream.of("model", "nx", "nz", "steps", "dt", "precision").map(json::get).toList());
        assertTrue(r.err().contains("adios_config, adios_span, adios_memory_selection, mesh_type configure ADIOS2's own I/O"), r.err());
        // plotgap 10: one snapshot in 10 steps, as VTK (the default format); checkpoint true: the run's end is kept
        assertEquals("1", json.get("snapshots"), r.toString());
        assertTrue(Files.isRegularFile(dir.resolve("series").resolve("gray-scott-3d_000010.vti")), r.toString());
        assertTrue(Files.isRegularFile(dir.resolve("series").resolve("gray-scott-3d.pvd")), r.toString());
        assertEquals(dir.resolve("ckpt").resolve(dev.jstencil.io.checkpoint.CheckpointDirectory.fileName(10)).toString(),
                json.get("checkpoint"), r.toString());
    }
}
