package dev.jstencil.sweep;

import dev.jstencil.grid.Field;

/**
 * A run's final picture for the mosaic: the map field's 2D interior (3D: the middle z slice), averaged
 * over square blocks so that the longer side is at most {@link #MAX_SIDE} pixels: a 16x16 map of
 * 512^2 runs stays a picture one can open.
 */
public record Tile(int width, int height, double[] values) {
    public static final int MAX_SIDE = 128;

    /** The mosaic's tile of a field: at most {@link #MAX_SIDE} pixels on a side. */
    public static Tile of(Field f) {
        return of(f, Math.ceilDiv(Math.max(f.nx(), f.ny()), MAX_SIDE));
    }

    /** Every cell of the field's 2D interior (3D: the middle z slice), for measures. */
    public static Tile slice(Field f) {
        return of(f, 1);
    }

    private static Tile of(Field f, int block) {
        int z = f.nz() / 2;
        int w = f.nx() / block, h = f.ny() / block;
        double[] v = new double[w * h];
        for (int ty = 0; ty < h; ty++) {
            for (int tx = 0; tx < w; tx++) {
                double sum = 0;
                for (int y = ty * block; y < (ty + 1) * block; y++) {
                    for (int x = tx * block; x < (tx + 1) * block; x++) {
                        sum += f.get(x, y, z);
                    }
                }
                v[ty * w + tx] = sum / (block * block);
            }
        }
        return new Tile(w, h, v);
    }

    /** The value at column x, row y. */
    public double at(int x, int y) {
        return values[y * width + x];
    }
}
