package dev.jstencil.io;

/**
 * Perceptually uniform colour maps as smooth polynomial fits (so no 256-entry tables in the
 * source): viridis, fitted by Matt Zucker to matplotlib's table, within about 1% everywhere.
 */
public enum Colormap {
    VIRIDIS(new double[][] {
            {0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
            {0.1050930431085774, 1.404613529898575, 1.384590162594685},
            {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
            {-4.634230498983486, -5.799100973351585, -19.33244095627987},
            {6.228269936347081, 14.17993336680509, 56.69055260068105},
            {4.776384997670288, -13.74514537774601, -65.35303263337234},
            {-5.435455855934631, 4.645852612178535, 26.3124352495832}});

    private final double[][] coefficients;
    private final int[] lut = new int[256];

    Colormap(double[][] coefficients) {
        this.coefficients = coefficients;
        for (int i = 0; i < lut.length; i++) {
            lut[i] = evaluate(i / 255.0);
        }
    }

    private int evaluate(double t) {
        int rgb = 0;
        for (int channel = 0; channel < 3; channel++) {
            double c = 0;
            for (int i = coefficients.length - 1; i >= 0; i--) {
                c = c * t + coefficients[i][channel];
            }
            int level = (int) Math.round(Math.clamp(c, 0.0, 1.0) * 255);
            rgb = (rgb << 8) | level;
        }
        return rgb;
    }

    /** 0xRRGGBB for t in [0, 1] (clamped; NaN maps to 0). */
    public int rgb(double t) {
        if (!(t > 0)) {
            return lut[0];
        }
        return lut[(int) Math.round(Math.min(t, 1.0) * 255)];
    }
}
