package dev.jstencil.workload.integrate;

/** The reference inner loop: one sample at a time, summed in index order. */
public final class ScalarChunkSum implements ChunkSum {
    @Override
    public double sum(Integrand f, double a, double h, double offset, long from, long to) {
        double s = 0;
        for (long i = from; i < to; i++) {
            s += f.at(a + ((double) i + offset) * h);
        }
        return s;
    }

    @Override
    public String description(Integrand f) {
        return "scalar";
    }
}
