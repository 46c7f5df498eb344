package dev.jstencil.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Platform worker threads fed from a bounded job queue (two jobs per worker: the next job is always at hand,
 * and a cancelled sweep has few queued ones to drop); each result goes through a result queue to one collector
 * thread, the only one that records results, so records never interleave.
 */
public final class WorkerPool {
    /** Records one result; runs on the collector thread only. */
    @FunctionalInterface
    public interface Collector {
        void accept(SweepResult result) throws Exception;
    }

    private static final SweepJob NO_MORE_JOBS = new SweepJob(-1, new double[0]);
    private static final SweepResult NO_MORE_RESULTS = SweepResult.cancelled(NO_MORE_JOBS, 0, 0);

    private final int workers;
    private final JobExecutor executor;
    private final Cancellation cancellation;

    public WorkerPool(int workers, JobExecutor executor, Cancellation cancellation) {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers " + workers + " is not allowed: use 1 or more");
        }
        this.workers = workers;
        this.executor = executor;
        this.cancellation = cancellation;
    }

    /**
     * Runs {@code jobs} (until cancelled: jobs not started by then are dropped) and hands every result to
     * {@code collector}. If the collector fails (a full disk), the sweep is cancelled and its exception thrown here.
     */
    public void run(List<SweepJob> jobs, Collector collector) throws Exception {
        BlockingQueue<SweepJob> queue = new ArrayBlockingQueue<>(2 * workers);
        BlockingQueue<SweepResult> results = new LinkedBlockingQueue<>();
        AtomicReference<Exception> collectorFailure = new AtomicReference<>();
        Thread collecting = Thread.ofPlatform().name("jstencil-sweep-collector").start(() -> {
            while (true) {
                SweepResult r = take(results);
                if (r == NO_MORE_RESULTS) {
                    return;
                }
                if (collectorFailure.get() == null) {
                    try {
                        collector.accept(r);
                    } catch (Exception e) {
                        collectorFailure.set(e);
                        cancellation.cancel();
                    }
                }
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofPlatform().name("jstencil-sweep-worker-" + i).start(() -> {
                for (SweepJob job = take(queue); job != NO_MORE_JOBS; job = take(queue)) {
                    if (!cancellation.requested()) {
                        SweepResult r;
                        try {
                            r = executor.execute(job, cancellation);
                        } catch (RuntimeException | Error e) { // an executor's own bug must not stop the pool
                            r = SweepResult.failed(job, 0, 0, JobRunner.describe(e));
                        }
                        results.add(r);
                    }
                }
            }));
        }
        try {
            for (SweepJob job : jobs) {
                if (cancellation.requested()) {
                    break;
                }
                queue.put(job);
            }
        } finally {
            for (int i = 0; i < workers; i++) {
                queue.put(NO_MORE_JOBS);
            }
            for (Thread t : threads) {
                t.join();
            }
            results.add(NO_MORE_RESULTS);
            collecting.join();
        }
        if (collectorFailure.get() != null) {
            throw collectorFailure.get();
        }
    }

    private static <T> T take(BlockingQueue<T> q) {
        while (true) {
            try {
                return q.take();
            } catch (InterruptedException e) {
                // workers end on the poison pill only, so that every started job is recorded
            }
        }
    }
}
