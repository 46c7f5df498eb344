package dev.jstencil.io;

import dev.jstencil.grid.Field;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Renders a field as a PNG, one pixel per cell, row 0 at the top, linear from min to max: a 2D field
 * whole, a 3D field one z slice.
 */
public final class PngWriter {
    private PngWriter() {
    }

    /** Value range of slice z of a field's interior: {min, max}. */
    public static double[] range(Field field, int z) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < field.ny(); y++) {
            for (int x = 0; x < field.nx(); x++) {
                double v = field.get(x, y, z);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new double[] {min, max};
    }

    /** A 2D field, or the middle z slice (nz/2) of a 3D one. */
    public static void write(Path file, Field field, Colormap map) throws IOException {
        write(file, field, field.nz() / 2, map);
    }

    /** Slice z of a field (z = 0 for a 2D field). */
    public static void write(Path file, Field field, int z, Colormap map) throws IOException {
        write(file, image(field, z, map));
    }

    /** Slice z of a field as a picture, linear from the slice's min to its max. */
    public static BufferedImage image(Field field, int z, Colormap map) {
        double[] r = range(field, z);
        double scale = r[1] > r[0] ? 1.0 / (r[1] - r[0]) : 0.0;
        BufferedImage img = new BufferedImage(field.nx(), field.ny(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[field.nx()];
        for (int y = 0; y < field.ny(); y++) {
            for (int x = 0; x < field.nx(); x++) {
                row[x] = map.rgb((field.get(x, y, z) - r[0]) * scale);
            }
            img.setRGB(0, y, field.nx(), 1, row, 0, field.nx());
        }
        return img;
    }

    public static void write(Path file, BufferedImage img) throws IOException {
        AtomicFile.write(file, tmp -> {
            // Our own file stream: given a File, ImageIO prints the stack trace of a file it cannot open before failing;
            // given an OutputStream, it caches through a temporary file whose closer is a shutdown hook, which fails
            // while the JVM shuts down (Ctrl-C writes the last outputs then).
            try (javax.imageio.stream.ImageOutputStream out = new javax.imageio.stream.FileImageOutputStream(tmp.toFile())) {
                if (!ImageIO.write(img, "png", out)) {
                    throw new IOException("no PNG writer in this JVM");
                }
            }
        });
    }
}
