package dev.jstencil.workload.integrate;

/**
 * The inner loop: the sum of f(a + (i + offset) h) for i in [from, to). Implementations must be
 * pure functions of their arguments (the same bits whichever thread calls, whenever), so that the
 * parallel result depends on the chunking alone.
 */
public interface ChunkSum {
    double sum(Integrand f, double a, double h, double offset, long from, long to);

    /** The loop used for f, e.g. "scalar" or "vector f64x8". */
    String description(Integrand f);
}
