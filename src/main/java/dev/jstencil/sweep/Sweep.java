package dev.jstencil.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A parameter sweep into a directory: runs the points not yet recorded there on a {@link WorkerPool}, records
 * each result as it comes ({@link ResultStore}), then writes {@code runs.csv} and {@code map.png} from the
 * store (plus this session's cancelled runs), so that a resumed sweep ends with the same files as one that
 * was never interrupted.
 */
public final class Sweep {
    /** What a sweep did; {@code runsPerSecond} counts this session's runs only. */
    public record Summary(int total, int resumed, int ok, int failed, int cancelled, int ran, double seconds, Path csv, Path map) {
        public double runsPerSecond() {
            return seconds > 0 ? ran / seconds : 0;
        }

        /** Runs neither recorded nor cancelled: not started because the sweep was cancelled. */
        public int notStarted() {
            return total - ok - failed - cancelled;
        }
    }

    private Sweep() {
    }

    /**
     * @param signature what the sweep is (grid and run options): a directory holding another sweep is refused
     * @param progress where the progress line goes, or null for none
     */
    public static Summary run(SweepSpec spec, Path out, String signature, int workers, JobExecutor executor, Cancellation cancellation,
                              PrintStream progress) throws Exception {
        ResultStore store = ResultStore.open(out, signature);
        Set<Integer> done = store.recorded();
        List<SweepJob> jobs = new ArrayList<>();
        for (int i = 0; i < spec.grid().size(); i++) {
            if (!done.contains(i)) {
                jobs.add(new SweepJob(i, spec.grid().values(i)));
            }
        }
        List<SweepResult> cancelled = new ArrayList<>(); // the collector's alone until the pool has ended
        long t0 = System.nanoTime();
        int[] ran = {0};
        try (SweepProgress line = progress == null ? null : new SweepProgress(progress, spec.grid().size(), done.size())) {
            new WorkerPool(workers, executor, cancellation).run(jobs, r -> {
                if (r.status() == SweepResult.Status.CANCELLED) {
                    cancelled.add(r);
                } else {
                    store.record(r);
                    ran[0]++;
                }
                if (line != null) {
                    line.update(r);
                }
            });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<SweepResult> all = new ArrayList<>(store.readAll());
        all.addAll(cancelled);
        all.sort(Comparator.comparingInt(SweepResult::index));
        Path csv = out.resolve("runs.csv"), map = out.resolve("map.png");
        RunsCsv.write(csv, spec.grid(), spec.fields(), all);
        Mosaic.write(map, spec.grid(), spec.mapField(), all);
        int ok = (int) all.stream().filter(r -> r.status() == SweepResult.Status.OK).count();
        int failed = (int) all.stream().filter(r -> r.status() == SweepResult.Status.FAILED).count();
        return new Summary(spec.grid().size(), done.size(), ok, failed, cancelled.size(), ran[0], seconds, csv, map);
    }
}
