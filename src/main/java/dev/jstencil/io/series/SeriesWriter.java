package dev.jstencil.io.series;

import dev.jstencil.grid.Field;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes snapshots in the background: {@link #submit} (on the stepping thread) copies the fields into
 * a snapshot from the pool and queues it; one platform thread takes snapshots from the bounded queue
 * in order and writes each in every format, then returns it to the pool. When every snapshot is
 * queued or being written, {@link #submit} waits for the writer (back-pressure): no snapshot is ever
 * dropped. {@link #close} writes everything still queued, stops the thread and frees the pool.
 *
 * <p>The first failure of the writer (a file it cannot write) stops the writing: later snapshots are
 * discarded, {@code onFailure} is called on the writer thread (to cancel the run), and the next
 * {@link #submit} or {@link #close} throws it, naming the file. Files written before stay complete.
 * Only one thread may call {@link #submit} and {@link #close}.
 */
public final class SeriesWriter implements AutoCloseable {
    private static final long POLL_MILLIS = 50;

    private final Snapshot end = new Snapshot(List.of(), List.of());
    private final SnapshotPool pool;
    private final List<SnapshotFormat> formats;
    private final Runnable onFailure;
    private final BlockingQueue<Snapshot> queue;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private volatile IOException failure;
    private boolean failureThrown;
    private boolean closed;
    private volatile long submitted; // read by a progress line's thread
    private long waitedNanos;

    /**
     * Starts the writer thread. The writer owns {@code pool} from now on and frees it on {@link #close}.
     * {@code onFailure} runs once, on the writer thread, at its first failure (it may be a no-op).
     */
    public SeriesWriter(SnapshotPool pool, List<SnapshotFormat> formats, Runnable onFailure) {
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one format: " + SnapshotFormat.NAMES);
        }
        this.pool = pool;
        this.formats = List.copyOf(formats);
        this.onFailure = onFailure;
        this.queue = new ArrayBlockingQueue<>(pool.count() + 1); // every snapshot and the end mark: adding never blocks
        this.thread = Thread.ofPlatform().name("jstencil-series-writer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    /**
     * Copies {@code fields} (laid out like the pool's) as the snapshot of {@code step} at {@code time}
     * and queues it; waits while the writer holds every snapshot of the pool. The fields may change as
     * soon as this returns.
     *
     * @throws IOException the writer's first failure, naming the file it could not write
     */
    public void submit(long step, double time, List<Field> fields) throws IOException {
        if (closed) {
            throw new IllegalStateException("this series writer is closed");
        }
        throwFailure();
        long t0 = System.nanoTime();
        Snapshot s;
        try {
            while ((s = pool.poll(POLL_MILLIS)) == null) {
                if (!thread.isAlive()) {
                    throwFailure();
                    throw new IOException("the output series writer stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the output series writer");
        } finally {
            waitedNanos += System.nanoTime() - t0;
        }
        try {
            throwFailure();
            s.copyFrom(step, time, fields);
        } catch (IOException | RuntimeException e) {
            pool.release(s);
            throw e;
        }
        queue.add(s);
        submitted++;
    }

    /** Snapshots submitted so far. */
    public long submitted() {
        return submitted;
    }

    /** Snapshots written completely in every format so far. */
    public long written() {
        return written.get();
    }

    /** Seconds {@link #submit} spent waiting for a free snapshot (the cost of back-pressure). */
    public double waitedSeconds() {
        return waitedNanos / 1e9;
    }

    /** Snapshots the pool holds: how many may be queued or in writing at once. */
    public int capacity() {
        return pool.count();
    }

    /**
     * Writes every queued snapshot, stops the writer thread and frees the pool; idempotent.
     *
     * @throws IOException the writer's first failure, unless {@link #submit} threw it already
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(end);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the queued snapshots are still written: the run's output is not lost
            }
        }
        pool.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        throwFailure();
    }

    private void throwFailure() throws IOException {
        IOException f = failure;
        if (f != null && !failureThrown) {
            failureThrown = true;
            throw new IOException(f.getMessage(), f);
        }
    }

    private void loop() {
        while (true) {
            Snapshot s;
            try {
                s = queue.take();
            } catch (InterruptedException e) {
                fail(new IOException("the output series writer was interrupted"));
                return;
            }
            if (s == end) {
                return;
            }
            try {
                if (failure == null) {
                    for (SnapshotFormat f : formats) {
                        f.write(s);
                    }
                    written.incrementAndGet();
                }
            } catch (IOException e) {
                fail(e);
            } catch (RuntimeException | Error e) {
                fail(new IOException("the output series writer failed at step " + s.step() + ": " + e, e));
            } finally {
                pool.release(s);
            }
        }
    }

    private void fail(IOException e) {
        if (failure != null) {
            return;
        }
        failure = e;
        try {
            onFailure.run();
        } catch (RuntimeException ignored) {
            // the failure is reported to the stepping thread all the same
        }
    }
}
