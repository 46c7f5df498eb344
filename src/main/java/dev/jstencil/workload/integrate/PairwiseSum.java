package dev.jstencil.workload.integrate;

/**
 * Sums an array by recursive halving over the index range: a fixed tree, so the rounding (and the
 * result, to the bit) depends only on the values and their order; the error grows with log n
 * rather than n.
 */
final class PairwiseSum {
    private PairwiseSum() {
    }

    static double of(double[] values) {
        return values.length == 0 ? 0.0 : of(values, 0, values.length);
    }

    private static double of(double[] v, int from, int to) {
        if (to - from == 1) {
            return v[from];
        }
        int mid = (from + to) >>> 1;
        return of(v, from, mid) + of(v, mid, to);
    }
}
