package dev.jstencil.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.io.Colormap;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mosaic puts each run's tile at its place: x the first axis, y the second with its first value at the bottom. */
class MosaicTest {
    private static SweepResult ok(ParameterGrid g, int i, double value) {
        double[] v = new double[16 * 16];
        java.util.Arrays.fill(v, value);
        return new SweepResult(i, g.values(i), SweepResult.Status.OK, 1, 0, List.of(), "uniform", "", new Tile(16, 16, v));
    }

    /** Whether some pixel has this colour. */
    private static boolean has(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void tilesSitAtTheirPointsWithOneColourScale() {
        ParameterGrid g = new ParameterGrid(List.of(Axis.parse("a=0:1:3"), Axis.parse("b=0:1:2")));
        List<SweepResult> results = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            results.add(i == 4 ? SweepResult.failed(new SweepJob(i, g.values(i)), 3, 0, "boom") : ok(g, i, i));
        }
        BufferedImage img = Mosaic.image(g, "v", results);
        int lowest = Colormap.VIRIDIS.rgb(0), highest = Colormap.VIRIDIS.rgb(1);
        // point 0 (a=0, b=0): bottom-left; point 5 (a=1, b=1): top-right
        int[] bottomLeft = find(img, lowest), topRight = find(img, highest);
        assertTrue(bottomLeft[0] < topRight[0] && bottomLeft[1] > topRight[1], "point 0 at the bottom left, point 5 at the top right");
        assertTrue(has(img, 0xD09090), "the failed run's tile");
    }

    @Test
    void oneVariedParameterMakesAStrip() {
        ParameterGrid g = new ParameterGrid(List.of(Axis.parse("a=0:1:5")));
        List<SweepResult> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(ok(g, i, i));
        }
        BufferedImage img = Mosaic.image(g, "v", results);
        assertTrue(img.getWidth() > 5 * 16 && img.getHeight() < 3 * 16 + 60, img.getWidth() + "x" + img.getHeight());
        int[] first = find(img, Colormap.VIRIDIS.rgb(0)), last = find(img, Colormap.VIRIDIS.rgb(1));
        assertEquals(first[1], last[1], "one row");
        assertTrue(last[0] - first[0] >= 4 * 16, "first value at the left, last at the right");
    }

    private static int[] find(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return new int[] {x, y};
                }
            }
        }
        throw new AssertionError("no pixel of colour " + Integer.toHexString(rgb));
    }
}
