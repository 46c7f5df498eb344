package dev.jstencil.io.series;

import java.nio.file.Path;

/**
 * Where a series goes and how its files are named: {@code dir/<stem>_<step>.<ext>}, the step
 * zero-padded to {@code digits} (so the files sort in step order); a process's piece of a grid
 * split among processes: {@code dir/<stem>_<step>_<rank>.<ext>}, the rank zero-padded likewise.
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
        return dir.resolve(stem + "_" + padded(step, digits) + "." + ext);
    }

    /** The piece of process {@code rank} of {@code ranks}. */
    public Path piece(String stem, long step, int rank, int ranks, String ext) {
        if (rank < 0 || rank >= ranks) {
            throw new IllegalArgumentException("rank " + rank + " is not allowed: use 0.." + (ranks - 1));
        }
        return dir.resolve(stem + "_" + padded(step, digits) + "_" + padded(rank, Integer.toString(ranks - 1).length()) + "." + ext);
    }

    private static String padded(long n, int digits) {
        String s = Long.toString(n);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }
}
