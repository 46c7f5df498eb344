package dev.jstencil.io.checkpoint;

import dev.jstencil.grid.Field;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory of checkpoints named {@code ckpt-<step>.jsck}, the step zero-padded to 12 digits so
 * names sort by step: saving one keeps it and the {@code keep - 1} newest before it, and the newest
 * valid one is what a run restarts from. Checkpoints of later steps than the one saved (left by a run
 * that went further, or newer but unusable) are not deleted: this run replaces each when it gets there.
 * Temporary files of unfinished writes (hidden names) are not checkpoints and are ignored.
 */
public final class CheckpointDirectory {
    public static final String EXTENSION = ".jsck";
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{1,18})\\.jsck");

    /** A checkpoint file of the directory and the step its name gives. */
    public record Entry(long step, Path file) {
    }

    /** The checkpoint chosen from a directory, and for each newer file skipped, why (its error message). */
    public record Selection(Checkpoint checkpoint, List<String> skipped) {
    }

    private final Path dir;
    private final int keep;

    /** {@code dir} (which must exist) keeping the newest {@code keep} (>= 1) checkpoints. */
    public CheckpointDirectory(Path dir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep " + keep + " is not allowed: keep at least 1 checkpoint");
        }
        this.dir = dir;
        this.keep = keep;
    }

    public Path dir() {
        return dir;
    }

    public int keep() {
        return keep;
    }

    /** "ckpt-000000000600.jsck" for step 600. */
    public static String fileName(long step) {
        return String.format("ckpt-%012d%s", step, EXTENSION);
    }

    /** The file the checkpoint of {@code step} is saved as. */
    public Path file(long step) {
        return dir.resolve(fileName(step));
    }

    /** The checkpoint files of {@code dir} (by name, not yet checked), newest step first. */
    public static List<Entry> list(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches() && Files.isRegularFile(f)) {
                    entries.add(new Entry(Long.parseLong(m.group(1)), f));
                }
            }
        }
        entries.sort(Comparator.comparingLong(Entry::step).reversed());
        return entries;
    }

    /**
     * Writes the fields as the checkpoint of {@code header.step()} (atomically, replacing one of that step),
     * then deletes those of earlier steps beyond the newest {@link #keep}; returns the file.
     */
    public Path save(CheckpointHeader header, List<Field> fields) throws IOException {
        Path file = file(header.step());
        CheckpointWriter.write(file, header, fields);
        int kept = 1;
        for (Entry e : list(dir)) {
            if (e.step() < header.step() && ++kept > keep) {
                Files.deleteIfExists(e.file());
            }
        }
        return file;
    }

    /**
     * The newest checkpoint of {@code dir} that opens and whose fields pass their CRC32C checks, and why
     * each newer one was skipped; an IllegalArgumentException if there is none, saying why for each file.
     */
    public static Selection newestValid(Path dir) throws IOException {
        List<Entry> entries = list(dir);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("directory " + dir + " holds no checkpoints (files named ckpt-<step>" + EXTENSION + ")");
        }
        List<String> skipped = new ArrayList<>();
        for (Entry e : entries) {
            try {
                Checkpoint c = Checkpoint.open(e.file());
                if (c.header().step() != e.step()) {
                    throw new InvalidCheckpointException(e.file(), "holds step " + c.header().step() + ", not the step " + e.step()
                            + " its name says (renamed?)");
                }
                c.verify();
                return new Selection(c, skipped);
            } catch (InvalidCheckpointException bad) {
                skipped.add(bad.getMessage());
            }
        }
        throw new IllegalArgumentException("directory " + dir + " holds no valid checkpoint: " + String.join("; ", skipped));
    }
}
