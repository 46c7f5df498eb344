package dev.jstencil.workload.mandelbrot;

/** Escape-time iteration of z -> z^2 + c from z = 0, the per-pixel work of the Mandelbrot set. */
public final class Escape {
    /** Iterations past escape before the smooth count is taken: |z| is then large enough that the
     * log-log formula is nearly exact, which removes visible bands from the colouring. */
    static final int EXTRA = 4;

    private Escape() {
    }

    /**
     * The smallest n < maxIter with |z_n| > 2, or maxIter if there is none (c is taken to be in the
     * set). E.g. c = 2+2i gives 1 (z_1 = c), c = 1 gives 3 (0, 1, 2, 5), c = 0 gives maxIter.
     */
    public static int count(double cr, double ci, int maxIter) {
        double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
        int n = 0;
        while (n < maxIter && zr2 + zi2 <= 4.0) {
            zi = 2 * zr * zi + ci;
            zr = zr2 - zi2 + cr;
            zr2 = zr * zr;
            zi2 = zi * zi;
            n++;
        }
        return n; // maxIter also when z_maxIter is the first to escape: it was never tested
    }

    /**
     * Continuous ("smooth") escape count of a point that escaped at {@code count}: n + 1 - log2 ln|z_n|
     * taken EXTRA iterations later. It grows by about one per iteration, like the count, without the
     * count's steps. Recomputing z costs count + EXTRA iterations, small next to the maxIter
     * iterations of every point in the set, and keeps {@link #count} a pure function.
     */
    public static double smooth(double cr, double ci, int count) {
        double zr = 0, zi = 0;
        int n = count + EXTRA;
        for (int i = 0; i < n; i++) {
            double t = zr * zr - zi * zi + cr;
            zi = 2 * zr * zi + ci;
            zr = t;
        }
        double logModulus = 0.5 * Math.log(zr * zr + zi * zi);
        double mu = n + 1 - Math.log(logModulus) / Math.log(2);
        return Double.isFinite(mu) ? mu : count; // |z| overflowed: only for c far outside any sensible view
    }
}
