package dev.jstencil.sweep;

import dev.jstencil.io.Npy;
import dev.jstencil.sim.NonFiniteValueException;
import dev.jstencil.sim.RunResult;
import dev.jstencil.sim.Simulation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a job in the calling thread: builds its simulation, runs it (with a snapshot for the pattern
 * label's motion measure), measures the final fields. A NaN, unstable parameters or any other
 * exception make a failed result; the thread and the other jobs go on.
 */
public final class JobRunner implements JobExecutor {
    private final SweepSpec spec;

    public JobRunner(SweepSpec spec) {
        this.spec = spec;
    }

    @Override
    public SweepResult execute(SweepJob job, Cancellation cancellation) {
        long t0 = System.nanoTime();
        Simulation sim;
        try {
            sim = spec.factory().builder(job.values()).build();
        } catch (RuntimeException | Error e) {
            return SweepResult.failed(job, 0, seconds(t0), "cannot start: " + describe(e));
        }
        try (sim; Cancellation.Registration ignored = cancellation.register(sim.control()::cancel)) {
            long steps = spec.steps();
            long snapshot = steps >= 2 ? PatternLabel.snapshotStep(steps) : 0;
            Tile before = null;
            if (snapshot > 0) {
                RunResult r = sim.run(snapshot);
                if (r.cancelled()) {
                    return SweepResult.cancelled(job, sim.stepsDone(), seconds(t0));
                }
                before = Tile.slice(sim.field(spec.mapField()));
            }
            RunResult r = sim.run(steps - sim.stepsDone());
            if (r.cancelled()) {
                return SweepResult.cancelled(job, sim.stepsDone(), seconds(t0));
            }
            List<FieldStats> stats = new ArrayList<>();
            for (String f : spec.fields()) {
                FieldStats s = FieldStats.of(f, sim.field(f).toArray());
                if (!Double.isFinite(s.mean())) { // --check-every 0 skipped the scans: a broken run is still a failure
                    return SweepResult.failed(job, sim.stepsDone(), seconds(t0), f + " holds NaN or Inf after the last step "
                            + sim.stepsDone() + " (--check-every would name the step it began)");
                }
                stats.add(s);
            }
            if (spec.keepFields() != null) {
                for (String f : spec.fields()) {
                    Npy.write(spec.keepFields().resolve(String.format("%06d-%s.npy", job.index(), f)), sim.field(f));
                }
            }
            Tile last = Tile.slice(sim.field(spec.mapField()));
            return new SweepResult(job.index(), job.values(), SweepResult.Status.OK, sim.stepsDone(), seconds(t0), stats,
                    PatternLabel.of(last, before), "", Tile.of(sim.field(spec.mapField())));
        } catch (NonFiniteValueException e) {
            return SweepResult.failed(job, e.step(), seconds(t0), describe(e));
        } catch (IOException e) {
            return SweepResult.failed(job, sim.stepsDone(), seconds(t0), "writing its fields: " + describe(e));
        } catch (RuntimeException | Error e) {
            return SweepResult.failed(job, sim.stepsDone(), seconds(t0), describe(e));
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The exception's message, with its class unless the message says what went wrong by itself. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        boolean explains = e instanceof IllegalArgumentException || e instanceof NonFiniteValueException;
        return explains ? m : e.getClass().getSimpleName() + ": " + m;
    }
}
