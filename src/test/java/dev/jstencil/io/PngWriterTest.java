package dev.jstencil.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.testutil.Grids;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PngWriterTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Precision.class)
    void writesAPngOfTheFieldsSizeWithMinAndMaxCellsDistinct(Precision p) throws IOException {
        int nx = 37, ny = 23;
        double[] values = Grids.random(4, nx * ny, 0.1, 0.3);
        int minAt = 5 * nx + 30, maxAt = 17 * nx + 2; // row 5 col 30; row 17 col 2
        values[minAt] = 0.0;
        values[maxAt] = 1.0;
        Path file = dir.resolve("v.png");
        try (Field f = Field.allocate(p, GridShape.of2d(nx, ny), 2)) {
            f.segment().fill((byte) 0xff); // ghosts and padding hold NaN: they must not count
            Grids.load(f, values);
            PngWriter.write(file, f, Colormap.VIRIDIS);
        }
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "ImageIO cannot read " + file);
        assertEquals(nx, img.getWidth());
        assertEquals(ny, img.getHeight());
        int min = img.getRGB(minAt % nx, minAt / nx) & 0xffffff, max = img.getRGB(maxAt % nx, maxAt / nx) & 0xffffff;
        assertNotEquals(min, max, "the smallest and largest v must look different");
        assertEquals(Colormap.VIRIDIS.rgb(0.0), min, "minimum maps to the bottom of the colour map (row 0 at the top)");
        assertEquals(Colormap.VIRIDIS.rgb(1.0), max, "maximum maps to the top of the colour map");
        assertEquals(List.of(file), listing(), "no temporary file left behind");
    }

    /**
     * A 3D field is drawn by its middle slice, z = nz/2, scaled to that slice's own range: the other
     * slices hold values far outside it, which must not stretch the scale. Every pixel is the colour
     * map at (v - min) / (max - min) of its cell; an explicit z draws that slice.
     */
    @ParameterizedTest(name = "{0} nz={1}")
    @CsvSource({"F64, 4", "F32, 5", "F64, 1", "F32, 2"})
    void aThreeDFieldIsDrawnByItsMiddleSlice(Precision p, int nz) throws IOException {
        int nx = 19, ny = 11, mid = nz / 2;
        GridShape shape = GridShape.of3d(nx, ny, nz);
        double[] values = Grids.roundedTo(p, Grids.random(nz, (int) shape.cells(), 0.2, 0.6));
        for (int z = 0; z < nz; z++) {
            if (z != mid) {
                values[(z * ny + 3) * nx + 4] = -100; // outside the middle slice's range
                values[(z * ny + 7) * nx + 1] = 100;
            }
        }
        Path file = dir.resolve("slice.png");
        Path first = dir.resolve("first.png");
        try (Field f = Field.allocate(p, shape, 2)) {
            f.segment().fill((byte) 0xff); // NaN in the ghosts
            Grids.load(f, values);
            PngWriter.write(file, f, Colormap.VIRIDIS);
            PngWriter.write(first, f, 0, Colormap.VIRIDIS);
        }
        for (int[] drawn : new int[][] {{mid, 0}, {0, 1}}) {
            int z = drawn[0];
            BufferedImage img = ImageIO.read((drawn[1] == 0 ? file : first).toFile());
            assertNotNull(img);
            assertEquals(nx, img.getWidth());
            assertEquals(ny, img.getHeight());
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int i = z * nx * ny; i < (z + 1) * nx * ny; i++) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
            boolean sawBottom = false, sawTop = false;
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int want = Colormap.VIRIDIS.rgb((values[(z * ny + y) * nx + x] - min) / (max - min));
                    int got = img.getRGB(x, y) & 0xffffff;
                    assertEquals(want, got, "slice " + z + " pixel (" + x + ", " + y + ")");
                    sawBottom |= got == Colormap.VIRIDIS.rgb(0);
                    sawTop |= got == Colormap.VIRIDIS.rgb(1);
                }
            }
            assertTrue(sawBottom && sawTop, "slice " + z + " spans the whole colour map");
        }
        if (nz > 1) {
            assertNotEquals(-1, Files.mismatch(file, first), "the middle slice and slice 0 differ");
        }
    }

    @Test
    void aUniformFieldGivesAUniformImage() throws IOException {
        Path file = dir.resolve("flat.png");
        try (Field f = Field.allocate(Precision.F64, GridShape.of2d(8, 5), 1)) {
            f.fill(0.7);
            PngWriter.write(file, f, Colormap.VIRIDIS);
        }
        BufferedImage img = ImageIO.read(file.toFile());
        int first = img.getRGB(0, 0);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(first, img.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void writingIntoAMissingDirectoryFailsWithIOException() {
        try (Field f = Field.allocate(Precision.F64, GridShape.of2d(4, 4), 1)) {
            assertThrows(IOException.class, () -> PngWriter.write(dir.resolve("missing/v.png"), f, Colormap.VIRIDIS));
        }
    }

    @Test
    void colormapRunsDarkToLightAndClamps() {
        int low = Colormap.VIRIDIS.rgb(0), high = Colormap.VIRIDIS.rgb(1);
        assertTrue(luma(low) < luma(Colormap.VIRIDIS.rgb(0.5)) && luma(Colormap.VIRIDIS.rgb(0.5)) < luma(high),
                "viridis goes from dark purple to light yellow");
        assertEquals(low, Colormap.VIRIDIS.rgb(Double.NaN), "NaN maps to the bottom");
        assertEquals(high, Colormap.VIRIDIS.rgb(7.0), "values above 1 clamp");
        assertEquals(low, Colormap.VIRIDIS.rgb(-3.0), "values below 0 clamp");
    }

    private static double luma(int rgb) {
        return 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
