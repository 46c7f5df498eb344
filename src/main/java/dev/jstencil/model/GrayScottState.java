package dev.jstencil.model;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Two species, two buffers each, in one shared arena (workers on several threads touch them).
 * Buffer {@code parity} holds the current state; a step writes buffer {@code 1 - parity}, and
 * {@link #swap()} flips the parity. Workers derive the parity from the step number, so no shared
 * state changes inside a parallel run.
 *
 * <p>The four buffers sit in one block, page-aligned, buffer i at i x (its size rounded up to a
 * page, plus a stagger): the stagger, chosen by {@link BufferPlacement} from the row pitch, keeps the
 * loads of a step clear of 4K aliasing with its recent stores, and one block keeps that placement
 * independent of the allocator.
 */
public final class GrayScottState implements AutoCloseable {
    private final Arena arena;
    private final Field2D[] u = new Field2D[2];
    private final Field2D[] v = new Field2D[2];
    private int parity;

    public GrayScottState(Precision precision, int nx, int ny) {
        long bytes = Field2D.byteSize(precision, nx, ny); // also rejects a bad shape before anything is allocated
        long stagger = BufferPlacement.stagger((long) Field2D.pitchElements(precision, nx) * precision.bytes());
        long stride = Math.addExact(roundUp(bytes, BufferPlacement.PAGE), stagger);
        this.arena = Arena.ofShared();
        try {
            MemorySegment block = arena.allocate(Math.multiplyExact(stride, 4), BufferPlacement.PAGE);
            for (int i = 0; i < 2; i++) {
                u[i] = Field2D.over(block.asSlice(2 * i * stride, bytes), precision, nx, ny);
                v[i] = Field2D.over(block.asSlice((2 * i + 1) * stride, bytes), precision, nx, ny);
            }
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static long roundUp(long bytes, long unit) {
        return Math.addExact(bytes, unit - 1) / unit * unit;
    }

    public void initialize(InitialCondition init) {
        init.apply(u[parity], v[parity]);
    }

    public Precision precision() {
        return u[0].precision();
    }

    public int nx() {
        return u[0].nx();
    }

    public int ny() {
        return u[0].ny();
    }

    /** Current u. */
    public Field2D u() {
        return u[parity];
    }

    /** Current v. */
    public Field2D v() {
        return v[parity];
    }

    /** Buffer {@code index} (0 or 1) of u, regardless of which is current. */
    public Field2D u(int index) {
        return u[index];
    }

    public Field2D v(int index) {
        return v[index];
    }

    public int parity() {
        return parity;
    }

    public void swap() {
        parity ^= 1;
    }

    /** Advances the parity by {@code swaps} buffer swaps (one per step, or per pair of steps in one sweep). */
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
