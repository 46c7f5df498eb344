package dev.jstencil.grid;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A model's fields, two buffers each, in one shared arena (workers on several threads touch them).
 * Buffer {@code parity} holds the current state; a step writes buffer {@code 1 - parity}, and {@link
 * #swap()} flips the parity. Workers derive the parity from the step number, so no shared state
 * changes inside a parallel run.
 *
 * <p>All buffers sit in one block, page-aligned, buffer i (the fields of parity 0, then those of
 * parity 1) at i x (its size rounded up to a page, plus a stagger): the stagger, chosen by {@link
 * BufferPlacement} from the row offsets the stencil reads, keeps the loads of a step clear of 4K
 * aliasing with its recent stores, and one block keeps that placement independent of the allocator.
 * The block's size is checked against the machine's memory before it is allocated.
 */
public final class FieldSet implements AutoCloseable {
    private final Arena arena;
    private final List<String> names;
    private final Field[][] buffers; // [parity][field]
    private final long stagger;
    private int parity;

    /**
     * @param rowShifts the (dy, dz) row offsets, other than (0, 0), at which the kernel reads fields:
     *                  they decide the buffer placement
     */
    public FieldSet(Precision precision, GridShape shape, int ghost, List<String> names, List<int[]> rowShifts) {
        this.names = List.copyOf(names);
        int n = names.size();
        if (n < 1) {
            throw new IllegalArgumentException("a field set needs at least one field");
        }
        long bytes = Field.byteSize(precision, shape, ghost);
        long rowBytes = (long) Field.pitchElements(precision, shape.nx(), ghost) * precision.bytes();
        long planeBytes = rowBytes * (shape.ny() + 2L * ghost);
        long[] offsets = new long[rowShifts.size() + 1];
        for (int i = 0; i < rowShifts.size(); i++) {
            offsets[i + 1] = rowShifts.get(i)[0] * rowBytes + rowShifts.get(i)[1] * planeBytes;
        }
        this.stagger = BufferPlacement.stagger(n, offsets);
        long stride = Math.addExact(roundUp(bytes, BufferPlacement.PAGE), stagger);
        long total = Math.multiplyExact(stride, 2L * n);
        MemoryBudget.require(total, "a " + shape + " " + precision.cliName() + " grid of " + n + " field" + (n == 1 ? "" : "s")
                + " (two buffers each, " + MemoryBudget.bytes(bytes) + " per buffer)");
        this.arena = Arena.ofShared();
        try {
            MemorySegment block;
            try {
                block = arena.allocate(total, BufferPlacement.PAGE);
            } catch (OutOfMemoryError e) {
                throw new IllegalArgumentException("a " + shape + " " + precision.cliName() + " grid of " + n + " fields needs "
                        + MemoryBudget.bytes(total) + ", which could not be allocated: " + e.getMessage());
            }
            buffers = new Field[2][n];
            for (int p = 0; p < 2; p++) {
                for (int f = 0; f < n; f++) {
                    buffers[p][f] = Field.over(block.asSlice((long) (p * n + f) * stride, bytes), precision, shape, ghost);
                }
            }
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static long roundUp(long bytes, long unit) {
        return Math.addExact(bytes, unit - 1) / unit * unit;
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    public Precision precision() {
        return buffers[0][0].precision();
    }

    public GridShape shape() {
        return buffers[0][0].shape();
    }

    /** The stagger between buffers (bytes modulo a page), as {@link BufferPlacement} chose it. */
    public long stagger() {
        return stagger;
    }

    /** The current buffer of field {@code i}. */
    public Field current(int i) {
        return buffers[parity][i];
    }

    /** Buffer {@code p} (0 or 1) of field {@code i}, regardless of which is current. */
    public Field buffer(int p, int i) {
        return buffers[p][i];
    }

    /** Both buffers' fields of parity {@code p}, in field order (the array is shared: do not modify). */
    public Field[] buffers(int p) {
        return buffers[p];
    }

    public int parity() {
        return parity;
    }

    public void swap() {
        parity ^= 1;
    }

    /** Advances the parity by {@code swaps} buffer swaps. */
    public void advance(long swaps) {
        parity ^= (int) (swaps & 1);
    }

    public boolean isAlive() {
        return arena.scope().isAlive();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
