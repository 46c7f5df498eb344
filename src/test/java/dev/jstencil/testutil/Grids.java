package dev.jstencil.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import java.util.SplittableRandom;

/** Test helpers for fields as arrays: random contents, loading, comparisons. */
public final class Grids {
    private Grids() {
    }

    /** Values uniformly in [lo, hi), x fastest, reproducible from the seed. */
    public static double[] random(long seed, int count, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[count];
        for (int i = 0; i < count; i++) {
            a[i] = lo + (hi - lo) * r.nextDouble();
        }
        return a;
    }

    /** Sets the interior of {@code f} from an array in {@link Field#toArray()}'s order (x fastest). */
    public static void load(Field f, double[] values) {
        assertEquals(f.shape().cells(), values.length, "array length for " + f);
        int i = 0;
        for (int z = 0; z < f.nz(); z++) {
            for (int y = 0; y < f.ny(); y++) {
                for (int x = 0; x < f.nx(); x++) {
                    f.set(x, y, z, values[i++]);
                }
            }
        }
    }

    /** The cells of a block of shape {@code block} placed at {@code at} in {@code whole} (the global grid's array, x fastest), x fastest. */
    public static double[] block(double[] whole, Placement at, GridShape block) {
        GridShape g = at.global();
        double[] out = new double[Math.toIntExact(block.cells())];
        int i = 0;
        for (int z = 0; z < block.nz(); z++) {
            for (int y = 0; y < block.ny(); y++) {
                for (int x = 0; x < block.nx(); x++) {
                    out[i++] = whole[(int) g.cellIndex(at.x0() + x, at.y0() + y, at.z0() + z)];
                }
            }
        }
        return out;
    }

    /** Circular shift: the value at (x, y) moves to ((x + dx) mod nx, (y + dy) mod ny). */
    public static double[] shift(double[] a, int nx, int ny, int dx, int dy) {
        double[] out = new double[a.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                out[Math.floorMod(y + dy, ny) * nx + Math.floorMod(x + dx, nx)] = a[y * nx + x];
            }
        }
        return out;
    }

    public static double maxAbsDiff(double[] a, double[] b) {
        assertEquals(a.length, b.length, "array lengths");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            if (!(d <= max)) { // NaN counts as the largest difference
                max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
            }
        }
        return max;
    }

    /** Neumaier-compensated sum, so the test's own rounding does not hide or fake a drift. */
    public static double accurateSum(double[] a) {
        double sum = 0, c = 0;
        for (double x : a) {
            double t = sum + x;
            c += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }
        return sum + c;
    }

    /** Fails at the first cell whose bits differ, naming it as (x, y) of rows nx long. */
    public static void assertBitwiseEquals(double[] expected, double[] actual, int nx, String what) {
        assertEquals(expected.length, actual.length, what + ": array lengths");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                fail(what + ": first difference at (x=" + (i % nx) + ", y=" + (i / nx) + "): expected " + expected[i]
                        + " but was " + actual[i] + " (max abs diff " + maxAbsDiff(expected, actual) + ")");
            }
        }
    }

    /**
     * A single-threaded (serial, one band) simulation of {@code model} on {@code backend}. Fails if the
     * backend silently fell back to another one, which would make a comparison between backends vacuous.
     */
    public static Simulation serialSimulation(Model model, Backend backend, Precision precision, int... size) {
        Simulation sim = Simulation.builder(model).size(size).precision(precision).backend(backend)
                .parallel(ParallelMode.SERIAL, 1).build();
        assertEquals(backend, sim.kernel().backend(), "kernel " + sim.kernel().description() + " for backend " + backend);
        assertEquals(precision, sim.kernel().precision(), "kernel precision");
        return sim;
    }

    /** Every field's interior after {@code steps} steps of a built simulation, which this closes. */
    public static double[][] fieldsAfter(Simulation sim, long steps) {
        try (sim) {
            assertEquals(steps, sim.run(steps).steps(), "completed steps");
            double[][] out = new double[sim.model().fields().size()][];
            for (int f = 0; f < out.length; f++) {
                out[f] = sim.field(f).toArray();
            }
            return out;
        }
    }

    /** Rounds every value to float, so an f32 field and its f64 oracle start from the same numbers. */
    public static double[] roundedTo(Precision p, double[] a) {
        if (p == Precision.F64) {
            return a.clone();
        }
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }
}
