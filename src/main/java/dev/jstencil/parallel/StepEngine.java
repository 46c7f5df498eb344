package dev.jstencil.parallel;

import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code steps} steps of a {@link BandTask} over the bands of a row range, in one of the
 * {@link ParallelMode}s.
 *
 * <p>Persistent teams (platform, virtual) are created once per run: each worker loops
 * "task on my band, barrier" for every step. A worker that throws records the first failure and
 * breaks the barrier, which releases every other worker; the caller joins all of them and then
 * throws a {@link StepFailedException} carrying the cause, step and band. Cancellation (the
 * {@link RunControl} or an interrupt of the calling thread) is sampled by the barrier's last arriver,
 * so the whole team stops after the same step. No thread outlives {@link #run}.
 */
public final class StepEngine {
    /** Prefix of every thread the engine starts (tests use it to prove none is left behind). */
    public static final String THREAD_PREFIX = "jstencil-";
    /** Fork/join splits into this many bands per thread, so stealing has something to balance. */
    static final int FORKJOIN_BANDS_PER_THREAD = 4;

    private final ParallelMode mode;
    private final int threads;
    private final BarrierKind barrierKind;

    public StepEngine(ParallelMode mode, int threads, BarrierKind barrierKind) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.barrierKind = Objects.requireNonNull(barrierKind, "barrier");
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + " must be >= 1");
        }
        this.threads = threads;
    }

    public ParallelMode mode() {
        return mode;
    }

    public int threads() {
        return threads;
    }

    public BarrierKind barrierKind() {
        return barrierKind;
    }

    /**
     * Runs the steps. Returns normally when all steps are done or the run was cancelled (the outcome
     * says which); throws {@link StepFailedException} if any band failed. If the calling thread is
     * interrupted, the run is cancelled at the next step boundary and the interrupt status is kept.
     */
    public RunOutcome run(int rows, long steps, BandTask task, RunControl control) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(control, "control");
        if (steps < 0) {
            throw new IllegalArgumentException("steps = " + steps + " must be >= 0");
        }
        control.reset();
        if (steps == 0) {
            return new RunOutcome(0, false);
        }
        List<Band> bands = bands(rows);
        return switch (mode) {
            case SERIAL -> runSerial(bands, steps, task, control);
            case PLATFORM -> runTeam(Thread.ofPlatform().name(THREAD_PREFIX + "platform-", 0).factory(), bands, steps, task, control);
            case VIRTUAL -> runTeam(Thread.ofVirtual().name(THREAD_PREFIX + "virtual-", 0).factory(), bands, steps, task, control);
            case FORKJOIN -> runForkJoin(bands, steps, task, control);
        };
    }

    /** The bands {@link #run} splits {@code rows} into: one per thread, or several per thread for fork/join. */
    public List<Band> bands(int rows) {
        return Partitioner.split(rows, mode == ParallelMode.FORKJOIN ? threads * FORKJOIN_BANDS_PER_THREAD : threads);
    }

    private static boolean shouldStop(RunControl control) {
        if (Thread.currentThread().isInterrupted()) {
            control.cancel();
        }
        return control.isCancelRequested();
    }

    private static RunOutcome runSerial(List<Band> bands, long steps, BandTask task, RunControl control) {
        for (long s = 0; s < steps; s++) {
            for (Band band : bands) {
                try {
                    task.run(s, band);
                } catch (Throwable t) {
                    throw new StepFailedException(s, band, t);
                }
            }
            control.stepCompleted();
            if (s + 1 < steps && shouldStop(control)) {
                return new RunOutcome(s + 1, true);
            }
        }
        return new RunOutcome(steps, false);
    }

    private RunOutcome runTeam(java.util.concurrent.ThreadFactory factory, List<Band> bands, long steps,
                               BandTask task, RunControl control) {
        int n = bands.size();
        AtomicReference<StepFailedException> failure = new AtomicReference<>();
        // Trip action: runs on the last arriver of each step, while everyone else waits.
        StepBarrier barrier = barrierKind.create(n, () -> {
            control.stepCompleted();
            return !control.isCancelRequested();
        });
        Thread[] team = new Thread[n];
        try {
            for (int i = 0; i < n; i++) {
                final int party = i;
                final Band band = bands.get(i);
                team[i] = factory.newThread(() -> work(party, band, steps, task, barrier, failure));
                team[i].start();
            }
        } catch (Throwable startFailure) { // e.g. out of threads: release those already started
            barrier.breakBarrier();
            joinAll(team, control);
            throw startFailure;
        }
        boolean interrupted = joinAll(team, control);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        StepFailedException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
        long done = control.completedSteps();
        return new RunOutcome(done, done < steps);
    }

    private static void work(int party, Band band, long steps, BandTask task, StepBarrier barrier,
                             AtomicReference<StepFailedException> failure) {
        for (long s = 0; s < steps; s++) {
            try {
                task.run(s, band);
            } catch (Throwable t) {
                failure.compareAndSet(null, new StepFailedException(s, band, t));
                barrier.breakBarrier();
                return;
            }
            if (!barrier.await(party)) {
                return;
            }
        }
    }

    /** Joins every started thread; an interrupt of the caller turns into a cancel request. */
    private static boolean joinAll(Thread[] team, RunControl control) {
        boolean interrupted = false;
        for (Thread t : team) {
            if (t == null) {
                continue;
            }
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    control.cancel();
                }
            }
        }
        return interrupted;
    }

    /**
     * The step loop runs as one task inside the pool, forking each step's bands from a worker: a
     * loop driven from outside (one {@code pool.invoke} per step) left every worker parking and
     * waking once per step, which halved throughput at 512x512. The caller waits on the driver's
     * future, interruptibly, so an interrupt still becomes a cancel request.
     */
    private RunOutcome runForkJoin(List<Band> bands, long steps, BandTask task, RunControl control) {
        // Every worker the pool creates is recorded and joined at the end: on JDK 25, after a failed
        // run, awaitTermination was seen waiting forever with no worker left alive, so the pool's own
        // termination signal is not what we rely on for "no thread outlives run()".
        Queue<Thread> workers = new ConcurrentLinkedQueue<>();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName(THREAD_PREFIX + "forkjoin-" + workers.size());
            workers.add(t);
            return t;
        };
        AtomicReference<StepFailedException> failure = new AtomicReference<>();
        boolean interrupted = false;
        ForkJoinPool pool = new ForkJoinPool(threads, factory, null, false);
        try {
            ForkJoinTask<RunOutcome> driver = pool.submit(() -> {
                for (long s = 0; s < steps; s++) {
                    new BandRange(bands, 0, bands.size(), s, task, failure).invoke();
                    control.stepCompleted();
                    if (s + 1 < steps && control.isCancelRequested()) {
                        return new RunOutcome(s + 1, true);
                    }
                }
                return new RunOutcome(steps, false);
            });
            while (true) {
                try {
                    return driver.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    control.cancel(); // the driver stops at the next step boundary
                } catch (ExecutionException e) {
                    StepFailedException recorded = failure.get();
                    if (recorded != null) {
                        throw recorded; // ForkJoinTask may rethrow a copy; ours has the band and step
                    }
                    throw new IllegalStateException("fork/join step driver failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow(); // idle workers exit; running ones finish their band first
            interrupted |= Thread.interrupted(); // a pending interrupt would make join throw at once
            interrupted |= joinAll(workers.toArray(Thread[]::new), control);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Rayon-style recursive halving of the band list; leaves run one band each. */
    private static final class BandRange extends RecursiveAction {
        private final List<Band> bands;
        private final int from, to;
        private final long step;
        private final BandTask task;
        private final AtomicReference<StepFailedException> failure;

        BandRange(List<Band> bands, int from, int to, long step, BandTask task, AtomicReference<StepFailedException> failure) {
            this.bands = bands;
            this.from = from;
            this.to = to;
            this.step = step;
            this.task = task;
            this.failure = failure;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                Band band = bands.get(from);
                try {
                    task.run(step, band);
                } catch (Throwable t) {
                    StepFailedException f = new StepFailedException(step, band, t);
                    failure.compareAndSet(null, f);
                    throw f;
                }
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new BandRange(bands, from, mid, step, task, failure), new BandRange(bands, mid, to, step, task, failure));
        }
    }
}
