package dev.jstencil.io.series;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file under {@code name.tmp} and renames it to {@code name} when complete, so a reader (or a
 * crash) never sees a partial file; on failure the temporary file is removed and the exception names
 * the file that could not be written.
 */
public final class AtomicFile {
    /** The suffix of a file being written. */
    public static final String TMP_SUFFIX = ".tmp";

    /** What writes the contents to the temporary path. */
    @FunctionalInterface
    public interface Body {
        void write(Path tmp) throws IOException;
    }

    private AtomicFile() {
    }

    /** Writes {@code target} atomically; an {@link IOException} says "cannot write TARGET: reason". */
    public static void write(Path target, Body body) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        try {
            body.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException ignored) {
                // the directory is gone or unwritable: nothing was left there either
            }
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /** A short reason: the OS's words where there are some ("No space left on device", "Not a directory"). */
    static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "its directory does not exist (any more)";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
