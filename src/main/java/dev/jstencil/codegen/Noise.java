package dev.jstencil.codegen;

/**
 * The counter-based noise behind {@code rand()}: a pure function of (seed, step, stream, cell), so
 * a noisy run is reproducible and the same for every backend, thread count and (later) process
 * count. SplitMix64's finalizer mixes a key for (seed, step, stream) once per step, then each cell
 * takes {@code mix64(key + cell * GOLDEN)}, the SplitMix64 sequence at position {@code cell}.
 *
 * <pre>
 *   mix64(z)  = z ^= z >>> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >>> 27; z *= 0x94D049BB133111EB; z ^ (z >>> 31)
 *   key       = mix64(mix64(mix64(seed ^ 0x243F6A8885A308D3) ^ step * GOLDEN) ^ stream * 0xD1B54A32D192ED03)
 *   bits      = mix64(key + cell * GOLDEN)                   GOLDEN = 0x9E3779B97F4A7C15, all mod 2^64
 *   f64 value = (bits >>> 11) * 2^-52 - 1                     exact: a multiple of 2^-52 in [-1, 1)
 *   f32 value = (bits >>> 40) * 2^-23 - 1                     exact: a multiple of 2^-23 in [-1, 1)
 * </pre>
 * step is the index of the step being computed (the update from state n to n+1 uses n; initial
 * conditions use -1), stream the number of the {@code rand()} in the model text (0 for the first),
 * cell the global index (iz*ny + iy)*nx + ix. native/bench/grayscott3d_bench.c implements the same.
 */
public final class Noise {
    public static final long GOLDEN = 0x9E3779B97F4A7C15L;
    public static final long M1 = 0xBF58476D1CE4E5B9L;
    public static final long M2 = 0x94D049BB133111EBL;
    static final long SEED_SALT = 0x243F6A8885A308D3L;
    static final long STREAM_MULTIPLIER = 0xD1B54A32D192ED03L;
    /** The step of initial conditions. */
    public static final long INIT_STEP = -1;

    private Noise() {
    }

    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * M1;
        z = (z ^ (z >>> 27)) * M2;
        return z ^ (z >>> 31);
    }

    /** The per-step key of one stream: computed once per step, then {@link #bits} per cell. */
    public static long key(long seed, long step, int stream) {
        return mix64(mix64(mix64(seed ^ SEED_SALT) ^ step * GOLDEN) ^ stream * STREAM_MULTIPLIER);
    }

    public static long bits(long key, long cell) {
        return mix64(key + cell * GOLDEN);
    }

    /** Uniform in [-1, 1), f64. */
    public static double f64(long bits) {
        return (bits >>> 11) * 0x1.0p-52 - 1.0;
    }

    /** Uniform in [-1, 1), f32. */
    public static float f32(long bits) {
        return (bits >>> 40) * 0x1.0p-23f - 1.0f;
    }
}
