package dev.jstencil.cli.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.cli.settings.SettingsArguments.Argument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Settings files to arguments, against commands built here: one with the options the ADIOS2 aliases
 * need and one without the ones other branches add (--every, --out, --checkpoint-*, --restart), so
 * these tests hold before and after those land.
 */
class SettingsArgumentsTest {
    @TempDir
    Path dir;

    /** A run-like command; {@code withSeriesOptions} adds the options the output and checkpoint aliases need. */
    private static CommandSpec command(boolean withSeriesOptions) {
        CommandSpec spec = CommandSpec.create().name("run");
        spec.addOption(OptionSpec.builder("--size").paramLabel("N").type(String.class).build());
        spec.addOption(OptionSpec.builder("--steps").paramLabel("S").type(Long.class).build());
        spec.addOption(OptionSpec.builder("--threads").paramLabel("T").type(Integer.class).build());
        spec.addOption(OptionSpec.builder("--t-end").paramLabel("T").type(Double.class).build());
        spec.addOption(OptionSpec.builder("--set").paramLabel("NAME=VALUE").type(List.class).auxiliaryTypes(String.class).build());
        spec.addOption(OptionSpec.builder("--precision").paramLabel("f64|f32").type(String.class).build());
        spec.addOption(OptionSpec.builder("--temporal-blocking").paramLabel("K").type(String.class).build());
        spec.addOption(OptionSpec.builder("--progress").negatable(true).arity("0").type(Boolean.class).build());
        spec.addOption(OptionSpec.builder("--settings").paramLabel("FILE").type(Path.class).build());
        if (withSeriesOptions) {
            spec.addOption(OptionSpec.builder("--every").paramLabel("N").type(Integer.class).build());
            spec.addOption(OptionSpec.builder("--out").paramLabel("DIR").type(Path.class).build());
            spec.addOption(OptionSpec.builder("--checkpoint-every").paramLabel("N").type(Integer.class).build());
            spec.addOption(OptionSpec.builder("--checkpoint-dir").paramLabel("DIR").type(Path.class).build());
            spec.addOption(OptionSpec.builder("--restart").paramLabel("DIR").type(Path.class).build());
        }
        return spec;
    }

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("s.json"), json);
    }

    private SettingsArguments read(String json, boolean withSeriesOptions) throws IOException {
        return SettingsArguments.of(SettingsFile.read(file(json)), command(withSeriesOptions), Set.of("--settings"));
    }

    private static List<String> tokens(SettingsArguments a) {
        return a.arguments().stream().map(Argument::token).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "steps": 1e3                                   | --steps=1000
            "size": 64                                     | --size=64
            "t-end": 2.5                                   | --t-end=2.5
            "temporal_blocking": "off"                     | --temporal-blocking=off
            "progress": true                               | --progress
            "progress": false                              | --no-progress
            "set": ["F=0.1", "k=0.2"]                      | --set=F=0.1 --set=k=0.2
            "set": "F=0.1"                                 | --set=F=0.1
            "set": {"F": 0.1}                              | --set=F=0.1
            "parameters": {"F": 0.1, "k": 2}               | --set=F=0.1 --set=k=2
            "L": 32                                        | --size=32
            "Du": 0.3, "Dv": 0.15, "F": 0.02, "k": 0.048   | --set=Du=0.3 --set=Dv=0.15 --set=F=0.02 --set=k=0.048
            "noise": 0.0000001                             | --set=noise=0.0000001
            "precision": "Float32"                         | --precision=f32
            "precision": "float64"                         | --precision=f64
            "precision": "f32"                             | --precision=f32
            "plotgap": 10                                  | --every=10
            "output": "gs.bp"                              | --out=gs
            "output": "series"                             | --out=series
            "checkpoint": true, "checkpoint_freq": 700, "checkpoint_output": "ckpt.bp" | --checkpoint-every=700 --checkpoint-dir=ckpt
            "checkpoint": false, "checkpoint_freq": 700, "checkpoint_output": "ckpt.bp" |
            "restart": true, "restart_input": "ckpt.bp"    | --restart=ckpt
            "restart": false, "restart_input": "ckpt.bp"   |
            "restart": "run1/ckpt"                         | --restart=run1/ckpt
            "adios_config": "adios2.xml", "adios_span": false, "adios_memory_selection": false, "mesh_type": "image" |
            """)
    void eachKeyBecomesItsOptionsArguments(String members, String expected) throws IOException {
        List<String> want = expected == null ? List.of() : Arrays.asList(expected.split(" "));
        assertEquals(want, tokens(read("{" + members + "}", true)));
    }

    @Test
    void aliasesWhoseOptionsThisBuildLacksAreOneErrorNamingEachKeyItsPlaceAndTheOption() throws IOException {
        String json = """
                {
                  "plotgap": 10,
                  "output": "gs.bp",
                  "checkpoint": true, "checkpoint_freq": 700,
                  "steps": 5
                }
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json, false));
        Path f = dir.resolve("s.json");
        assertEquals("settings key 'plotgap' (" + f + ":2:14) needs --every, which this build does not have; "
                + "settings key 'output' (" + f + ":3:13) needs --out, which this build does not have; "
                + "settings key 'checkpoint' (" + f + ":4:17) needs --checkpoint-every, which this build does not have", e.getMessage());
    }

    @Test
    void valuesThatTurnAFeatureOffNeedNoOption() throws IOException {
        SettingsArguments a = read("""
                {"checkpoint": false, "checkpoint_freq": 700, "checkpoint_output": "ckpt.bp",
                 "restart": false, "restart_input": "ckpt.bp", "steps": 5}""", false);
        assertEquals(List.of("--steps=5"), tokens(a));
    }

    @Test
    void anAdiosFileGetsGrayScott3dAndOneNoteForTheIgnoredKeysAndOneForTheBpName() throws IOException {
        SettingsArguments a = read("""
                {"L": 16, "adios_config": "adios2.xml", "mesh_type": "image", "output": "gs.bp"}""", true);
        assertEquals("gray-scott-3d", a.model());
        List<String> ignored = a.notes().stream().filter(n -> n.contains("ignores")).toList();
        assertEquals(1, ignored.size(), a.notes().toString());
        assertTrue(ignored.getFirst().contains("adios_config, mesh_type"), ignored.getFirst());
        assertTrue(a.notes().stream().anyMatch(n -> n.contains("gs.bp") && n.contains("no ADIOS BP") && n.contains("directory gs")),
                a.notes().toString());
    }

    @Test
    void aFileWithItsOwnModelKeepsItAndAPlainFileGetsNone() throws IOException {
        assertEquals("heat", read("{\"model\": \"heat\", \"L\": 8}", true).model());
        assertEquals(null, read("{\"steps\": 8}", true).model());
    }

    /** The value's column is right after the last ": " of the one-line file. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "steps": "many"              | settings key 'steps' must be an integer (--steps S), not a string
            "steps": [1]                 | settings key 'steps' must be an integer (--steps S), not an array
            "steps": 2.5                 | settings key 'steps' must be an integer (--steps S), not a number
            "steps": null                | settings key 'steps' must be an integer (--steps S), not null (leave the key out for the default)
            "threads": 99999999999       | settings key 'threads' is 99999999999, out of range for --threads
            "t-end": "soon"              | settings key 't-end' must be a number (--t-end T), not a string
            "progress": "yes"            | settings key 'progress' must be true or false (--progress), not a string
            "size": true                 | settings key 'size' must be a string or a number (--size N), not true
            "set": {"F": [1]}            | settings key 'set.F' must be a string or a number (--set NAME=VALUE), not an array
            "parameters": [1]            | settings key 'parameters' must be an object {"NAME": number, ...}, not an array
            "parameters": {"F": "x"}     | settings key 'parameters.F' must be a number, not a string
            "model": false               | settings key 'model' must be a model name or model file, not false
            "L": "big"                   | settings key 'L' must be an integer, not a string
            "checkpoint": "yes"          | settings key 'checkpoint' must be true or false, not a string
            "checkpoint": true           | settings key 'checkpoint' is true, so 'checkpoint_freq' must give the steps between checkpoints
            "restart": true              | settings key 'restart' is true, so 'restart_input' must give the checkpoint to restart from
            """)
    void aWrongTypeNamesTheKeyItsPlaceAndWhatIsAllowed(String member, String expected) {
        String json = "{" + member + "}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json, true));
        String at = dir.resolve("s.json") + ":1:" + (json.lastIndexOf(": ") + 3) + ": ";
        assertTrue(e.getMessage().startsWith(at + expected), "want " + at + expected + "\ngot  " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            stepz             | steps
            temporal_blockin  | temporal-blocking
            plotgapp          | plotgap
            Dw                | Du
            paramters         | parameters
            """)
    void anUnknownKeyIsNamedWithItsPlaceAndTheNearestKey(String key, String nearest) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("{\n  \"" + key + "\": 1}", true));
        assertTrue(e.getMessage().startsWith(dir.resolve("s.json") + ":2:3: settings key '" + key + "' is not a key of 'run' (did you mean '"
                + nearest + "'?)"), e.getMessage());
    }

    @Test
    void settingsIsNoKeyOfItsOwnFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("{\"settings\": \"other.json\"}", true));
        assertTrue(e.getMessage().contains("settings key 'settings' is not a key of 'run'"), e.getMessage());
    }
}
