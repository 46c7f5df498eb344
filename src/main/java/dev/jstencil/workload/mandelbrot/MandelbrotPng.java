package dev.jstencil.workload.mandelbrot;

import dev.jstencil.io.Colormap;
import dev.jstencil.io.PngWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Colours a {@link MandelbrotImage}: points in the set black, the others by the logarithm of their
 * smooth count, stretched over the colour map between the image's own extremes (counts span 1 to
 * maxIter, and most pixels escape within a few iterations, so a linear scale would be one colour).
 */
public final class MandelbrotPng {
    private MandelbrotPng() {
    }

    public static BufferedImage toImage(MandelbrotImage m, Colormap map) {
        int w = m.width(), h = m.height();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!m.inSet(x, y)) {
                    double v = level(m.smooth(x, y));
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double scale = hi > lo ? 1.0 / (hi - lo) : 0.0;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                row[x] = m.inSet(x, y) ? 0x000000 : map.rgb((level(m.smooth(x, y)) - lo) * scale);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    public static void write(Path file, MandelbrotImage m, Colormap map) throws IOException {
        PngWriter.write(file, toImage(m, map));
    }

    private static double level(double smooth) {
        return Math.log1p(Math.max(smooth, 0.0));
    }
}
