package dev.jstencil.workload.integrate;

/**
 * Splits the sample indices [0, n) into consecutive chunks, the unit of work and of summation.
 * Chunk boundaries depend on n alone, never on the thread count, which is what makes the result
 * independent of how the chunks are distributed.
 *
 * <p>A chunk has {@link #MIN_POINTS} points, or more when n is so large that there would be over
 * {@link #MAX_CHUNKS} chunks (each chunk keeps one partial sum in memory until the final reduction).
 */
public record Chunking(long n, int pointsPerChunk) {
    public static final int MIN_POINTS = 1 << 16;
    public static final int MAX_CHUNKS = 1 << 20;
    /** Indices must convert to double exactly: i + 0.5 is exact below 2^52. */
    public static final long MAX_N = 1L << 50;

    public static Chunking of(long n) {
        if (n < 1 || n > MAX_N) {
            throw new IllegalArgumentException("n = " + n + " is not allowed: use 1.." + MAX_N + " (2^50)");
        }
        long points = Math.max(MIN_POINTS, Math.ceilDiv(n, MAX_CHUNKS));
        return new Chunking(n, Math.toIntExact(points));
    }

    public int count() {
        return Math.toIntExact(Math.ceilDiv(n, pointsPerChunk));
    }

    public long from(int chunk) {
        return (long) chunk * pointsPerChunk;
    }

    public long to(int chunk) {
        return Math.min(n, from(chunk) + pointsPerChunk);
    }
}
