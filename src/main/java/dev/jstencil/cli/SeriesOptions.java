package dev.jstencil.cli;

import dev.jstencil.grid.Field;
import dev.jstencil.io.series.SeriesFiles;
import dev.jstencil.io.series.SeriesWriter;
import dev.jstencil.io.series.SnapshotFormat;
import dev.jstencil.io.series.SnapshotPool;
import dev.jstencil.sim.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code --every N --out DIR --format vti,npy,png --fields a,b}: a snapshot of the fields every N steps,
 * written by a background thread while the computation goes on (shared by the commands that run a simulation).
 */
final class SeriesOptions {
    /** The directory {@code --every} writes into when {@code --out} is not given. */
    static final String DEFAULT_DIR = "series";

    @Option(names = "--every", paramLabel = "N",
            description = "Write a snapshot of the fields every N steps (at steps N, 2N, ..., counted from step 0), in the "
                    + "background; the computation waits only when the writer is a few snapshots behind (never drops one).")
    Long every;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory of the --every snapshots (created if missing). Default: " + DEFAULT_DIR + ".")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", split = ",",
            description = "Snapshot formats, any of: vti (VTK ImageData, with <model>.pvd for ParaView; under mpirun a piece per rank "
                    + "and a .pvti per snapshot), npy (<field>_<step>.npy), "
                    + "png (<field>_<step>.png; 3D: the middle z slice). Default: vti.")
    List<String> formats;

    @Option(names = "--fields", paramLabel = "NAME", split = ",", description = "The fields in the snapshots. Default: all.")
    List<String> fields;

    /** What a run writes: validated, the directory created. */
    record Plan(long every, Path dir, List<String> formats, List<String> fields) {
    }

    /**
     * The validated plan, or null without {@code --every}; an {@link IllegalArgumentException} names a
     * bad value and what is allowed. Snapshots fall on the multiples of N in (warmup, warmup + steps]; {@code warmup} is every step before the
     * run's: warm-up steps, or the step a restart continues from.
     */
    Plan plan(List<String> modelFields, long warmup, long steps) {
        if (every == null) {
            String given = out != null ? "--out" : formats != null ? "--format" : fields != null ? "--fields" : null;
            if (given != null) {
                throw new IllegalArgumentException(given + " belongs to an output series: add --every N (a snapshot every N steps)");
            }
            return null;
        }
        if (every < 1) {
            throw new IllegalArgumentException("--every " + every + " is not allowed: use a step count >= 1");
        }
        if ((warmup + steps) / every == warmup / every) {
            throw new IllegalArgumentException("--every " + every + " writes no snapshot in a run of " + steps + " steps"
                    + (warmup > 0 ? " after step " + warmup : "") + ": use N <= " + steps);
        }
        Set<String> fmts = new LinkedHashSet<>();
        for (String f : formats == null ? List.of("vti") : formats) {
            String name = f.trim().toLowerCase(Locale.ROOT);
            if (!SnapshotFormat.NAMES.contains(name)) {
                throw new IllegalArgumentException("--format '" + f + "' is not one of " + SnapshotFormat.NAMES + " (a comma list of them)");
            }
            fmts.add(name);
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String f : fields == null ? modelFields : fields) {
            String name = f.trim();
            if (!modelFields.contains(name)) {
                throw new IllegalArgumentException("--fields '" + f + "' is not a field of this model; fields: " + String.join(", ", modelFields));
            }
            chosen.add(name);
        }
        Path dir = out != null ? out : Path.of(DEFAULT_DIR);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a directory");
        }
        return new Plan(every, OutputPaths.requireWritableDirectory("--out", dir), List.copyOf(fmts), List.copyOf(chosen));
    }

    /**
     * A series being written: the periodic action that takes the snapshots, and what the run's report and
     * progress line say of it (shared by one process's {@link Series} and a distributed run's {@link DistributedSeries}).
     */
    interface Running extends SimulationRunner.Periodic, AutoCloseable {
        Plan plan();

        /** Snapshots written completely, in every format. */
        long written();

        /** Snapshots taken so far. */
        long submitted();

        /** Seconds the computation waited for the writer. */
        double waitedSeconds();

        @Override
        default long every() {
            return plan().every();
        }

        @Override
        default String status() {
            long written = written(), queued = submitted() - written;
            return written + " snapshot" + (written == 1 ? "" : "s") + " written, " + queued + " queued";
        }

        /** "; 20 snapshots (vti, npy) -> DIR" for the human line. */
        default String describe() {
            return "; " + written() + " snapshot" + (written() == 1 ? "" : "s") + " (" + String.join(", ", plan().formats()) + ") -> "
                    + plan().dir();
        }

        /** "snapshots" written and "series_wait_seconds" the computation waited for the writer. */
        default void putJson(Json json) {
            json.put("snapshots", written()).put("series_wait_seconds", Json.round(waitedSeconds(), 6));
        }

        @Override
        void close() throws IOException;
    }

    /** A writer's failure as the run reports it: the step it stopped at, and that the files before are complete. */
    static IOException stopped(IOException e, long step) {
        return new IOException(e.getMessage() + " (the run stopped at step " + step + "; the files written before it are complete)", e);
    }

    /** The file-name stem of a series of {@code prefix} (a model's name): characters safe in any file system. */
    static String stem(String prefix) {
        return prefix.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A running series of one process: its snapshots are written by one background writer. */
    static final class Series implements Running {
        private final Plan plan;
        private final Simulation sim;
        private final SeriesWriter writer;
        private final List<Field> sources = new ArrayList<>();

        /**
         * Starts the writer for {@code sim}; a writer failure cancels the run after its current step, and the
         * next {@link #at} or {@link #close} reports it. The .vti files and the .pvd are named after {@code prefix}.
         */
        Series(Plan plan, Simulation sim, String prefix, long lastStep) {
            this.plan = plan;
            this.sim = sim;
            List<Field> templates = plan.fields().stream().map(sim::field).toList();
            SeriesFiles files = new SeriesFiles(plan.dir(), SeriesFiles.digitsFor(lastStep));
            String stem = stem(prefix);
            List<SnapshotFormat> fmts = plan.formats().stream().map(f -> SnapshotFormat.of(f, files, stem, sim.h())).toList();
            SnapshotPool pool = new SnapshotPool(plan.fields(), templates, SnapshotPool.suggestedCount(templates));
            this.writer = new SeriesWriter(pool, fmts, () -> sim.control().cancel());
        }

        @Override
        public Plan plan() {
            return plan;
        }

        @Override
        public void at(Simulation sim) throws IOException {
            sources.clear();
            for (String f : plan.fields()) {
                sources.add(sim.field(f)); // the current buffers: they swap every step
            }
            try {
                writer.submit(sim.stepsDone(), sim.stepsDone() * sim.dt(), sources);
            } catch (IOException e) {
                throw stopped(e, sim.stepsDone());
            }
        }

        /** Writes what is queued; call before the run's outputs are done (Ctrl-C exits right after them). */
        @Override
        public void close() throws IOException {
            try {
                writer.close();
            } catch (IOException e) {
                throw stopped(e, sim.stepsDone());
            }
        }

        @Override
        public long written() {
            return writer.written();
        }

        @Override
        public long submitted() {
            return writer.submitted();
        }

        @Override
        public double waitedSeconds() {
            return writer.waitedSeconds();
        }
    }
}
