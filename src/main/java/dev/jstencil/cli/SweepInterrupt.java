package dev.jstencil.cli;

import dev.jstencil.sweep.Cancellation;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during a sweep: the shutdown hook cancels it (no new jobs; running ones stop at their next step
 * boundary) and holds the JVM until the sweep has written its CSV, map and report, as SimulationRunner does for a run.
 */
final class SweepInterrupt {
    /** Longest the hook holds the JVM for the files of what finished. */
    private static final long GRACE_SECONDS = 120;

    private SweepInterrupt() {
    }

    static <T> T onCtrlC(Cancellation cancellation, Callable<T> work) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancellation.cancel();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jstencil-sweep-sigint");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.call();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook returns now that the files are written
            }
        }
    }
}
