package dev.jstencil.workload.integrate;

import dev.jstencil.parallel.StepEngine;
import dev.jstencil.workload.Schedule;
import java.util.Objects;

/**
 * Parallel numerical integration whose result does not depend on the thread count or parallel
 * mode: the samples are cut into {@link Chunking fixed chunks}, each chunk's partial sum is computed
 * by the same pure {@link ChunkSum} whoever runs it, and the partials are combined by a
 * {@link PairwiseSum fixed tree} over the chunk index only after all of them exist.
 */
public final class Integrator {
    private final StepEngine engine;
    private final ChunkSum chunkSum;

    public Integrator(StepEngine engine, ChunkSum chunkSum) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.chunkSum = Objects.requireNonNull(chunkSum, "chunkSum");
    }

    public ChunkSum chunkSum() {
        return chunkSum;
    }

    /** The integral, as h times the fixed-order sum of the samples. */
    public double integrate(Problem p) {
        Chunking chunks = Chunking.of(p.n());
        Integrand f = p.f();
        double a = p.a(), h = p.h(), offset = p.rule().offset();
        double[] partial = new double[chunks.count()];
        // Chunks cost the same, so contiguous bands balance by themselves.
        Schedule.STATIC.run(engine, partial.length, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                partial[c] = chunkSum.sum(f, a, h, offset, chunks.from(c), chunks.to(c));
            }
        });
        return PairwiseSum.of(partial) * h;
    }
}
