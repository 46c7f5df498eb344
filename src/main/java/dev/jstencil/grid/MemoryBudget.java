package dev.jstencil.grid;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Refuses an allocation the machine cannot hold, before anything is allocated: off-heap memory is
 * not bounded by the Java heap, and on Linux an allocation larger than the free memory may succeed
 * and then get the process killed when the pages are touched.
 */
public final class MemoryBudget {
    private MemoryBudget() {
    }

    /** Throws an {@link IllegalArgumentException} naming {@code what}, the bytes needed and what the machine has. */
    public static void require(long bytes, String what) {
        OptionalLong available = available();
        long total = total();
        if (available.isPresent() && bytes > available.getAsLong()) {
            throw new IllegalArgumentException(what + " needs " + bytes(bytes) + " (" + bytes + " bytes) of memory, but this machine has "
                    + bytes(available.getAsLong()) + " available (" + bytes(total) + " in all): use a smaller grid or f32");
        }
    }

    /** Memory the kernel says can be allocated without swapping (MemAvailable), if known. */
    public static OptionalLong available() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    String[] parts = line.trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[1]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back to the JVM's view
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return OptionalLong.of(os.getFreeMemorySize());
        }
        return OptionalLong.empty();
    }

    /** Physical memory (or the container's limit). */
    public static long total() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** "1.5 GiB". */
    public static String bytes(long b) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
