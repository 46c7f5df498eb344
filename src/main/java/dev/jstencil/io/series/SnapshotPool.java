package dev.jstencil.io.series;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.MemoryBudget;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of off-heap snapshots of the same fields, allocated once in one shared arena and
 * reused: {@link #poll} hands out a free one, {@link #release} returns it. The number of snapshots
 * bounds how far the writer may fall behind the computation.
 */
public final class SnapshotPool implements AutoCloseable {
    /** Snapshots a series keeps by default: one being written, one queued, one being filled. */
    public static final int DEFAULT_SNAPSHOTS = 3;

    private final Arena arena;
    private final int count;
    private final BlockingQueue<Snapshot> free;

    /**
     * {@code count} snapshots of fields laid out like {@code templates} (the values are not copied
     * here). Refuses, naming the sizes, memory the machine does not have.
     */
    public SnapshotPool(List<String> names, List<Field> templates, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a snapshot pool needs at least 1 snapshot, not " + count);
        }
        if (names.size() != templates.size() || templates.isEmpty()) {
            throw new IllegalArgumentException("a snapshot needs one name per field and at least one field: " + names);
        }
        MemoryBudget.require(bytes(templates, count), "the output series (" + count + " snapshots of " + names + ")");
        this.count = count;
        this.free = new ArrayBlockingQueue<>(count);
        this.arena = Arena.ofShared();
        try {
            for (int i = 0; i < count; i++) {
                List<Field> copies = new ArrayList<>();
                for (Field t : templates) {
                    copies.add(Field.allocate(arena, t.precision(), t.shape(), t.ghost(), 0));
                }
                free.add(new Snapshot(names, copies));
            }
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** Bytes of {@code count} snapshots of these fields. */
    public static long bytes(List<Field> templates, int count) {
        long one = 0;
        for (Field t : templates) {
            one = Math.addExact(one, t.segment().byteSize());
        }
        return Math.multiplyExact(one, count);
    }

    /**
     * {@link #DEFAULT_SNAPSHOTS}, or 2 where that many would take more than half the memory available
     * (2 still lets the computation fill one while the other is written).
     */
    public static int suggestedCount(List<Field> templates) {
        long available = MemoryBudget.available().orElse(Long.MAX_VALUE);
        return bytes(templates, DEFAULT_SNAPSHOTS) <= available / 2 ? DEFAULT_SNAPSHOTS : 2;
    }

    public int count() {
        return count;
    }

    /** A free snapshot, waiting up to {@code millis}; null if none became free in time. */
    Snapshot poll(long millis) throws InterruptedException {
        return free.poll(millis, TimeUnit.MILLISECONDS);
    }

    void release(Snapshot s) {
        if (!free.offer(s)) {
            throw new IllegalStateException("snapshot released twice");
        }
    }

    /** Snapshots not handed out. */
    int free() {
        return free.size();
    }

    /** Frees the memory; no snapshot of this pool may be used afterwards. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
