package dev.jstencil.sweep;

import dev.jstencil.io.AtomicFile;
import dev.jstencil.io.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A sweep's finished runs on disk, one record per run in {@code DIR/runs/<index>.txt} with its tile in
 * {@code <index>.tile.npy}. Each is written to a temporary file, forced to disk and renamed into place, tile
 * first: a record that exists is whole, whenever the process was killed, and a killed sweep resumes by
 * skipping the runs it finds. Cancelled runs are not recorded (a resumed sweep runs them). {@code DIR/sweep.txt}
 * holds what the sweep is (grid and run options), so that a different sweep never resumes into it.
 */
public final class ResultStore {
    private static final String SIGNATURE = "sweep.txt";
    private final Path runs;

    private ResultStore(Path runs) {
        this.runs = runs;
    }

    /**
     * Opens (or starts) the store in {@code dir} for the sweep described by {@code signature}; an
     * IllegalArgumentException if {@code dir} holds another sweep's results.
     */
    public static ResultStore open(Path dir, String signature) throws IOException {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Path sig = dir.resolve(SIGNATURE);
        String text = signature.strip() + "\n";
        if (Files.exists(sig)) {
            String old = Files.readString(sig, StandardCharsets.UTF_8);
            if (!old.equals(text)) {
                throw new IllegalArgumentException("--out " + dir + " holds the results of another sweep (" + sig + ": " + old.strip()
                        + "; this one: " + signature.strip() + "): give another --out, or delete it to start again");
            }
        } else {
            writeAtomically(sig, text.getBytes(StandardCharsets.UTF_8));
        }
        return new ResultStore(runs);
    }

    /** Indexes of the recorded runs. */
    public Set<Integer> recorded() throws IOException {
        Set<Integer> done = new TreeSet<>();
        try (Stream<Path> files = Files.list(runs)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\.txt"))
                    .forEach(n -> done.add(Integer.parseInt(n.substring(0, n.length() - 4))));
        }
        return done;
    }

    /** Records a finished (ok or failed) run: its tile, then its record, each atomically. */
    public void record(SweepResult r) throws IOException {
        if (r.status() == SweepResult.Status.CANCELLED) {
            throw new IllegalArgumentException("a cancelled run is not recorded: a resumed sweep runs it again");
        }
        write(runs, r);
    }

    /** Every recorded run, by index. */
    public List<SweepResult> readAll() throws IOException {
        List<SweepResult> all = new ArrayList<>();
        for (int i : recorded()) {
            all.add(read(runs, i));
        }
        return all;
    }

    /** Writes {@code r} as {@code dir/<index>.txt} and its tile (the child JVM of a job uses it too). */
    public static void write(Path dir, SweepResult r) throws IOException {
        if (r.tile() != null) {
            AtomicFile.writeDurably(tileFile(dir, r.index()), tmp -> Npy.write(tmp, new long[] {r.tile().height(), r.tile().width()},
                    r.tile().values()));
        }
        writeAtomically(recordFile(dir, r.index()), RecordText.format(r).getBytes(StandardCharsets.UTF_8));
    }

    /** The record of run {@code index} in {@code dir}, with its tile. */
    public static SweepResult read(Path dir, int index) throws IOException {
        SweepResult r = RecordText.parse(Files.readString(recordFile(dir, index), StandardCharsets.UTF_8), recordFile(dir, index));
        if (r.status() != SweepResult.Status.OK) {
            return r;
        }
        Npy.Array a = Npy.read(tileFile(dir, index));
        Tile t = new Tile((int) a.shape()[1], (int) a.shape()[0], a.data());
        return new SweepResult(r.index(), r.values(), r.status(), r.steps(), r.seconds(), r.stats(), r.pattern(), r.cause(), t);
    }

    public static Path recordFile(Path dir, int index) {
        return dir.resolve(String.format("%06d.txt", index));
    }

    private static Path tileFile(Path dir, int index) {
        return dir.resolve(String.format("%06d.tile.npy", index));
    }

    /** Writes {@code bytes} as {@code file}, atomically and durably (see {@link AtomicFile#writeDurably}). */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        AtomicFile.writeDurably(file, tmp -> Files.write(tmp, bytes));
    }
}
