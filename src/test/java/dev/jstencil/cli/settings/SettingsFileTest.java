package dev.jstencil.cli.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.cli.settings.SettingsFile.Member;
import dev.jstencil.cli.settings.SettingsFile.NumberText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading a settings file: every key and value keeps its line:column; bad files are one line naming the place. */
class SettingsFileTest {
    @TempDir
    Path dir;

    @Test
    void keysAndValuesKeepTheirLinesAndColumnsAndNumbersTheirText() throws IOException {
        Path f = Files.writeString(dir.resolve("s.json"), """
                {
                  // why: a comment is allowed
                  "steps": 100,
                  "set": {"F": 0.0000001},
                  "bc": ["periodic", "neumann"],
                }
                """);
        List<Member> m = SettingsFile.read(f).members();
        assertEquals(List.of("steps", "set", "bc"), m.stream().map(Member::key).toList());
        assertEquals(f + ":3:3", m.get(0).keyAt().toString());
        assertEquals(f + ":3:12", m.get(0).value().at().toString());
        assertEquals(new NumberText("100", true), m.get(0).value().json());
        Member f1 = m.get(1).value().members().getFirst();
        assertEquals(f + ":4:11", f1.keyAt().toString());
        assertEquals(new NumberText("0.0000001", false), f1.value().json(), "the number as written");
        assertEquals(f + ":5:22", m.get(2).value().elements().get(1).at().toString());
        assertEquals("neumann", m.get(2).value().elements().get(1).json());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"steps": 5,,}                 | :1:13: not valid JSON: Unexpected character (',' (code 44))
            {"steps": 5, "steps": 6}       | :1:21: not valid JSON: Duplicate field 'steps'
            {"steps": 5                    | not valid JSON: Unexpected end-of-input
            [1, 2]                         | :1:1: a settings file is one JSON object {"key": value, ...}, not an array
            {"steps": 5} {}                | :1:14: text after the settings object
            """)
    void aBadFileIsOneLineWithItsPlace(String text, String expected) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.json"), text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsFile.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void anEmptyOrMissingFileIsOneLine() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        assertEquals(empty + ": the file is empty; a settings file is one JSON object {\"key\": value, ...}",
                assertThrows(IllegalArgumentException.class, () -> SettingsFile.read(empty)).getMessage());
        Path missing = dir.resolve("missing.json");
        assertEquals("--settings " + missing + ": no such file",
                assertThrows(IllegalArgumentException.class, () -> SettingsFile.read(missing)).getMessage());
    }
}
