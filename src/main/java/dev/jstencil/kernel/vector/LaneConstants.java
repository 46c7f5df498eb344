package dev.jstencil.kernel.vector;

import java.util.Arrays;

/**
 * Loop-invariant coefficients laid out as whole vectors in an array, one vector per value.
 *
 * <p>Why not {@code broadcast(SPECIES, du)}: on JDK 25, C2 treats a broadcast of a scalar as cheap
 * to recompute and re-materialises it inside the loop at every use (one {@code vbroadcastsd} from
 * the stack per use and iteration: 11 per 8 cells in the Gray-Scott loop, on top of its 10 loads),
 * which saturates the load ports. A vector loaded from an array is kept in a register instead.
 * Measured on the 256x256 f64 kernel: 1024 -> 1285 MLUP/s (native C: 1376), same process, interleaved.
 */
final class LaneConstants {
    private LaneConstants() {
    }

    /** values[i] repeated {@code lanes} times at [i*lanes, (i+1)*lanes). */
    static double[] of(int lanes, double... values) {
        double[] a = new double[values.length * lanes];
        for (int i = 0; i < values.length; i++) {
            Arrays.fill(a, i * lanes, (i + 1) * lanes, values[i]);
        }
        return a;
    }

    static float[] of(int lanes, float... values) {
        float[] a = new float[values.length * lanes];
        for (int i = 0; i < values.length; i++) {
            Arrays.fill(a, i * lanes, (i + 1) * lanes, values[i]);
        }
        return a;
    }
}
