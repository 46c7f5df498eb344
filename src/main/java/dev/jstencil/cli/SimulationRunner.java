package dev.jstencil.cli;

import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.RunResult;
import dev.jstencil.sim.Simulation;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a built simulation for a command: untimed warm-up steps, the timed steps with an optional
 * progress line and periodic actions (snapshots, checkpoints) at step boundaries, then the outputs.
 * Ctrl-C stops at a step boundary, the outputs of the last completed step are still written, and the
 * command exits with 130.
 */
final class SimulationRunner {
    /** What a command writes and prints once the steps are done (also after Ctrl-C, before the JVM exits). */
    @FunctionalInterface
    interface Outputs {
        void write(Simulation sim, RunResult result) throws IOException;
    }

    /**
     * Something done on the stepping thread whenever the simulation's step count ({@link Simulation#stepsDone()},
     * counted from its step 0, warm-up included) reaches a multiple of {@link #every()}; the fields are then
     * those of that step and do not change until {@link #at} returns.
     */
    interface Periodic {
        long every();

        void at(Simulation sim) throws IOException;

        /** What the progress line shows of it (e.g. "checkpoint 12 written"), or null; called from another thread. */
        default String status() {
            return null;
        }
    }

    private SimulationRunner() {
    }

    static RunResult run(Simulation sim, String label, long steps, long warmup, Boolean progress, Outputs outputs) throws IOException {
        return run(sim, label, steps, warmup, progress, List.of(), outputs);
    }

    static RunResult run(Simulation sim, String label, long steps, long warmup, Boolean progress, List<? extends Periodic> periodic,
                         Outputs outputs) throws IOException {
        for (Periodic p : periodic) {
            if (p.every() <= 0) {
                throw new IllegalArgumentException("a periodic action needs a period >= 1, not " + p.every());
            }
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sim.control().cancel();
            try {
                finished.await(60, TimeUnit.SECONDS);
                if (sim.subdomain().isPresent()) {
                    // let this rank leave the job cleanly: a rank that exits without MPI_Finalize makes mpirun end the others
                    dev.jstencil.mpi.Mpi.awaitFinalized(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "jstencil-sigint");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            sim.planSteps(warmup + steps);
            if (warmup > 0) {
                sim.run(warmup);
            }
            boolean showProgress = progress != null ? progress : Progress.interactive();
            AtomicLong before = new AtomicLong(); // steps of the earlier chunks, for the progress line
            RunResult r;
            if (showProgress) {
                try (Progress ignored = new Progress(System.err, label, steps, sim.shape().cells(),
                        () -> before.get() + sim.control().progressSteps(), () -> status(periodic))) {
                    r = chunked(sim, steps, periodic, before);
                }
            } else {
                r = chunked(sim, steps, periodic, before);
            }
            outputs.write(sim, r); // before 'finished' is released: on Ctrl-C the JVM exits right after
            return r;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook is running and returns now that we are done
            }
        }
    }

    /** The periodic actions' statuses for the progress line: "checkpoint 3 written (step 300), 5 snapshots written, 1 queued". */
    static String status(List<? extends Periodic> periodic) {
        return String.join(", ", periodic.stream().map(Periodic::status).filter(java.util.Objects::nonNull).toList());
    }

    /** Seconds between the points where the processes of an MPI job agree whether to stop. */
    static final double AGREE_EVERY_SECONDS = 0.25;

    /**
     * {@code steps} steps as runs that end on every periodic action's step; one run when there is none. When
     * several processes share the grid, runs also end about every {@value #AGREE_EVERY_SECONDS} s (a step count
     * they agree on), where they agree whether any was cancelled: they stop after the same step.
     */
    private static RunResult chunked(Simulation sim, long steps, List<? extends Periodic> periodic, AtomicLong before) throws IOException {
        boolean shared = sim.subdomain().isPresent();
        long end = sim.stepsDone() + steps, done = 0, slice = sim.stepsPerSweep();
        double seconds = 0;
        boolean cancelled = false;
        do {
            long now = sim.stepsDone(), stop = end;
            for (Periodic p : periodic) {
                stop = Math.min(stop, (now / p.every() + 1) * p.every());
            }
            if (shared) {
                stop = Math.min(stop, now + slice);
            }
            RunResult r = sim.run(stop - now);
            done += r.steps();
            seconds += r.seconds();
            before.set(done);
            if (shared) {
                cancelled = sim.stopAgreed() && sim.stepsDone() < end; // collective: every process, after the same step
                slice = sim.leastOf(nextSlice(slice, r, sim.stepsPerSweep()));
            } else {
                // a cancel during a chunk's last step completes that chunk uncancelled: it must still end the run
                cancelled = r.cancelled() || (sim.control().isCancelRequested() && sim.stepsDone() < end);
            }
            if (r.steps() > 0) {
                for (Periodic p : periodic) {
                    if (sim.stepsDone() % p.every() == 0) {
                        p.at(sim);
                    }
                }
            }
        } while (!cancelled && sim.stepsDone() < end);
        return new RunResult(done, seconds, cancelled, sim.shape());
    }

    /** This process's proposal for the steps until the next agreement: about AGREE_EVERY_SECONDS, whole sweeps, growing at most 4x. */
    static long nextSlice(long slice, RunResult last, int stepsPerSweep) {
        double perStep = last.steps() > 0 ? last.seconds() / last.steps() : 0;
        long want = perStep > 0 ? (long) (AGREE_EVERY_SECONDS / perStep) : 4 * slice;
        want = Math.max(1, Math.min(want, Math.min(4 * slice, 1L << 30)));
        return (want + stepsPerSweep - 1) / stepsPerSweep * stepsPerSweep;
    }

    /** "2 platform thread(s), spin barrier" or "serial, 1 band(s)". */
    static String threadsText(Simulation sim) {
        var e = sim.engine();
        return e.mode() == ParallelMode.SERIAL ? "serial, " + e.threads() + " band(s)"
                : e.threads() + " " + e.mode().cliName() + " thread(s)" + (e.mode().usesBarrier() ? ", " + e.barrierKind().cliName() + " barrier" : "");
    }
}
