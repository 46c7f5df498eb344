package dev.jstencil.sim;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Scans a band of a field for NaN or infinity.
 *
 * <p>The common case, all finite, is a branch-free OR over the raw bits that C2 vectorises: a value
 * is NaN or infinite exactly when its exponent bits are all ones, and adding one to that exponent
 * field then carries into the sign bit. Only a band that fails is scanned again cell by cell, to
 * name the first bad cell. A plain {@code Double.isFinite} loop cost about twice a kernel step per
 * scan (1024x1024 f32: 1.3 ms against 0.6 ms), 2% of a run that scans every 100 steps.
 */
final class FiniteCheck {
    private static final long F64_EXPONENT = 0x7FF0_0000_0000_0000L, F64_EXPONENT_ONE = 0x0010_0000_0000_0000L;
    private static final int F32_EXPONENT = 0x7F80_0000, F32_EXPONENT_ONE = 0x0080_0000;

    private FiniteCheck() {
    }

    /**
     * Throws {@link NonFiniteValueException} naming the field, cell and step if band [from, to) (rows
     * in 2D, planes in 3D) holds NaN or infinity.
     */
    static void requireFinite(String name, Field f, int from, int to, long stepsDone, long lastGoodStep) {
        requireFinite(name, f, from, to, stepsDone, lastGoodStep, Placement.whole(f.shape()));
    }

    /** The same for a block of a bigger grid placed {@code at}: the cell is named in the grid. */
    static void requireFinite(String name, Field f, int from, int to, long stepsDone, long lastGoodStep, Placement at) {
        if (allFinite(f, from, to)) {
            return;
        }
        MemorySegment seg = f.segment();
        boolean f64 = f.precision() == Precision.F64;
        long e = f.precision().bytes();
        boolean planes = f.dims() == 3;
        for (int z = planes ? from : 0; z < (planes ? to : 1); z++) {
            for (int y = planes ? 0 : from; y < (planes ? f.ny() : to); y++) {
                long o = f.rowOffset(y, z);
                for (int x = 0; x < f.nx(); x++, o += e) {
                    double value = f64 ? seg.get(ValueLayout.JAVA_DOUBLE, o) : seg.get(ValueLayout.JAVA_FLOAT, o);
                    if (!Double.isFinite(value)) {
                        throw new NonFiniteValueException(name + " = " + value + " at (x=" + (x + at.x0()) + ", y=" + (y + at.y0()) + (planes ? ", z=" + (z + at.z0()) : "")
                                + ") after step " + stepsDone + " (fields were finite after step " + lastGoodStep
                                + "): the run diverged; try a smaller --dt or other parameters", stepsDone);
                    }
                }
            }
        }
    }

    /** Whether every interior cell of band [from, to) is finite. */
    static boolean allFinite(Field f, int from, int to) {
        boolean planes = f.dims() == 3;
        for (int z = planes ? from : 0; z < (planes ? to : 1); z++) {
            if (!rowsFinite(f, planes ? 0 : from, planes ? f.ny() : to, z)) {
                return false;
            }
        }
        return true;
    }

    private static boolean rowsFinite(Field f, int y0, int y1, int z) {
        MemorySegment seg = f.segment();
        long rowBytes = (long) f.nx() * f.precision().bytes();
        if (f.precision() == Precision.F64) {
            long carry = 0;
            for (int y = y0; y < y1; y++) {
                long start = f.rowOffset(y, z), end = start + rowBytes;
                for (long o = start; o < end; o += Double.BYTES) {
                    carry |= (seg.get(ValueLayout.JAVA_LONG, o) & F64_EXPONENT) + F64_EXPONENT_ONE;
                }
            }
            return carry >= 0;
        }
        int carry = 0;
        for (int y = y0; y < y1; y++) {
            long start = f.rowOffset(y, z), end = start + rowBytes;
            for (long o = start; o < end; o += Float.BYTES) {
                carry |= (seg.get(ValueLayout.JAVA_INT, o) & F32_EXPONENT) + F32_EXPONENT_ONE;
            }
        }
        return carry >= 0;
    }
}
