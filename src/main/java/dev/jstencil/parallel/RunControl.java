package dev.jstencil.parallel;

/**
 * Cancel handle and progress counter of a run, safe to use from any thread: {@link #cancel()} asks
 * the run to stop at the next step boundary; {@link #completedSteps()} says how far it got.
 */
public final class RunControl {
    private volatile boolean cancelRequested;
    private volatile boolean deferred;
    private volatile long completedSteps;
    private volatile long stepsPerCount = 1;
    private volatile long countsPerStep = 1;

    public void cancel() {
        cancelRequested = true;
    }

    /** Whether the run should stop at the next step boundary: a cancel, unless cancels are {@link #deferCancels deferred}. */
    public boolean isCancelRequested() {
        return cancelRequested && !deferred;
    }

    /** Whether a cancel was asked for, deferred or not. */
    public boolean isCancelPending() {
        return cancelRequested;
    }

    /**
     * From now on a cancel does not stop a run by itself ({@link #isCancelRequested} stays false): the owner stops
     * where it chooses, after asking {@link #isCancelPending}. The ranks of an MPI job must stop after the same
     * step, or they wait for each other's halos.
     */
    public void deferCancels() {
        deferred = true;
    }

    /** Steps finished by every band so far in the current (or last) run. */
    public long completedSteps() {
        return completedSteps;
    }

    /**
     * For progress shown to people: a run whose engine takes {@code counts} phases (engine steps) for {@code steps}
     * of the simulation's steps (two phases per step under MPI, two per group of k in temporal blocking).
     */
    public void countPhasesAs(long steps, long counts) {
        if (steps < 1 || counts < 1) {
            throw new IllegalArgumentException(steps + " step(s) per " + counts + " phase(s)");
        }
        stepsPerCount = steps;
        countsPerStep = counts;
    }

    /** {@link #completedSteps()} in the simulation's steps (see {@link #countPhasesAs}). */
    public long progressSteps() {
        return completedSteps * stepsPerCount / countsPerStep;
    }

    void reset() {
        completedSteps = 0;
    }

    /** Called once per step by exactly one thread (the barrier's last arriver or the driver). */
    void stepCompleted() {
        completedSteps = completedSteps + 1;
    }
}
