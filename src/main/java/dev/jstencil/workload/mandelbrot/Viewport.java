package dev.jstencil.workload.mandelbrot;

/**
 * Maps pixels to points c of the complex plane: square pixels of side {@code scale}, the image
 * centred on (centreRe, centreIm), row 0 at the top, each pixel sampled at its centre.
 *
 * <p>Offsets from the centre are multiples of 0.5 pixel, exact in double, so with the centre on the
 * real axis row y and row height-1-y get exactly conjugate c (the set is symmetric, and so is the
 * picture, to the bit).
 */
public record Viewport(int width, int height, double centreRe, double centreIm, double scale) {
    /** The box that holds the whole set: re in [-2.5, 1], im in [-1.25, 1.25]. */
    static final double FULL_RE_MIN = -2.5, FULL_RE_MAX = 1.0, FULL_IM_HALF = 1.25;

    public Viewport {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " is not allowed: each side must be >= 1");
        }
        if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(centreRe) || !Double.isFinite(centreIm)) {
            throw new IllegalArgumentException("viewport centre (" + centreRe + ", " + centreIm + ") / scale " + scale
                    + " is not allowed: use finite numbers, scale > 0");
        }
    }

    /** The whole set, fitted into the image whatever its aspect ratio. */
    public static Viewport fullSet(int width, int height) {
        double scale = Math.max((FULL_RE_MAX - FULL_RE_MIN) / width, 2 * FULL_IM_HALF / height);
        return new Viewport(width, height, (FULL_RE_MIN + FULL_RE_MAX) / 2, 0.0, scale);
    }

    public double re(int x) {
        return centreRe + (x + 0.5 - width / 2.0) * scale;
    }

    public double im(int y) {
        return centreIm + (height / 2.0 - y - 0.5) * scale;
    }
}
