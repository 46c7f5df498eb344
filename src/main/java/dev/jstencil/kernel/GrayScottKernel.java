package dev.jstencil.kernel;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.GrayScottParams;
import java.util.Optional;

/**
 * One forward-Euler Gray-Scott update of the rows [y0, y1) of the next state from the current one.
 * The ghost cells of the current fields around those rows must be filled (the halo step). All four
 * fields share one layout ({@link Field2D#sameLayout}); the caller checks that once per run, not
 * per call.
 *
 * <p>An update writes the interior cells of rows [y0, y1) of the next fields. It may also write the
 * ghost and padding cells lying between the first and the last of those interior cells (the vector
 * kernels sweep a band as one loop), never anything outside that span: those cells are rewritten
 * by the halo step before anyone reads them.
 *
 * <p>Every implementation evaluates, per cell and in this order (so results are comparable and
 * mirror symmetry is exact: swapping west/east or north/south only swaps operands of a sum):
 * <pre>
 *   lap  = ((n + s) + (w + e) - 4*c) * invH2          invH2 = 1/h^2
 *   uvv  = u*v*v
 *   u'   = u + dt * ((Du*lapU - uvv) + F*(1 - u))
 *   v'   = v + dt * ((Dv*lapV + uvv) - (F+k)*v)
 * </pre>
 */
public interface GrayScottKernel {
    Backend backend();

    Precision precision();

    /** Short description for logs and JSON (e.g. "vector f64 x8"). */
    String description();

    void update(Field2D u, Field2D v, Field2D uNext, Field2D vNext, GrayScottParams p, int y0, int y1);

    /**
     * The same update one row at a time, for {@link TwoStepSweep}; empty if this kernel only works on
     * whole bands (then runs take one step per sweep). The returned kernel is for these parameters
     * and may be used by one thread at a time.
     */
    default Optional<RowKernel> rowKernel(GrayScottParams p) {
        return Optional.empty();
    }
}
