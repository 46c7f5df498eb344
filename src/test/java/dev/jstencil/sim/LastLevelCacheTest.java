package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastLevelCacheTest {
    @TempDir
    Path dir;

    private void cache(String index, String level, String size) throws IOException {
        Path d = Files.createDirectories(dir.resolve(index));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }

    @Test
    void theHighestLevelWins() throws IOException {
        cache("index0", "1", "32K");
        cache("index2", "2", "1024K");
        cache("index3", "3", "32768K");
        Files.createDirectories(dir.resolve("uevent-not-an-index"));
        assertEquals(OptionalLong.of(32L << 20), LastLevelCache.bytes(dir));
    }

    @Test
    void unreadableEntriesAreSkippedAndNothingMeansEmpty() throws IOException {
        assertTrue(LastLevelCache.bytes(dir.resolve("missing")).isEmpty());
        assertTrue(LastLevelCache.bytes(dir).isEmpty());
        cache("index0", "1", "48K");
        cache("index1", "x", "1M");
        assertEquals(OptionalLong.of(48L << 10), LastLevelCache.bytes(dir));
    }

    @Test
    void sizesWithUnits() {
        assertEquals(1L << 20, LastLevelCache.parseSize("1M"));
        assertEquals(512, LastLevelCache.parseSize("512"));
        assertEquals(2L << 30, LastLevelCache.parseSize("2g"));
    }
}
