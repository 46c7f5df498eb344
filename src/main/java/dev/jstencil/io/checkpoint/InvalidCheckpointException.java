package dev.jstencil.io.checkpoint;

import java.nio.file.Path;

/** A file that is not a usable checkpoint: truncated, corrupted, of another format or version, or unreadable. */
public final class InvalidCheckpointException extends IllegalArgumentException {
    private final transient Path file;

    InvalidCheckpointException(Path file, String what) {
        super("checkpoint " + file + " " + what);
        this.file = file;
    }

    InvalidCheckpointException(Path file, String what, Throwable cause) {
        super("checkpoint " + file + " " + what, cause);
        this.file = file;
    }

    /** The file that was refused. */
    public Path file() {
        return file;
    }
}
