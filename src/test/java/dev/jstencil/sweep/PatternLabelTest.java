package dev.jstencil.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The measures of {@link PatternLabel} on drawn patterns: random discs are spots, random bands stripes, and so on. */
class PatternLabelTest {
    private static final int N = 96;

    static LongStream seeds() {
        return LongStream.range(0, 40).map(i -> 0x5EEDL * 31 + i);
    }

    /** Discs of radius 3..6 at random places on a background, with small noise. */
    private static Tile spots(Random rnd) {
        double[] v = new double[N * N];
        int discs = 4 + rnd.nextInt(12);
        for (int d = 0; d < discs; d++) {
            int cx = rnd.nextInt(N), cy = rnd.nextInt(N), r = 3 + rnd.nextInt(4);
            for (int y = -r; y <= r; y++) {
                for (int x = -r; x <= r; x++) {
                    if (x * x + y * y <= r * r) {
                        v[Math.floorMod(cy + y, N) * N + Math.floorMod(cx + x, N)] = 0.3;
                    }
                }
            }
        }
        return noisy(v, rnd);
    }

    /** Parallel bands at a random angle and period (6..16 cells). */
    private static Tile stripes(Random rnd) {
        double angle = rnd.nextDouble() * Math.PI, period = 6 + rnd.nextInt(11);
        double[] v = new double[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                v[y * N + x] = 0.15 + 0.15 * Math.sin(2 * Math.PI * (x * Math.cos(angle) + y * Math.sin(angle)) / period);
            }
        }
        return noisy(v, rnd);
    }

    private static Tile noisy(double[] v, Random rnd) {
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.002 * rnd.nextGaussian();
        }
        return new Tile(N, N, v);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void settledDiscsAreSpots(long seed) {
        Tile t = spots(new Random(seed));
        assertEquals("spots", PatternLabel.of(t, t));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void settledBandsAreStripes(long seed) {
        Tile t = stripes(new Random(seed));
        assertEquals("stripes", PatternLabel.of(t, t));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aFieldWithinOnePercentIsUniform(long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[N * N];
        double level = rnd.nextDouble();
        for (int i = 0; i < v.length; i++) {
            v[i] = level + 0.004 * rnd.nextDouble();
        }
        Tile t = new Tile(N, N, v);
        assertEquals("uniform", PatternLabel.of(t, new Tile(N, N, new double[N * N])));
    }

    /** The snapshot is the final pattern blended with another one: a fifth of it is motion, all of it chaos. */
    @ParameterizedTest
    @MethodSource("seeds")
    void aPatternThatMovedIsWavesOrChaotic(long seed) {
        Tile t = stripes(new Random(seed)), other = stripes(new Random(seed + 1000));
        assertEquals("waves", PatternLabel.of(t, blend(t, other, 0.2)));
        assertEquals("chaotic", PatternLabel.of(t, other));
    }

    /** Spots that only spread (the snapshot had some of them, the rest was background) have not moved. */
    @ParameterizedTest
    @MethodSource("seeds")
    void spotsThatOnlySpreadAreSpots(long seed) {
        Tile t = spots(new Random(seed));
        double[] v = t.values().clone();
        for (int i = 0; i < v.length / 2; i++) {
            v[i] = 0; // the upper half not yet reached
        }
        assertEquals("spots", PatternLabel.of(t, new Tile(N, N, v)));
    }

    /** (1-w) a + w b. */
    private static Tile blend(Tile a, Tile b, double w) {
        double[] v = new double[N * N];
        for (int i = 0; i < v.length; i++) {
            v[i] = (1 - w) * a.values()[i] + w * b.values()[i];
        }
        return new Tile(N, N, v);
    }
}
