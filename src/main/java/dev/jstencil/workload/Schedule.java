package dev.jstencil.workload;

import dev.jstencil.util.CliNames;
import dev.jstencil.parallel.RunControl;
import dev.jstencil.parallel.RunOutcome;
import dev.jstencil.parallel.StepEngine;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the indices [0, count) of a one-shot parallel loop are handed to the workers of a
 * {@link StepEngine}. Both run as a single engine step, so a failing index surfaces as the engine's
 * {@code StepFailedException} and no thread outlives the call, whatever the schedule.
 */
public enum Schedule {
    /**
     * The engine's own bands (contiguous, equal-sized): no coordination at all, but the slowest band
     * decides the time when indices cost different amounts.
     */
    STATIC {
        @Override
        public RunOutcome run(StepEngine engine, int count, RangeTask task) {
            return engine.run(count, 1, (step, band) -> task.run(band.y0(), band.y1()), new RunControl());
        }
    },
    /**
     * One band per worker; each worker repeatedly claims the next index from a shared counter, so a
     * worker that drew cheap indices simply claims more. One atomic increment per index is negligible
     * next to a Mandelbrot row or an integration chunk.
     */
    DYNAMIC {
        @Override
        public RunOutcome run(StepEngine engine, int count, RangeTask task) {
            AtomicInteger next = new AtomicInteger();
            int workers = Math.min(count, engine.threads());
            return engine.run(workers, 1, (step, band) -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.run(i, i + 1);
                }
            }, new RunControl());
        }
    };

    /** Runs {@code task} over [0, count) (count >= 1); every index exactly once. */
    public abstract RunOutcome run(StepEngine engine, int count, RangeTask task);

    public String cliName() {
        return CliNames.of(this);
    }

    public static Schedule parse(String s) {
        return CliNames.parse(values(), "schedule", s);
    }
}
