package dev.jstencil.sweep;

/** Runs one job to a result: in this thread ({@link JobRunner}) or in a child JVM ({@link ChildProcessExecutor}). */
@FunctionalInterface
public interface JobExecutor {
    /** Never throws for a failing run: a failure is a {@link SweepResult.Status#FAILED} result with its cause. */
    SweepResult execute(SweepJob job, Cancellation cancellation);
}
