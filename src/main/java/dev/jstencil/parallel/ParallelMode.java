package dev.jstencil.parallel;

import dev.jstencil.util.CliNames;

/** How the bands of a step are executed. */
public enum ParallelMode {
    /** Every band on the caller's thread, in order: the reference. */
    SERIAL,
    /** One persistent platform thread per band, synchronised by a barrier each step. */
    PLATFORM,
    /** One persistent virtual thread per band, synchronised by a barrier each step. */
    VIRTUAL,
    /** Per step, a fork/join over bands on a ForkJoinPool (work stealing; the join is the barrier). */
    FORKJOIN;

    public String cliName() {
        return CliNames.of(this);
    }

    /** Whether a {@link BarrierKind} applies (persistent teams only). */
    public boolean usesBarrier() {
        return this == PLATFORM || this == VIRTUAL;
    }

    public static ParallelMode parse(String s) {
        return CliNames.parse(values(), "parallel mode", s);
    }
}
