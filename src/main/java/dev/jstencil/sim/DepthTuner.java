package dev.jstencil.sim;

import java.util.Arrays;
import java.util.Locale;

/**
 * Chooses a run's steps per sweep by measuring them on the run itself ({@code --temporal-blocking auto}
 * on grids near or beyond the cache): the first steps are taken in chunks with each candidate depth in
 * turn, two rounds, and the rest with the fastest. Results do not depend on the depth (every depth is
 * bit-identical to one step per sweep), so the trial steps are steps of the run, not extra work: what
 * tuning costs is only the time the slower candidates lose in their chunks.
 *
 * <p>Why measure: the cache size that sysfs reports says little on a VM that shares its L3 (an Intel
 * VM reported 260 MiB and judged 256 MiB of fields "in cache"; blocking was 2x faster there), and where
 * the fields are near the cache's size either choice can win by 1.5x (README, Deep temporal blocking).
 * Why three rounds, the first not scored and the others by their minimum: the first chunks run while the
 * JIT still compiles the kernels (one step per sweep calls its kernel once per step and band, so at 256^3
 * its first steps ran 7x slower than later ones), and a shared machine's noise only ever slows a chunk
 * down.
 */
final class DepthTuner {
    /** A chunk should take at least this long: shorter ones are mostly start-up and scheduling noise. */
    static final double MIN_CHUNK_SECONDS = 0.05;
    /**
     * A warm-up chunk lasts at least this long (once a step's time is known): long enough for the JIT to compile
     * that depth's kernel. One step per sweep calls its band kernel once per step and band, so it is compiled
     * much later than the row and plane kernels, which are called per row or plane: with warm-up chunks of one
     * group, 1024^2 f32 measured k=1 slower than k=16 during the trials and 1.2x faster after them.
     */
    static final double WARMUP_CHUNK_SECONDS = 0.25;
    /**
     * A run is tuned only if its steps take at least this many times what the trials take (about 1.4 s in 2D): a
     * 512^2 run of 5000 steps (1.2 s of steps) tuned spent most of its time in trials and ran at 0.65x.
     */
    static final double SHORT_RUN_FACTOR = 10;
    /** A scored chunk is at least this many groups of its depth. */
    static final int MIN_GROUPS = 2;
    /** Rounds over the candidates; the first is not scored (see the class comment). */
    private static final int ROUNDS = 3;

    /** A piece of a run: {@code steps} steps at {@code depth} steps per sweep; {@code trial} if it is measured. */
    record Chunk(int depth, long steps, boolean trial) {
    }

    private final int[] candidates;
    private final double[] best; // seconds per step, the minimum over the rounds so far
    private final int fallback;
    private final double minChunkSeconds;
    private int round, next;
    private double lastSecondsPerStep = Double.NaN;
    private int chosen; // 0 while trying
    private boolean tooShort; // chosen without trials: the run is too short for them

    /**
     * @param candidates depths to try (1 is one step per sweep), in the order they are tried
     * @param fallback   the depth for steps taken before the trials are done when too few remain for one
     */
    DepthTuner(int[] candidates, int fallback) {
        this(candidates, fallback, MIN_CHUNK_SECONDS);
    }

    /** With scored trials of at least {@code minChunkSeconds} (tests: 0, for one group per warm-up and two per trial). */
    DepthTuner(int[] candidates, int fallback, double minChunkSeconds) {
        if (candidates.length == 0) {
            throw new IllegalArgumentException("no depth to try");
        }
        this.candidates = candidates.clone();
        this.best = new double[candidates.length];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        this.fallback = fallback;
        this.minChunkSeconds = minChunkSeconds;
    }

    /** The next piece of a run that has {@code remaining} (> 0) steps to go. */
    Chunk next(long remaining) {
        return next(remaining, remaining);
    }

    /**
     * The next piece of a run that has {@code remaining} (> 0) steps to go in this call and about {@code horizon} steps
     * in all (the whole run's, when the caller knows it). During the warm-up round, as soon as a chunk's step time says
     * that the trials would cost over a tenth of what is left, the run is not tuned: the fallback depth is chosen.
     */
    Chunk next(long remaining, long horizon) {
        if (chosen == 0 && !Double.isNaN(lastSecondsPerStep) && round == 0 && minChunkSeconds > 0) {
            double trials = candidates.length * (WARMUP_CHUNK_SECONDS + (ROUNDS - 1) * minChunkSeconds);
            if (Math.max(remaining, horizon) * lastSecondsPerStep < SHORT_RUN_FACTOR * trials) {
                chosen = fallback;
                tooShort = true;
            }
        }
        if (chosen > 0) {
            return new Chunk(chosen, remaining, false);
        }
        int k = candidates[next];
        long steps = round == 0 ? k : (long) MIN_GROUPS * k;
        if (!Double.isNaN(lastSecondsPerStep)) { // the warm-up round compiles and fills caches; the others measure
            double seconds = round > 0 ? minChunkSeconds : minChunkSeconds > 0 ? WARMUP_CHUNK_SECONDS : 0;
            steps = Math.max(steps, (long) Math.ceil(seconds / lastSecondsPerStep));
            steps = (steps + k - 1) / k * k; // whole groups: a shorter last group would measure another depth
        }
        if (steps > remaining) { // a short run, or its end: no trial now, perhaps in the next run
            return new Chunk(currentBest(), remaining, false);
        }
        return new Chunk(k, steps, true);
    }

    /** What a chunk took; a trial cut short (cancelled) does not count. */
    void record(Chunk chunk, long stepsDone, long nanos) {
        if (!chunk.trial() || stepsDone != chunk.steps() || chosen > 0) {
            return;
        }
        lastSecondsPerStep = nanos / 1e9 / stepsDone;
        if (round > 0) {
            best[next] = Math.min(best[next], lastSecondsPerStep);
        }
        if (++next == candidates.length) {
            next = 0;
            if (++round == ROUNDS) {
                chosen = currentBest();
            }
        }
    }

    /** The chosen depth, or 0 while still trying. */
    int chosen() {
        return chosen;
    }

    /**
     * Within this fraction of the fastest, the shallowest depth measured wins: a smaller ring and fewer recomputed
     * rows, and one step per sweep where it is a tie. Chunks of one run differ by up to 10% (1024^2 f32: k=16 0.590
     * against k=1 0.533 ms/step in one run, 0.618 against 0.562 in the next), so a win smaller than that is noise.
     */
    static final double TIE = 0.05;

    private int currentBest() {
        double fastest = Double.POSITIVE_INFINITY;
        for (double b : best) {
            fastest = Math.min(fastest, b);
        }
        if (fastest == Double.POSITIVE_INFINITY) {
            return fallback; // nothing scored yet
        }
        int chosen = 0;
        for (int i = 0; i < best.length; i++) {
            if (best[i] <= fastest * (1 + TIE) && (chosen == 0 || candidates[i] < chosen)) {
                chosen = candidates[i];
            }
        }
        return chosen;
    }

    /** "k=1: 12.310 ms/step, k=4: 8.020 ms/step, ... -> 8": what was measured and chosen so far. */
    String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < candidates.length; i++) {
            if (best[i] < Double.POSITIVE_INFINITY) {
                s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "k=%d: %.3f ms/step", candidates[i], best[i] * 1e3));
            }
        }
        if (tooShort) {
            return "run too short to measure depths (" + String.format(Locale.ROOT, "%.3f", lastSecondsPerStep * 1e3) + " ms/step) -> "
                    + chosen;
        }
        return s.isEmpty() ? "not measured yet" : s + (chosen > 0 ? " -> " + chosen : " (still trying)");
    }
}
