package dev.jstencil.sim;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.util.CliNames;

/**
 * Whether a run takes several time steps per sweep over memory ({@link dev.jstencil.kernel.WavefrontSweep}),
 * which models of radius 1 can, 2D and 3D. Results are bit-identical either way; only speed differs.
 */
public enum TemporalBlocking {
    /**
     * Where it can be used: once the fields exceed the last-level cache (at most 32 MiB), the run measures the depth that is fastest
     * (1 included: see {@link DepthTuner}), first guessing on when the fields (both buffers) do not fit in that
     * cache ({@link #autoThresholdBytes}); below, one step per sweep.
     */
    AUTO,
    /** Always; an error if the kernel or the boundary cannot do it. */
    ON,
    /** One step per sweep. */
    OFF;

    /** Used when the cache size cannot be read (not Linux): the L3 of the machine it was tuned on. */
    static final long FALLBACK_CACHE_BYTES = 32L << 20;

    /**
     * Fields (both buffers of each) bigger than this switch AUTO on: the last-level cache. Measured on a 2-core Zen 4
     * with 32 MiB of L3 (README, Performance): while the fields fit in it, one step per sweep is
     * faster (its loop runs over a whole band, the two-step rows are short loops: 1024x1024 f32,
     * 17 MiB, 1 thread: about 1900 against 1500 MLUP/s); once they do not, two steps per sweep win
     * (1024x1024 f64, 34 MiB: +11%; 4096x4096 f64, 2 threads: +45%).
     */
    public static long autoThresholdBytes() {
        return Threshold.BYTES;
    }

    /** Read from sysfs once, when first needed. */
    private static final class Threshold {
        static final long BYTES = LastLevelCache.bytes().orElse(FALLBACK_CACHE_BYTES);
    }

    /** Whether a run of this shape uses two steps per sweep; {@code reasonNot} explains when it cannot. */
    boolean resolve(Precision precision, GridShape shape, int ghost, int fields, String reasonNot) {
        return switch (this) {
            case OFF -> false;
            case ON -> {
                if (reasonNot != null) {
                    throw new IllegalArgumentException("temporal blocking is not possible here: " + reasonNot);
                }
                yield true;
            }
            case AUTO -> reasonNot == null && 2.0 * fields * Field.byteSize(precision, shape, ghost) > autoThresholdBytes();
        };
    }

    /**
     * Whether AUTO measures the depth on the run ({@link DepthTuner}) rather than trusting the cache size: once the
     * fields (both buffers) exceed the last-level cache, counted as at most 32 MiB, since a VM's share of a large L3
     * is smaller than sysfs says (an Intel VM reported 260 MiB, and 32 MiB of fields ran at DRAM speed there).
     * Below, one step per sweep: measured on this project's machines it won or tied there, and trials in a grid
     * that small cost more than they can gain (the default 512^2 run measured from 8 MiB of fields up: 0.65x).
     */
    static boolean worthTuning(Precision precision, GridShape shape, int ghost, int fields) {
        return 2.0 * fields * Field.byteSize(precision, shape, ghost) > Math.min(autoThresholdBytes(), FALLBACK_CACHE_BYTES);
    }

    /**
     * The depths AUTO tries, in order: deeper ones, then 1 (one step per sweep) last, so that its warm-up chunk is
     * sized from a known step time (see {@link DepthTuner#WARMUP_CHUNK_SECONDS}). 2D rings are rows, so 16 still
     * fits in L1/L2; 3D rings are planes, and beyond about 6 they no longer fit in a shared L3.
     */
    static int[] candidates(int dims) {
        return dims == 3 ? new int[] {2, 3, 4, 6, 1} : new int[] {4, 8, 16, 1};
    }

    public String cliName() {
        return CliNames.of(this);
    }

    public static TemporalBlocking parse(String s) {
        return CliNames.parse(values(), "temporal blocking", s);
    }
}
