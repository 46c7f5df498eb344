package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.Noise;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.Model;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The counter-based noise is written twice, in Java (dev.jstencil.codegen.Noise) and in C
 * (native/src/jstencil_runtime.c, in every generated library): both give the same keys and the same
 * bits, on millions of (key, cell) pairs and on the edge values of their arguments.
 */
class NativeNoiseTest {
    private static KernelLibrary library() {
        NativeTestSupport.requireCompiler();
        Model heat = Model.builtin("heat");
        return NativeKernels.library(KernelCache.standard(), heat.text(), Lowering.kernel(heat, 2, Precision.F64));
    }

    @Test
    void keysAreTheSameInCAndJava() {
        KernelLibrary lib = library();
        SplittableRandom random = new SplittableRandom(2026);
        long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Noise.INIT_STEP};
        int checked = 0;
        for (long seed : edges) {
            for (long step : edges) {
                for (int stream : new int[] {0, 1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                    assertEquals(Noise.key(seed, step, stream), jstencil_noise_key_fn.invoke(lib.noiseKey, seed, step, stream),
                            "key of seed " + seed + ", step " + step + ", stream " + stream);
                    checked++;
                }
            }
        }
        for (int i = 0; i < 100_000; i++) {
            long seed = random.nextLong(), step = random.nextLong(-1, 1L << 40);
            int stream = random.nextInt(64);
            assertEquals(Noise.key(seed, step, stream), jstencil_noise_key_fn.invoke(lib.noiseKey, seed, step, stream),
                    "key of seed " + seed + ", step " + step + ", stream " + stream);
            checked++;
        }
        assertEquals(6 * 6 * 5 + 100_000, checked);
    }

    @Test
    void bitsAreTheSameInCAndJavaOnFourMillionCells() {
        KernelLibrary lib = library();
        SplittableRandom random = new SplittableRandom(11);
        int count = 1 << 20;
        long total = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, count);
            long[] keys = {Noise.key(0, 0, 0), Noise.key(5, Noise.INIT_STEP, 1), random.nextLong(), Long.MIN_VALUE};
            long[] starts = {0, 1_000_000_007L, Long.MAX_VALUE - count / 2, -count / 2}; // the last two wrap around 2^63 and 0
            for (int k = 0; k < keys.length; k++) {
                jstencil_noise_bits_fn.invoke(lib.noiseBits, keys[k], starts[k], count, out);
                for (int i = 0; i < count; i++) {
                    long cell = starts[k] + i;
                    long c = out.getAtIndex(ValueLayout.JAVA_LONG, i);
                    if (c != Noise.bits(keys[k], cell)) {
                        assertEquals(Noise.bits(keys[k], cell), c, "bits of key " + keys[k] + ", cell " + cell);
                    }
                    total++;
                }
            }
        }
        assertEquals(4L << 20, total);
    }
}
