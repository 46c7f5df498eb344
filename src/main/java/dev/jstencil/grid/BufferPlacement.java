package dev.jstencil.grid;

/**
 * Where {@link FieldSet} puts its buffers relative to each other, modulo 4 KiB.
 *
 * <p>Why: a load whose address matches an older, still buffered store in bits 0-11 (4K aliasing)
 * waits for that store, although they touch different memory. A step loads every field at the
 * centre and at a few row (and plane) offsets around cell o, and stores every next field at o,
 * walking o forward one vector at a time. If a load a few vectors ahead lands 4K-aliased on a store
 * just made, every iteration stalls. Measured at 256² f64 Gray-Scott with one thread (vector kernel,
 * pitch 2112 bytes): buffers 1088 bytes apart, where the nearest such load is 64 bytes ahead, ran at
 * 1240-1300 MLUP/s; buffers 448 or 512 bytes apart, 448 bytes ahead, at 1420-1465.
 *
 * <p>How: buffer i (the fields of parity 0, then those of parity 1) starts at i x {@code stagger}
 * modulo 4 KiB, and the stagger is the multiple of 64 bytes that keeps every load furthest ahead of
 * the stores it could alias, for both parities. {@code native/bench/grayscott_bench.c} and
 * {@code grayscott3d_bench.c} mirror this, so that the C programs run on the same layout.
 */
public final class BufferPlacement {
    /** The aliasing period: loads and stores are compared on their address bits 0-11. */
    public static final long PAGE = 4096;
    private static final long LINE = 64;

    private BufferPlacement() {
    }

    /**
     * The stagger for {@code fields} fields whose step loads each at these byte offsets from the
     * centre cell (0 and the row/plane offsets the stencil reads): a multiple of 64 in [64, 4096),
     * the smallest of the best.
     */
    public static long stagger(int fields, long... loadOffsets) {
        long best = LINE, bestDistance = -1;
        for (long s = LINE; s < PAGE; s += LINE) {
            long d = nearestAliasingLoad(fields, loadOffsets, s);
            if (d > bestDistance) {
                best = s;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Two fields read at the centre and one row up and down: the 2D five-point stencil of Gray-Scott. */
    public static long stagger(long pitchBytes) {
        return stagger(2, 0, pitchBytes, -pitchBytes);
    }

    /** {@link #nearestAliasingLoad(int, long[], long)} for Gray-Scott's 2D five-point stencil. */
    public static long nearestAliasingLoad(long pitchBytes, long stagger) {
        return nearestAliasingLoad(2, new long[] {0, pitchBytes, -pitchBytes}, stagger);
    }

    /**
     * How far ahead (in bytes of o, as the sweep walks) the nearest load that 4K-aliases a store of
     * the same step lies, over both parities, when buffer i starts at i x {@code stagger}. A load at
     * the very offset of a store is not counted: it comes first in its own iteration.
     */
    public static long nearestAliasingLoad(int fields, long[] loadOffsets, long stagger) {
        long nearest = PAGE;
        for (int parity = 0; parity < 2; parity++) {
            for (int from = 0; from < fields; from++) {
                long loaded = (long) (parity * fields + from) * stagger;
                for (int to = 0; to < fields; to++) {
                    long stored = (long) ((1 - parity) * fields + to) * stagger;
                    for (long offset : loadOffsets) {
                        long ahead = Math.floorMod(stored - loaded - offset, PAGE);
                        if (ahead != 0) {
                            nearest = Math.min(nearest, ahead);
                        }
                    }
                }
            }
        }
        return nearest;
    }
}
