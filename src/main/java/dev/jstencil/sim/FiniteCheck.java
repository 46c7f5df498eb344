package dev.jstencil.sim;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Scans a band of a field for NaN or infinity. */
final class FiniteCheck {
    private FiniteCheck() {
    }

    /** Throws {@link NonFiniteValueException} naming the species, cell and step if a band holds NaN/Inf. */
    static void requireFinite(String species, Field2D f, int y0, int y1, long stepsDone, long lastGoodStep) {
        MemorySegment seg = f.segment();
        boolean f64 = f.precision() == Precision.F64;
        long e = f.precision().bytes();
        for (int y = y0; y < y1; y++) {
            long o = f.rowOffset(y);
            for (int x = 0; x < f.nx(); x++, o += e) {
                double value = f64 ? seg.get(ValueLayout.JAVA_DOUBLE, o) : seg.get(ValueLayout.JAVA_FLOAT, o);
                if (!Double.isFinite(value)) {
                    throw new NonFiniteValueException(species + " = " + value + " at (x=" + x + ", y=" + y + ") after step "
                            + stepsDone + " (fields were finite after step " + lastGoodStep
                            + "): the run diverged; try a smaller --dt or other F/k", stepsDone);
                }
            }
        }
    }
}
