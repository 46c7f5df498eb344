package dev.jstencil.parallel;

/**
 * Cancel handle and progress counter of a run, safe to use from any thread: {@link #cancel()} asks
 * the run to stop at the next step boundary; {@link #completedSteps()} says how far it got.
 */
public final class RunControl {
    private volatile boolean cancelRequested;
    private volatile long completedSteps;

    public void cancel() {
        cancelRequested = true;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    /** Steps finished by every band so far in the current (or last) run. */
    public long completedSteps() {
        return completedSteps;
    }

    void reset() {
        completedSteps = 0;
    }

    /** Called once per step by exactly one thread (the barrier's last arriver or the driver). */
    void stepCompleted() {
        completedSteps = completedSteps + 1;
    }
}
