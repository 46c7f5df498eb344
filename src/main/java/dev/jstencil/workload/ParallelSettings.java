package dev.jstencil.workload;

import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.parallel.StepEngine;

/**
 * Mode and thread count of a workload run, validated once for every command that takes
 * {@code --parallel} and {@code --threads}. One-step workloads cross the barrier once, so its kind
 * does not matter and is fixed.
 */
public record ParallelSettings(ParallelMode mode, int threads) {
    public static final int MAX_THREADS = 4096;

    public ParallelSettings {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads " + threads + " is not allowed: use 1.." + MAX_THREADS);
        }
    }

    /** From CLI text; {@code threads == null} means one per core. */
    public static ParallelSettings parse(String mode, Integer threads) {
        return new ParallelSettings(ParallelMode.parse(mode),
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
    }

    public StepEngine engine() {
        return new StepEngine(mode, threads, BarrierKind.SPIN);
    }

    /** E.g. "2 platform thread(s)" or "serial". */
    public String describe() {
        return mode == ParallelMode.SERIAL ? "serial" : threads + " " + mode.cliName() + " thread(s)";
    }
}
