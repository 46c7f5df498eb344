package dev.jstencil.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks output locations before a run starts, so a long run never ends in a lost result. */
final class OutputPaths {
    private OutputPaths() {
    }

    /** A file we will create or replace: its directory must exist and be writable. */
    static Path requireWritableFile(String option, Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory; give a file name");
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + file + ": directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir) || (Files.exists(abs) && !Files.isWritable(abs))) {
            throw new IllegalArgumentException(option + " " + file + " is not writable");
        }
        return abs;
    }

    /** A directory we will write into: created if missing, must be writable. */
    static Path requireWritableDirectory(String option, Path dir) {
        Path abs = dir.toAbsolutePath();
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + dir + " cannot be created: " + e.getMessage());
        }
        if (!Files.isWritable(abs)) {
            throw new IllegalArgumentException(option + " " + dir + " is not writable");
        }
        return abs;
    }
}
