package dev.jstencil.io.series;

import java.nio.file.Path;

/**
 * Where a series goes and how its files are named: {@code dir/<stem>_<step>.<ext>}, the step
 * zero-padded to {@code digits} (so the files sort in step order).
 */
public record SeriesFiles(Path dir, int digits) {
    public SeriesFiles {
        if (digits < 1 || digits > 19) {
            throw new IllegalArgumentException("step digits " + digits + " is not allowed: use 1..19");
        }
    }

    /** Digits for steps up to {@code lastStep}, at least 6. */
    public static int digitsFor(long lastStep) {
        return Math.max(6, Long.toString(Math.max(0, lastStep)).length());
    }

    public Path file(String stem, long step, String ext) {
        String n = Long.toString(step);
        return dir.resolve(stem + "_" + "0".repeat(Math.max(0, digits - n.length())) + n + "." + ext);
    }
}
