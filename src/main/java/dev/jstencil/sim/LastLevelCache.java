package dev.jstencil.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Size of the CPU's last-level cache, as Linux reports it in sysfs; empty elsewhere. */
final class LastLevelCache {
    private static final Path CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache");

    private LastLevelCache() {
    }

    static OptionalLong bytes() {
        return bytes(CACHES);
    }

    /** The size of the highest-level cache listed under {@code dir} (index* folders with level and size). */
    static OptionalLong bytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return OptionalLong.empty();
        }
        int bestLevel = -1;
        long bestSize = -1;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path index : (Iterable<Path>) entries.filter(p -> p.getFileName().toString().startsWith("index"))::iterator) {
                try {
                    int level = Integer.parseInt(Files.readString(index.resolve("level")).trim());
                    long size = parseSize(Files.readString(index.resolve("size")).trim());
                    if (level > bestLevel) {
                        bestLevel = level;
                        bestSize = size;
                    }
                } catch (IOException | NumberFormatException skipped) {
                    // an entry we cannot read tells us nothing
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return bestSize > 0 ? OptionalLong.of(bestSize) : OptionalLong.empty();
    }

    /** "32768K", "1M" or plain bytes. */
    static long parseSize(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        long unit = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : t.endsWith("G") ? 1L << 30 : 1;
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        return Long.parseLong(digits) * unit;
    }
}
