package dev.jstencil.kernel;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import java.util.Optional;

/**
 * One forward-Euler step of a model over a band, bound to a run's values (parameters, dt, h, noise
 * seed): rows [from, to) of a 2D grid or planes [from, to) of a 3D one, from the current fields
 * (their ghost cells filled by the halo step) into the next ones. Every backend evaluates the same
 * lowered formulas ({@link dev.jstencil.codegen.Node}) in the same order, so the results are the
 * same to the bit.
 *
 * <p>An update writes the interior cells of its band in the next fields. It may also write the
 * padding and ghost cells from the band's first interior cell up to the 64-byte boundary after its
 * last one (vector kernels sweep rows as one loop and end on a whole vector), never anything else:
 * those cells are rewritten by the halo step before anyone reads them.
 */
public interface StencilKernel {
    Backend backend();

    Precision precision();

    /** Short description for logs and JSON (e.g. "vector f64 x8 (512-bit)"). */
    String description();

    /**
     * @param cur  the current field of each model field, in model order (one layout)
     * @param next where the step goes
     * @param step the global index of the step being computed (the key of its noise)
     */
    void update(Field[] cur, Field[] next, int from, int to, long step);

    /**
     * The same update of fields that are a block of a bigger grid (one process's part of a distributed run),
     * placed {@code at}: positions and noise are those of the global cells.
     */
    default void update(Field[] cur, Field[] next, int from, int to, long step, Placement at) {
        if (!at.isOrigin() || !at.global().equals(cur[0].shape())) {
            throw new UnsupportedOperationException("kernel " + description() + " cannot step a block of a bigger grid");
        }
        update(cur, next, from, to, step);
    }

    /**
     * The same update one row at a time, for several steps per sweep ({@link WavefrontSweep}; 2D models of
     * radius 1); empty if this kernel only works on whole bands. Usable by one thread at a time.
     */
    default Optional<RowKernel> rowKernel() {
        return Optional.empty();
    }

    /**
     * The same update one plane at a time, for several steps per sweep in 3D ({@link WavefrontSweep}; models of
     * radius 1), for planes laid out like those of {@code layout}; empty if this kernel only works on whole
     * slabs. Usable by one thread at a time.
     */
    default Optional<PlaneKernel> planeKernel(Field layout) {
        return Optional.empty();
    }
}
