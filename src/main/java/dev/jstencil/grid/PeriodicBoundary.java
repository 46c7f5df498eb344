package dev.jstencil.grid;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Periodic (toroidal) wrap-around: the ghost left of column 0 is column nx-1, and so on. */
public final class PeriodicBoundary implements Boundary {
    public static final PeriodicBoundary INSTANCE = new PeriodicBoundary();

    private PeriodicBoundary() {
    }

    @Override
    public void fillHalo(Field2D f, int y0, int y1) {
        fillColumns(f, y0, y1);
        int ny = f.ny();
        // Ghost rows copy interior cells only (never another band's ghost columns), corners included,
        // so no band waits for another.
        if (y0 == 0) {
            copyRowWithCorners(f, ny - 1, -1);
        }
        if (y1 == ny) {
            copyRowWithCorners(f, 0, ny);
        }
    }

    /**
     * Only the ghost columns of rows [y0, y1): all a reader needs that finds its north and south rows
     * by wrapping the row index itself, as {@link dev.jstencil.kernel.TwoStepSweep} does.
     */
    public static void fillColumns(Field2D f, int y0, int y1) {
        int nx = f.nx();
        MemorySegment seg = f.segment();
        long e = f.precision().bytes();
        for (int y = y0; y < y1; y++) {
            copyCell(seg, f.offset(nx - 1, y), f.offset(-1, y), e);
            copyCell(seg, f.offset(0, y), f.offset(nx, y), e);
        }
    }

    private static void copyRowWithCorners(Field2D f, int fromY, int toY) {
        MemorySegment seg = f.segment();
        long e = f.precision().bytes();
        MemorySegment.copy(seg, f.offset(0, fromY), seg, f.offset(0, toY), (long) f.nx() * e);
        copyCell(seg, f.offset(f.nx() - 1, fromY), f.offset(-1, toY), e);
        copyCell(seg, f.offset(0, fromY), f.offset(f.nx(), toY), e);
    }

    private static void copyCell(MemorySegment seg, long from, long to, long bytes) {
        if (bytes == Double.BYTES) {
            seg.set(ValueLayout.JAVA_LONG_UNALIGNED, to, seg.get(ValueLayout.JAVA_LONG_UNALIGNED, from));
        } else {
            seg.set(ValueLayout.JAVA_INT_UNALIGNED, to, seg.get(ValueLayout.JAVA_INT_UNALIGNED, from));
        }
    }

    @Override
    public String name() {
        return "periodic";
    }
}
