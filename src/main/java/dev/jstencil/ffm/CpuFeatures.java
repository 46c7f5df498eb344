package dev.jstencil.ffm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What {@code -march=native} compiles for, as far as a cache key needs it: the first processor's
 * feature flags from /proc/cpuinfo (the same on every core of the machines we run on), or the JVM's
 * os.arch where there is no /proc/cpuinfo. A library built on one CPU kind is never loaded on another
 * that may lack an instruction it uses.
 */
final class CpuFeatures {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static volatile String flags;

    private CpuFeatures() {
    }

    static String flags() {
        String f = flags;
        if (f == null) {
            f = read();
            flags = f;
        }
        return f;
    }

    private static String read() {
        String arch = System.getProperty("os.arch", "?");
        try (Stream<String> lines = Files.lines(CPUINFO, StandardCharsets.UTF_8)) {
            return arch + " " + lines.filter(l -> l.startsWith("flags") || l.startsWith("Features")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
        } catch (IOException | RuntimeException e) {
            return arch;
        }
    }
}
