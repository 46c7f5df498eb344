package dev.jstencil.grid;

/**
 * Fills the ghost cells that a band's stencil reads: the halo step, run before the kernel at every
 * step. An implementation writes only ghost cells and reads only interior cells, so bands can run
 * their halo steps concurrently without a barrier in between: each band fills the ghost columns of
 * its own rows, and the band holding row 0 (row ny-1) fills ghost row -1 (row ny).
 *
 * <p>Periodic wrap-around is one implementation; fixed-value and zero-flux boundaries, and a
 * distributed run whose top and bottom ghost rows come from neighbouring processes, plug in here.
 */
public interface Boundary {
    /** Fills the ghost cells read by the 5-point stencil on rows [y0, y1) of {@code field}. */
    void fillHalo(Field2D field, int y0, int y1);

    /** Fills the whole ghost ring. */
    default void fillHalo(Field2D field) {
        fillHalo(field, 0, field.ny());
    }

    /** Name shown in CLI output and errors. */
    String name();
}
