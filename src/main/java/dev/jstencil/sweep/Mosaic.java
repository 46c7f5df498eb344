package dev.jstencil.sweep;

import dev.jstencil.io.BitmapFont;
import dev.jstencil.io.Colormap;
import dev.jstencil.io.PngWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code map.png}: each run's final field as a tile at its place in the grid: the first varied parameter
 * along x (left to right), the others along y (first value at the bottom, as on a plot; with more than two
 * axes a row is one combination, labelled with all its values); one varied parameter makes a strip. All tiles
 * share one colour scale (viridis from the smallest to the largest value of any finished run, printed at the
 * top), so tiles compare. A failed run's tile is red-grey with a cross; a run not finished (cancelled, not
 * started) is grey.
 */
public final class Mosaic {
    private static final int BACKGROUND = 0xFFFFFF, TEXT = 0x000000, FAILED = 0xD09090, CROSS = 0x802020, MISSING = 0xC8C8C8;
    private static final int GAP = 2;

    private Mosaic() {
    }

    public static void write(Path file, ParameterGrid grid, String field, List<SweepResult> results) throws IOException {
        PngWriter.write(file, image(grid, field, results));
    }

    public static BufferedImage image(ParameterGrid grid, String field, List<SweepResult> results) {
        SweepResult[] at = new SweepResult[grid.size()];
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int tw = 32, th = 32;
        for (SweepResult r : results) {
            at[r.index()] = r;
            if (r.tile() != null) {
                tw = r.tile().width();
                th = r.tile().height();
                for (double v : r.tile().values()) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        Axis xAxis = grid.axes().getFirst();
        int cols = xAxis.count(), rows = grid.size() / cols;
        int s = Math.min(tw, th) >= 64 ? 2 : 1, pad = 4 * s, line = (BitmapFont.HEIGHT + 3) * s;

        List<String> colLabels = new ArrayList<>(), rowLabels = new ArrayList<>();
        int colLabelW = 0, rowLabelW = 0;
        for (int c = 0; c < cols; c++) {
            colLabels.add(Axis.label(xAxis.value(c)));
            colLabelW = Math.max(colLabelW, BitmapFont.width(colLabels.getLast(), s));
        }
        String yName = String.join(",", grid.names().subList(1, grid.names().size()));
        for (int r = 0; r < rows && grid.axes().size() > 1; r++) {
            double[] v = grid.values(r * cols);
            List<String> parts = new ArrayList<>();
            for (int a = 1; a < v.length; a++) {
                parts.add(Axis.label(v[a]));
            }
            rowLabels.add(String.join(",", parts));
            rowLabelW = Math.max(rowLabelW, BitmapFont.width(rowLabels.getLast(), s));
        }
        rowLabelW = Math.max(rowLabelW, BitmapFont.width(yName, s));
        String title = field + ": " + (max >= min ? Axis.label(min) + " to " + Axis.label(max) : "no finished run");

        int left = pad + rowLabelW + (rowLabelW > 0 ? pad : 0), top = pad + 2 * line;
        int gridW = cols * (tw + GAP) - GAP, gridH = rows * (th + GAP) - GAP;
        int width = Math.max(left + gridW + pad, 2 * pad + BitmapFont.width(title, s));
        int height = top + gridH + pad + 2 * line + pad;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        BitmapFont.fill(img, 0, 0, width, height, BACKGROUND);
        BitmapFont.draw(img, title, pad, pad, s, TEXT);
        if (!yName.isEmpty()) {
            BitmapFont.draw(img, yName, left - pad - BitmapFont.width(yName, s), pad + line, s, TEXT);
        }
        double scale = max > min ? 1 / (max - min) : 0;
        for (int i = 0; i < at.length; i++) {
            int c = i % cols, r = i / cols;
            draw(img, at[i], left + c * (tw + GAP), top + (rows - 1 - r) * (th + GAP), tw, th, min, scale);
        }
        int every = Math.ceilDiv(colLabelW + 2 * s, tw + GAP); // a label per column where they fit
        for (int c = 0; c < cols; c += every) {
            int w = BitmapFont.width(colLabels.get(c), s);
            BitmapFont.draw(img, colLabels.get(c), left + c * (tw + GAP) + (tw - w) / 2, top + gridH + pad, s, TEXT);
        }
        BitmapFont.draw(img, xAxis.name(), left + (gridW - BitmapFont.width(xAxis.name(), s)) / 2, top + gridH + pad + line, s, TEXT);
        int rowEvery = Math.ceilDiv(line, th + GAP);
        for (int r = 0; r < rowLabels.size(); r += rowEvery) {
            int w = BitmapFont.width(rowLabels.get(r), s);
            BitmapFont.draw(img, rowLabels.get(r), left - pad - w, top + (rows - 1 - r) * (th + GAP) + (th - BitmapFont.HEIGHT * s) / 2, s,
                    TEXT);
        }
        return img;
    }

    private static void draw(BufferedImage img, SweepResult r, int x0, int y0, int tw, int th, double min, double scale) {
        if (r == null || r.status() == SweepResult.Status.CANCELLED) {
            BitmapFont.fill(img, x0, y0, tw, th, MISSING);
        } else if (r.tile() == null || r.tile().width() != tw || r.tile().height() != th) {
            BitmapFont.fill(img, x0, y0, tw, th, FAILED);
            for (int i = 0; i < Math.min(tw, th); i++) {
                img.setRGB(x0 + i * tw / Math.min(tw, th), y0 + i * th / Math.min(tw, th), CROSS);
                img.setRGB(x0 + tw - 1 - i * tw / Math.min(tw, th), y0 + i * th / Math.min(tw, th), CROSS);
            }
        } else {
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    img.setRGB(x0 + x, y0 + y, Colormap.VIRIDIS.rgb((r.tile().at(x, y) - min) * scale));
                }
            }
        }
    }
}
