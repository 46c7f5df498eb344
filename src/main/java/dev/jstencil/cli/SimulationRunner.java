package dev.jstencil.cli;

import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.RunResult;
import dev.jstencil.sim.Simulation;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a built simulation for a command: untimed warm-up steps, the timed steps with an optional
 * progress line, then the outputs. Ctrl-C stops at a step boundary, the outputs of the last completed
 * step are still written, and the command exits with 130.
 */
final class SimulationRunner {
    /** What a command writes and prints once the steps are done (also after Ctrl-C, before the JVM exits). */
    @FunctionalInterface
    interface Outputs {
        void write(Simulation sim, RunResult result) throws IOException;
    }

    private SimulationRunner() {
    }

    static RunResult run(Simulation sim, String label, long steps, long warmup, Boolean progress, Outputs outputs) throws IOException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sim.control().cancel();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "jstencil-sigint");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (warmup > 0) {
                sim.run(warmup);
            }
            boolean showProgress = progress != null ? progress : Progress.interactive();
            RunResult r;
            if (showProgress) {
                try (Progress ignored = new Progress(System.err, label, steps, sim.shape().cells(), sim.control()::completedSteps)) {
                    r = sim.run(steps);
                }
            } else {
                r = sim.run(steps);
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

    /** "2 platform thread(s), spin barrier" or "serial, 1 band(s)". */
    static String threadsText(Simulation sim) {
        var e = sim.engine();
        return e.mode() == ParallelMode.SERIAL ? "serial, " + e.threads() + " band(s)"
                : e.threads() + " " + e.mode().cliName() + " thread(s)" + (e.mode().usesBarrier() ? ", " + e.barrierKind().cliName() + " barrier" : "");
    }
}
