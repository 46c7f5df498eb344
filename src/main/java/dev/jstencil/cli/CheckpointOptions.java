package dev.jstencil.cli;

import dev.jstencil.io.checkpoint.Checkpoint;
import dev.jstencil.io.checkpoint.CheckpointDirectory;
import dev.jstencil.sim.Simulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --checkpoint-every}, {@code --checkpoint-dir}, {@code --keep} and {@code --restart}: a run's
 * checkpoints and where it continues from. With a directory, a checkpoint is also written when the run
 * ends, stopped by Ctrl-C or not, so a run can always be continued from where it stopped.
 */
final class CheckpointOptions {
    static final int DEFAULT_KEEP = 2;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Write a checkpoint every N steps (counted from the run's step 0) into --checkpoint-dir.")
    Long every;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Where checkpoints go (ckpt-<step>.jsck); with it, one is also written when the run ends or is "
                    + "stopped by Ctrl-C. It must hold no checkpoints unless --restart names it or a file in it.")
    Path dir;

    @Option(names = "--keep", paramLabel = "K",
            description = "Keep the newest K checkpoints in --checkpoint-dir (default: " + DEFAULT_KEEP + ").")
    Integer keep;

    @Option(names = "--restart", paramLabel = "PATH",
            description = "Continue the run of a checkpoint file, or of a directory's newest valid checkpoint; --steps still "
                    + "counts from step 0, and the model, grid and physics settings must be the checkpoint's.")
    Path restart;

    /**
     * What these options make of a run of {@code steps} steps counted from step 0: the restart is set on
     * {@code b}, and the plan says how many steps are left and how checkpoints are written. Bad values and
     * combinations are IllegalArgumentExceptions in words; notes (a skipped checkpoint) go to {@code err}.
     */
    Plan plan(Simulation.Builder b, long steps, String stepsOption, long warmup, PrintWriter err) throws IOException {
        if (warmup > 0 && (dir != null || restart != null)) {
            throw new IllegalArgumentException("--warmup cannot be combined with checkpoints or --restart: its steps would count "
                    + "as steps of the run");
        }
        Checkpoint from = restart(err);
        long left = steps;
        if (from != null) {
            long at = from.header().step();
            if (at > steps) {
                throw new IllegalArgumentException("--restart " + from.file() + " is at step " + at + ", beyond the " + steps
                        + " steps of this run (" + stepsOption + ")");
            }
            b.restartFrom(from);
            left -= at;
        }
        CheckpointDirectory d = directory(from);
        long start = from == null ? 0 : from.header().step();
        return new Plan(left, d == null ? null : new Writer(d, every, start, err), from == null ? null : start);
    }

    /** The steps a run has left, its checkpoint writer (null without --checkpoint-dir) and the step it restarts from (or null). */
    record Plan(long steps, Writer writer, Long restartStep) {
        List<SimulationRunner.Periodic> periodic() {
            return writer == null ? List.of() : writer.periodic();
        }

        /** The checkpoint of the run's end (completed or stopped), unless it has one or there is no directory. */
        void last(Simulation sim) {
            if (writer != null) {
                writer.last(sim);
            }
        }

        /** The newest checkpoint the run wrote, or null. */
        Path lastFile() {
            return writer == null ? null : writer.lastFile();
        }

        /** restart_step and checkpoint, where there are such. */
        void report(Json json) {
            if (restartStep != null) {
                json.put("restart_step", restartStep);
            }
            if (lastFile() != null) {
                json.put("checkpoint", lastFile().toString());
            }
        }
    }

    /**
     * The checkpoint to restart from (null without --restart), checked whole; for a directory, its newest
     * valid one, with a note on {@code err} for each newer one skipped and why.
     */
    private Checkpoint restart(PrintWriter err) throws IOException {
        if (restart == null) {
            return null;
        }
        if (Files.isDirectory(restart)) {
            CheckpointDirectory.Selection s;
            try {
                s = CheckpointDirectory.newestValid(restart);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--restart " + restart + ": " + e.getMessage(), e);
            }
            for (String why : s.skipped()) {
                err.println("jstencil: note: " + why + "; using the previous one");
            }
            if (!s.skipped().isEmpty()) {
                err.println("jstencil: note: restarting from " + s.checkpoint().file() + " (step " + s.checkpoint().header().step() + ")");
            }
            return s.checkpoint();
        }
        if (!Files.exists(restart)) {
            throw new IllegalArgumentException("--restart " + restart + " does not exist: give a checkpoint file (ckpt-<step>"
                    + CheckpointDirectory.EXTENSION + ") or a directory of them");
        }
        Checkpoint c = Checkpoint.open(restart);
        c.verify();
        return c;
    }

    /**
     * The directory checkpoints go to (null without --checkpoint-dir), created if missing; refused if it
     * already holds checkpoints of another run, i.e. unless the run restarts from it or from a file in it.
     */
    private CheckpointDirectory directory(Checkpoint from) throws IOException {
        if (dir == null) {
            if (every != null || keep != null) {
                throw new IllegalArgumentException((every != null ? "--checkpoint-every" : "--keep") + " needs --checkpoint-dir DIR: "
                        + "the directory the checkpoints go to");
            }
            return null;
        }
        if (every != null && every < 1) {
            throw new IllegalArgumentException("--checkpoint-every " + every + " is not allowed: use a step count >= 1");
        }
        if (keep != null && keep < 1) {
            throw new IllegalArgumentException("--keep " + keep + " is not allowed: keep at least 1 checkpoint");
        }
        Path abs = OutputPaths.requireWritableDirectory("--checkpoint-dir", dir);
        List<CheckpointDirectory.Entry> there = CheckpointDirectory.list(abs);
        boolean ours = from != null && (sameFile(abs, restart) || sameFile(abs, restart.toAbsolutePath().getParent()));
        if (!there.isEmpty() && !ours) {
            throw new IllegalArgumentException("--checkpoint-dir " + dir + " already holds checkpoints (" + there.getFirst().file().getFileName()
                    + (there.size() > 1 ? " and " + (there.size() - 1) + " more" : "") + ") of another run: continue that run with --restart "
                    + dir + ", or give an empty directory");
        }
        return new CheckpointDirectory(abs, keep != null ? keep : DEFAULT_KEEP);
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        return b != null && Files.exists(b) && Files.isSameFile(a, b);
    }

    /**
     * Writes the checkpoints of one run: every {@code every} steps (a {@link SimulationRunner.Periodic}) and,
     * by {@link #last}, at its end unless that step had one written or tried already. A failed write is a
     * warning on stderr, not the end of the run: the checkpoints before it are still there. Under MPI every
     * rank has a writer and calls it at the same steps (the checkpoint is collective), and only rank 0 writes
     * and can fail: so whether the end needs one goes by the steps tried, which every rank knows alike.
     */
    static final class Writer implements SimulationRunner.Periodic {
        private final CheckpointDirectory dir;
        private final long every;
        private final PrintWriter err;
        private long tried; // the step of the last checkpoint written or tried
        private volatile Path lastFile;
        private volatile int count; // checkpoints written by this run, for the progress line

        /** {@code startStep}: the step the run starts from (a restart's), which needs no new checkpoint. */
        Writer(CheckpointDirectory dir, Long every, long startStep, PrintWriter err) {
            this.dir = dir;
            this.every = every != null ? every : Long.MAX_VALUE;
            this.err = err;
            this.tried = startStep;
        }

        @Override
        public long every() {
            return every;
        }

        @Override
        public void at(Simulation sim) {
            tried = sim.stepsDone();
            try {
                lastFile = sim.saveCheckpoint(dir);
                count++;
            } catch (IOException | IllegalArgumentException e) {
                err.println("jstencil: warning: checkpoint of step " + sim.stepsDone() + " into " + dir.dir() + " failed ("
                        + Main.oneLine(e) + "); the run goes on");
                err.flush();
            }
        }

        @Override
        public String status() {
            Path f = lastFile;
            return f == null ? null : "checkpoint " + count + " written (" + f.getFileName() + ")";
        }

        /** The checkpoint of the run's last step, unless it has one or its write failed a moment ago. */
        void last(Simulation sim) {
            if (sim.stepsDone() != tried) {
                at(sim);
            }
        }

        /** The newest checkpoint this run wrote, or null. */
        Path lastFile() {
            return lastFile;
        }

        /** The periodic part for {@link SimulationRunner#run}: none without --checkpoint-every. */
        List<SimulationRunner.Periodic> periodic() {
            return every == Long.MAX_VALUE ? List.of() : List.of(this);
        }
    }
}
