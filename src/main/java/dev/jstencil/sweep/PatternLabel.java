package dev.jstencil.sweep;

/**
 * A one-word name for what a run's final field looks like, from three simple measures of the map field
 * (Gray-Scott: v), computed on its 2D interior (3D: the middle z slice):
 * <ol>
 * <li><b>uniform</b>: the field's range (max - min) is below {@link #UNIFORM_RANGE} times max(1, |max|):
 * nothing grew, or everything died out.</li>
 * <li><b>motion</b>: the RMS change between a snapshot taken {@link #SNAPSHOT_FRACTION} of the steps before the
 * end and the final field, over the cells already patterned in the snapshot (more than {@link #PATTERNED} of the
 * range from the background, the most common value), divided by the range: a pattern that only spreads into
 * empty space is not moving. Above {@link #CHAOTIC_CHANGE}: <b>chaotic</b>; above {@link #WAVES_CHANGE}:
 * <b>waves</b> (the pattern moves, but keeps most of its shape).</li>
 * <li><b>shape</b> of a settled pattern: cells above the middle of the range (or below it, whichever phase
 * is the minority) form blobs (4-connected, periodic wrap); each blob of at least {@link #MIN_BLOB} cells has
 * a compactness P^2/(16 A) (P its edge count, A its cells: 1 for a square, about 1.3 for a disc, L/(4w) for
 * a stripe of length L and width w). Area-weighted mean compactness up to {@link #SPOT_COMPACTNESS}:
 * <b>spots</b>, else <b>stripes</b>.</li>
 * </ol>
 * The thresholds are judgement, not physics: they separate Pearson's classes on the F-k map well enough
 * to read a CSV (README, "Parameter sweeps").
 */
public final class PatternLabel {
    public static final double UNIFORM_RANGE = 0.01;
    public static final double SNAPSHOT_FRACTION = 0.1;
    public static final double WAVES_CHANGE = 0.05;
    public static final double CHAOTIC_CHANGE = 0.2;
    /** A cell is patterned when it is this fraction of the range away from the background. */
    public static final double PATTERNED = 0.25;
    private static final int BINS = 64;
    public static final int MIN_BLOB = 3;
    public static final double SPOT_COMPACTNESS = 2.5;

    private PatternLabel() {
    }

    /** The step before the end of {@code steps} at which the snapshot for the motion measure is taken. */
    public static long snapshotStep(long steps) {
        return steps - Math.max(1, Math.round(steps * SNAPSHOT_FRACTION));
    }

    /** The label of {@code last}, given {@code before} (the snapshot; null if the run was too short to take one). */
    public static String of(Tile last, Tile before) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : last.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (max - min < UNIFORM_RANGE * Math.max(1, Math.abs(max))) {
            return "uniform";
        }
        if (before != null) {
            double change = change(last, before, min, max);
            if (change > CHAOTIC_CHANGE) {
                return "chaotic";
            }
            if (change > WAVES_CHANGE) {
                return "waves";
            }
        }
        return compactness(last, (min + max) / 2) <= SPOT_COMPACTNESS ? "spots" : "stripes";
    }

    /**
     * RMS of last - before over the cells that were already patterned in the snapshot (further than a quarter of
     * the range from the background, the most common value), over the range: a pattern that only spreads into
     * empty space has settled where it was, and does not count as moving.
     */
    static double change(Tile last, Tile before, double min, double max) {
        double range = max - min;
        int[] bins = new int[BINS];
        for (double v : last.values()) {
            bins[Math.min(BINS - 1, (int) ((v - min) / range * BINS))]++;
        }
        int mode = 0;
        for (int b = 1; b < BINS; b++) {
            mode = bins[b] > bins[mode] ? b : mode;
        }
        double background = min + (mode + 0.5) * range / BINS, sum = 0;
        int cells = 0;
        for (int i = 0; i < last.values().length; i++) {
            if (Math.abs(before.values()[i] - background) > PATTERNED * range) {
                double d = last.values()[i] - before.values()[i];
                sum += d * d;
                cells++;
            }
        }
        return cells < MIN_BLOB ? 0 : Math.sqrt(sum / cells) / range;
    }

    /** Area-weighted mean P^2/(16 A) of the minority phase's blobs; 0 if there are none. */
    static double compactness(Tile t, double threshold) {
        int w = t.width(), h = t.height(), n = w * h;
        boolean[] mask = new boolean[n];
        int above = 0;
        for (int i = 0; i < n; i++) {
            mask[i] = t.values()[i] > threshold;
            above += mask[i] ? 1 : 0;
        }
        if (above * 2 > n) {
            for (int i = 0; i < n; i++) {
                mask[i] = !mask[i];
            }
        }
        boolean[] seen = new boolean[n];
        int[] stack = new int[n];
        double weighted = 0;
        long area = 0;
        for (int start = 0; start < n; start++) {
            if (!mask[start] || seen[start]) {
                continue;
            }
            int top = 0, cells = 0, edges = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int c = stack[--top];
                cells++;
                int x = c % w, y = c / w;
                int[] neighbours = {y * w + (x + 1) % w, y * w + (x + w - 1) % w, ((y + 1) % h) * w + x, ((y + h - 1) % h) * w + x};
                for (int nb : neighbours) {
                    if (!mask[nb]) {
                        edges++;
                    } else if (!seen[nb]) {
                        seen[nb] = true;
                        stack[top++] = nb;
                    }
                }
            }
            if (cells >= MIN_BLOB) {
                weighted += (double) edges * edges / 16.0; // = cells * P^2/(16 A)
                area += cells;
            }
        }
        return area == 0 ? 0 : weighted / area;
    }
}
