package dev.jstencil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No heap memory segment in the library: one {@code MemorySegment.ofArray} anywhere in the process pollutes
 * the type profiles that the vector kernels' segment accesses share, and C2 then compiles them to a slow
 * generic path (measured: 256^2 Gray-Scott with a .vti every 100 steps fell from about 370 to 7 MLUP/s; with
 * a checkpoint every 100 steps, read and written through heap segments, to about 0.65x). A source check
 * rather than a timing: it cannot be flaky, and it fails before anyone has to measure.
 */
class NoHeapSegmentsTest {
    private static final Pattern HEAP_SEGMENT = Pattern.compile("MemorySegment\\s*\\.\\s*ofArray\\s*\\(");

    @Test
    void noSourceFileMakesAHeapSegment() throws IOException {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the project root: " + Path.of("").toAbsolutePath());
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(main)) {
            for (Path p : all.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).strip();
                    if (!code.startsWith("*") && !code.startsWith("//") && !code.startsWith("/*")
                            && HEAP_SEGMENT.matcher(code.replaceAll("//.*", "")).find()) {
                        found.add(p + ":" + (i + 1) + ": " + code);
                    }
                }
            }
        }
        assertTrue(files > 100, "the scan read the sources: " + files + " files");
        assertEquals(List.of(), found, "heap segments in the library; stage through native memory instead");
    }

    @Test
    void thePatternSeesTheCallsItMustSee() {
        assertTrue(HEAP_SEGMENT.matcher("MemorySegment seg = MemorySegment.ofArray(row);").find());
        assertTrue(HEAP_SEGMENT.matcher("copy(MemorySegment . ofArray (bytes), 0)").find());
    }
}
