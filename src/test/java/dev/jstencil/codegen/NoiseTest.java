package dev.jstencil.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The counter-based noise: a pure function of its key, uniform on [-1, 1), different per key part. */
class NoiseTest {
    @Test
    void theSameKeyGivesTheSameNumbersAndEveryPartOfTheKeyMatters() {
        long key = Noise.key(1, 2, 3);
        assertEquals(key, Noise.key(1, 2, 3));
        Set<Long> keys = new HashSet<>();
        for (long seed = 0; seed < 4; seed++) {
            for (long step = -1; step < 4; step++) {
                for (int stream = 0; stream < 4; stream++) {
                    keys.add(Noise.key(seed, step, stream));
                }
            }
        }
        assertEquals(4 * 5 * 4, keys.size(), "distinct keys for distinct (seed, step, stream)");
        assertNotEquals(Noise.bits(key, 0), Noise.bits(key, 1));
    }

    @Test
    void valuesAreUniformOnMinusOneToOneAndExactMultiplesOfTheirGrid() {
        long key = Noise.key(0, 0, 0);
        int n = 1 << 20;
        double sum = 0, sumSquares = 0, min = 1, max = -1;
        int[] buckets = new int[16];
        for (long cell = 0; cell < n; cell++) {
            long bits = Noise.bits(key, cell);
            double d = Noise.f64(bits);
            float f = Noise.f32(bits);
            assertTrue(d >= -1 && d < 1 && f >= -1 && f < 1, d + " / " + f);
            assertEquals(0, Math.abs(Math.IEEEremainder(d, 0x1p-52)), "f64 values are multiples of 2^-52");
            assertEquals(0, Math.abs(Math.IEEEremainder(f, 0x1p-23)), "f32 values are multiples of 2^-23");
            assertTrue(Math.abs(d - f) <= 0x1p-23, "f32 is the f64 value's top bits");
            sum += d;
            sumSquares += d * d;
            min = Math.min(min, d);
            max = Math.max(max, d);
            buckets[(int) ((d + 1) * 8)]++;
        }
        double mean = sum / n, variance = sumSquares / n - mean * mean;
        assertEquals(0, mean, 4 * Math.sqrt(1.0 / 3 / n), "mean of U(-1,1)");
        assertEquals(1.0 / 3, variance, 0.002, "variance of U(-1,1)");
        assertTrue(min < -0.9999 && max > 0.9999, min + " .. " + max);
        for (int b : buckets) {
            assertEquals(n / 16.0, b, 5 * Math.sqrt(n / 16.0), "each sixteenth of the range gets its share");
        }
    }

    @Test
    void neighbouringCellsAreNotCorrelated() {
        long key = Noise.key(3, 17, 1);
        int n = 1 << 18;
        double c = 0;
        for (long cell = 0; cell < n; cell++) {
            c += Noise.f64(Noise.bits(key, cell)) * Noise.f64(Noise.bits(key, cell + 1));
        }
        assertEquals(0, c / n, 5 * (1.0 / 3) / Math.sqrt(n), "lag-1 correlation");
    }
}
