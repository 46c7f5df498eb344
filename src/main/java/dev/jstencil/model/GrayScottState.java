package dev.jstencil.model;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import java.lang.foreign.Arena;

/**
 * Two species, two buffers each, in one shared arena (workers on several threads touch them).
 * Buffer {@code parity} holds the current state; a step writes buffer {@code 1 - parity}, and
 * {@link #swap()} flips the parity. Workers derive the parity from the step number, so no shared
 * state changes inside a parallel run.
 *
 * <p>The four buffers start at staggered addresses (multiples of 1 KiB + 64 B apart), so the eight
 * streams of a step do not all map to the same cache sets.
 */
public final class GrayScottState implements AutoCloseable {
    private final Arena arena;
    private final Field2D[] u = new Field2D[2];
    private final Field2D[] v = new Field2D[2];
    private int parity;

    public GrayScottState(Precision precision, int nx, int ny) {
        this.arena = Arena.ofShared();
        try {
            for (int i = 0; i < 2; i++) {
                u[i] = Field2D.allocate(arena, precision, nx, ny, (2L * i) * Field2D.STAGGER_BYTES);
                v[i] = Field2D.allocate(arena, precision, nx, ny, (2L * i + 1) * Field2D.STAGGER_BYTES);
            }
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
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
