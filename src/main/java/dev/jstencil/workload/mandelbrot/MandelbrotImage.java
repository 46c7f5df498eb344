package dev.jstencil.workload.mandelbrot;

import java.util.Arrays;

/**
 * Escape counts and smooth counts of every pixel of a {@link Viewport}. Rows are rendered
 * independently (disjoint rows may be rendered by different threads), and each pixel's values depend
 * only on its c and maxIter, so the result cannot depend on who rendered which row.
 */
public final class MandelbrotImage {
    private final Viewport view;
    private final int maxIter;
    private final int[] counts;
    private final double[] smooth;

    MandelbrotImage(Viewport view, int maxIter) {
        if (maxIter < 1) {
            throw new IllegalArgumentException("max-iter " + maxIter + " is not allowed: use >= 1");
        }
        this.view = view;
        this.maxIter = maxIter;
        this.counts = new int[Math.multiplyExact(view.width(), view.height())];
        this.smooth = new double[counts.length];
    }

    /** Renders rows [y0, y1). */
    void renderRows(int y0, int y1) {
        int w = view.width();
        for (int y = y0; y < y1; y++) {
            double ci = view.im(y);
            for (int x = 0, i = y * w; x < w; x++, i++) {
                double cr = view.re(x);
                int n = Escape.count(cr, ci, maxIter);
                counts[i] = n;
                smooth[i] = n == maxIter ? Double.NaN : Escape.smooth(cr, ci, n);
            }
        }
    }

    public Viewport view() {
        return view;
    }

    public int maxIter() {
        return maxIter;
    }

    public int width() {
        return view.width();
    }

    public int height() {
        return view.height();
    }

    public int count(int x, int y) {
        return counts[y * view.width() + x];
    }

    /** Smooth escape count; NaN for points in the set. */
    public double smooth(int x, int y) {
        return smooth[y * view.width() + x];
    }

    public boolean inSet(int x, int y) {
        return count(x, y) == maxIter;
    }

    /** A copy of the escape counts, row-major. */
    public int[] counts() {
        return counts.clone();
    }

    public double inSetFraction() {
        return (double) Arrays.stream(counts).filter(n -> n == maxIter).count() / counts.length;
    }

    /** Same viewport, maxIter, counts and (bitwise) smooth counts. */
    public boolean sameAs(MandelbrotImage other) {
        return view.equals(other.view) && maxIter == other.maxIter
                && Arrays.equals(counts, other.counts) && Arrays.equals(smooth, other.smooth);
    }
}
