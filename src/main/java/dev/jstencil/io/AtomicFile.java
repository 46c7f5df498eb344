package dev.jstencil.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way jstencil replaces a file: write it under a temporary name beside it and rename it over the
 * name when complete, so a reader (or a crash) never sees a partial file; on failure the temporary file is
 * removed. {@link #write} is for outputs (series, pictures); {@link #writeDurably} also forces the file and
 * the rename to disk, for what a restart or a resume relies on (checkpoints, sweep records).
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

    /**
     * Like {@link #write}, and durable: the temporary file (hidden, {@code .NAME.tmp-RANDOM}, so concurrent
     * writers never share one) is forced to disk before the atomic rename, and the directory after it, so
     * once this returns the new file survives a power cut. Exceptions propagate as thrown by {@code body}.
     */
    public static void writeDurably(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            body.write(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try (FileChannel dir = FileChannel.open(abs.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself reaches the disk
        } catch (IOException e) {
            // the platform does not sync directories this way; the rename itself is still atomic
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
