package dev.jstencil.parallel;

import java.util.ArrayList;
import java.util.List;

/** Splits rows into contiguous bands whose sizes differ by at most one row. */
public final class Partitioner {
    private Partitioner() {
    }

    /**
     * min(parts, rows) non-empty bands covering [0, rows) in order; the first {@code rows % n}
     * bands get one extra row. With fewer rows than parts, some workers simply get no band.
     */
    public static List<Band> split(int rows, int parts) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows = " + rows + " must be >= 1");
        }
        if (parts < 1) {
            throw new IllegalArgumentException("parts = " + parts + " must be >= 1");
        }
        int n = Math.min(rows, parts);
        int base = rows / n, extra = rows % n;
        List<Band> bands = new ArrayList<>(n);
        int y = 0;
        for (int i = 0; i < n; i++) {
            int size = base + (i < extra ? 1 : 0);
            bands.add(new Band(i, y, y + size));
            y += size;
        }
        return List.copyOf(bands);
    }
}
