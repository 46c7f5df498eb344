package dev.jstencil.model;

/**
 * Where {@link GrayScottState} puts its four buffers relative to each other, modulo 4 KiB.
 *
 * <p>Why: a load whose address matches an older, still buffered store in bits 0-11 (4K aliasing)
 * waits for that store, although they touch different memory. A step loads u and v at offsets 0
 * and ±pitch around cell o and stores u' and v' at o, walking o forward one vector at a time. If
 * a load a few vectors ahead lands 4K-aliased on a store just made, every iteration stalls. Measured
 * at 256² f64 with one thread (vector kernel, pitch 2112 bytes): buffers 1088 bytes apart, where the
 * nearest such load is 64 bytes ahead, ran at 1240-1300 MLUP/s; buffers 448 or 512 bytes apart, 448
 * bytes ahead, at 1420-1465.
 *
 * <p>How: buffer i (u0, v0, u1, v1) starts at i x {@code stagger} modulo 4 KiB, and the stagger is
 * the multiple of 64 bytes that keeps every load furthest ahead of the stores it could alias, for
 * both buffer parities. {@code native/bench/grayscott_bench.c} mirrors this, so that the C
 * program runs on the same layout.
 */
public final class BufferPlacement {
    /** The aliasing period: loads and stores are compared on their address bits 0-11. */
    public static final long PAGE = 4096;
    private static final long LINE = 64;

    private BufferPlacement() {
    }

    /** The stagger for rows of {@code pitchBytes}: a multiple of 64 in [64, 4096), the smallest of the best. */
    public static long stagger(long pitchBytes) {
        long best = LINE, bestDistance = -1;
        for (long s = LINE; s < PAGE; s += LINE) {
            long d = nearestAliasingLoad(pitchBytes, s);
            if (d > bestDistance) {
                best = s;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * How far ahead (in bytes of o, as the sweep walks) the nearest load that 4K-aliases a store of
     * the same step lies, over both parities, when buffer i starts at i x {@code stagger}. A load at
     * the very offset of a store is not counted: it comes first in its own iteration.
     */
    public static long nearestAliasingLoad(long pitchBytes, long stagger) {
        long nearest = PAGE;
        long[] rows = {0, pitchBytes, -pitchBytes}; // centre, south and north loads
        for (int parity = 0; parity < 2; parity++) {
            long[] loaded = {2L * parity * stagger, (2L * parity + 1) * stagger};
            long[] stored = {2L * (1 - parity) * stagger, (2L * (1 - parity) + 1) * stagger};
            for (long from : loaded) {
                for (long to : stored) {
                    for (long row : rows) {
                        long ahead = Math.floorMod(to - from - row, PAGE);
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
