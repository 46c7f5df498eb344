package dev.jstencil.workload.integrate.vector;

import dev.jstencil.workload.integrate.ChunkSum;
import dev.jstencil.workload.integrate.Integrand;
import dev.jstencil.workload.integrate.ScalarChunkSum;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loop on {@code DoubleVector}: one vector of consecutive samples per iteration, one
 * accumulator per lane. Loaded reflectively by {@code ChunkSums}, so nothing outside this package
 * links against {@code jdk.incubator.vector}.
 *
 * <p>The result must be the same bits whether this code runs interpreted or compiled (chunks run on
 * whichever thread, at whichever moment of the JIT's life). Hence:
 * <ul>
 *   <li>Only add, mul, div and sqrt, which are correctly rounded in the Java fallback and in SIMD
 *       alike. sin, cos and exp go to the scalar loop: compiled vector code calls SVML for them and
 *       the fallback calls {@link Math}, which may differ in the last bit.</li>
 *   <li>No {@code reduceLanes(ADD)}: its order is unspecified (C2 may use a tree, the fallback
 *       goes in lane order). The lanes are stored and added in lane order.</li>
 *   <li>Sample positions are computed as in the scalar loop, (i + offset) * h + a with i exact in
 *       double, so both loops see the very same x; they differ only in the order of the sum.</li>
 * </ul>
 */
public final class VectorChunkSum implements ChunkSum {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0);
    private static final DoubleVector FOUR = DoubleVector.broadcast(SPECIES, 4.0);
    private static final DoubleVector IOTA = DoubleVector.fromArray(SPECIES, iota(), 0);

    private final ScalarChunkSum scalar = new ScalarChunkSum();

    private static double[] iota() {
        double[] lanes = new double[LANES];
        for (int k = 0; k < LANES; k++) {
            lanes[k] = k;
        }
        return lanes;
    }

    @Override
    public double sum(Integrand f, double a, double h, double offset, long from, long to) {
        if (!vectorizable(f)) {
            return scalar.sum(f, a, h, offset, from, to);
        }
        // Chunks are at most 2^30 points (Chunking), so an int loop counter suffices; C2 optimises
        // int-counted loops best.
        final int vectorCount = (int) ((to - from) / LANES) * LANES;
        final DoubleVector va = DoubleVector.broadcast(SPECIES, a);
        final DoubleVector vh = DoubleVector.broadcast(SPECIES, h);
        final DoubleVector vOffset = DoubleVector.broadcast(SPECIES, offset);
        final DoubleVector stride = DoubleVector.broadcast(SPECIES, LANES);
        DoubleVector index = DoubleVector.broadcast(SPECIES, (double) from).add(IOTA);
        DoubleVector acc = DoubleVector.zero(SPECIES);
        for (int k = 0; k < vectorCount; k += LANES) {
            DoubleVector x = index.add(vOffset).mul(vh).add(va);
            acc = acc.add(apply(f, x));
            index = index.add(stride);
        }
        double[] lanes = new double[LANES];
        acc.intoArray(lanes, 0);
        double s = 0;
        for (double lane : lanes) {
            s += lane;
        }
        return s + scalar.sum(f, a, h, offset, from + vectorCount, to);
    }

    private static boolean vectorizable(Integrand f) {
        return switch (f) {
            case X2, X3, INVERSE, SQRT, FOUR_OVER_ONE_PLUS_X2 -> true;
            case SIN, COS, EXP -> false;
        };
    }

    /** Same operations, in the same order, as {@link Integrand#at}. */
    private static DoubleVector apply(Integrand f, DoubleVector x) {
        return switch (f) {
            case X2 -> x.mul(x);
            case X3 -> x.mul(x).mul(x);
            case INVERSE -> ONE.div(x);
            case SQRT -> x.sqrt();
            case FOUR_OVER_ONE_PLUS_X2 -> FOUR.div(ONE.add(x.mul(x)));
            case SIN, COS, EXP -> throw new IllegalArgumentException(f.cliName() + " is not vectorised here");
        };
    }

    @Override
    public String description(Integrand f) {
        return vectorizable(f) ? "vector f64x" + LANES : "scalar (" + f.cliName() + " is not vectorised)";
    }
}
