package dev.jstencil.kernel.vector;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Noise;
import dev.jstencil.codegen.VectorSweepGenerator;
import dev.jstencil.codegen.VectorSweepGenerator.Tables;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.PlaneKernel;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.kernel.StencilKernel;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;

/**
 * A generated {@link VectorSweep} bound to a run: fills the tables it reads (coefficients as whole
 * vectors, noise keys per step) and calls it over bands: a 2D band, or each plane of a 3D slab, as
 * one loop through the row padding. On JDK 25 short segment loops pay their set-up cost every row
 * (JDK-8342692): one loop was measured 6-13% faster at 128-256 wide grids than a loop per row. A model
 * that reads positions or noise counts each vector's row and column (see VectorSweepGenerator).
 *
 * <p>Band sweeps run a class specialised, on first use, for the fields' layout (row and plane deltas
 * as constants in the code); the row kernel runs the class that takes deltas as arguments.
 */
final class VectorStencilKernel implements StencilKernel {
    /** The class specialised for one field layout, and that layout. */
    private record Specialised(VectorSweepGenerator.Layout layout, VectorSweep sweep) {
    }

    private final String modelText;
    private final Lowered lowered;
    private final VectorSweep sweep; // row deltas as arguments
    private volatile Specialised specialised;
    private final Tables tables;
    /** The coefficient tables of blocks that start at x0 != 0 (MPI), by x0: made once, not on every update. */
    private final java.util.Map<Integer, Object> blockCoefficients = new java.util.concurrent.ConcurrentHashMap<>();
    private final long seed;
    private final int vectorBytes;
    private final Object[] fixedTables;
    private final long[] longTemplate;
    private final int[] keyEntries;
    private final int[] keyStreams;
    private final List<int[]> shifts;
    private final double[] slots;

    VectorStencilKernel(String modelText, Lowered lowered, double[] slots, long seed) {
        VectorKernels.Compiled compiled = VectorKernels.compile(modelText, lowered, null);
        this.modelText = modelText;
        this.lowered = lowered;
        this.sweep = compiled.sweep();
        this.tables = compiled.generated().tables();
        this.seed = seed;
        this.vectorBytes = tables.lanes() * lowered.precision().bytes();
        this.shifts = lowered.rowShifts();
        this.slots = slots.clone();
        Object coefficients = coefficients(slots, 0);
        this.longTemplate = new long[tables.longs().size() * tables.longLanes()];
        int keys = 0;
        for (Tables.Entry e : tables.longs()) {
            keys += e instanceof Tables.KeyEntry ? 1 : 0;
        }
        keyEntries = new int[keys];
        keyStreams = new int[keys];
        int k = 0;
        for (int i = 0; i < tables.longs().size(); i++) {
            switch (tables.longs().get(i)) {
                case Tables.LongConstEntry c -> fill(longTemplate, i, c.value());
                case Tables.IotaGoldenEntry g -> {
                    for (int j = 0; j < tables.longLanes(); j++) {
                        longTemplate[i * tables.longLanes() + j] = ((long) g.part() * tables.longLanes() + j) * Noise.GOLDEN;
                    }
                }
                case Tables.KeyEntry key -> {
                    keyEntries[k] = i;
                    keyStreams[k++] = lowered.streams().get(key.stream());
                }
                default -> throw new IllegalStateException("not a long entry: " + tables.longs().get(i));
            }
        }
        int[] ints = new int[tables.ints().size() * tables.lanes()];
        for (int i = 0; i < tables.ints().size(); i++) {
            long v = ((Tables.LongConstEntry) tables.ints().get(i)).value();
            java.util.Arrays.fill(ints, i * tables.lanes(), (i + 1) * tables.lanes(), (int) v);
        }
        this.fixedTables = new Object[] {coefficients, longTemplate, ints};
    }

    private void fill(long[] a, int entry, long v) {
        java.util.Arrays.fill(a, entry * tables.longLanes(), (entry + 1) * tables.longLanes(), v);
    }

    /** The coefficient table: each slot and internal constant as a whole vector's lanes (see LaneConstants). */
    private Object coefficients(double[] slots, int x0) {
        int lanes = tables.lanes();
        double[] values = new double[tables.coefficients().size() * lanes];
        for (int i = 0; i < tables.coefficients().size(); i++) {
            for (int j = 0; j < lanes; j++) {
                values[i * lanes + j] = switch (tables.coefficients().get(i)) {
                    case Tables.SlotEntry s -> slots[s.index()];
                    case Tables.ConstEntry c -> c.value();
                    case Tables.IotaEntry iota -> x0 + j; // the lanes' x index: a block's starts at its offset
                    default -> throw new IllegalStateException("not a coefficient entry");
                };
            }
        }
        if (lowered.precision() == Precision.F64) {
            return values;
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    /** The tables for one step: the fixed ones, with this step's noise keys if the model has noise. */
    private Object[] tables(long step) {
        if (keyEntries.length == 0) {
            return fixedTables;
        }
        long[] longs = longTemplate.clone();
        for (int k = 0; k < keyEntries.length; k++) {
            fill(longs, keyEntries[k], Noise.key(seed, step, keyStreams[k]));
        }
        return new Object[] {fixedTables[0], longs, fixedTables[2]};
    }

    /**
     * The tables of the step last asked for, kept: a row or plane kernel is called per row or plane, many times
     * for each step, and a noisy model's tables are a fresh copy per step. One per row or plane kernel, which
     * one thread uses at a time.
     */
    private final class StepTables {
        private long step = Long.MIN_VALUE;
        private Object[] tables;

        Object[] of(long s) {
            if (tables == null || step != s) {
                tables = tables(s);
                step = s;
            }
            return tables;
        }
    }

    private long roundUpToVector(long bytes) {
        return (bytes + vectorBytes - 1) / vectorBytes * vectorBytes;
    }

    private static MemorySegment[] segments(Field[] fields) {
        MemorySegment[] s = new MemorySegment[fields.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = fields[i].segment();
        }
        return s;
    }

    /** The layout of {@code f}: the byte distance from a cell to the row (dy, dz) of each of {@code shifts}, its rows. */
    static VectorSweepGenerator.Layout layout(List<int[]> shifts, Field f) {
        Long[] deltas = new Long[shifts.size()];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = delta(shifts.get(i), f);
        }
        return new VectorSweepGenerator.Layout(List.of(deltas), f.rowBytes(), f.nx());
    }

    private static long delta(int[] shift, Field f) {
        return shift[0] * f.rowBytes() + shift[1] * f.planeBytes();
    }

    /** The sweep specialised for {@code f}'s layout, generated (or found cached) on first use. */
    private VectorSweep sweepFor(Field f, int rowCells) {
        Specialised s = specialised;
        if (s != null && sameLayout(s.layout(), f, rowCells)) {
            return s.sweep();
        }
        VectorSweepGenerator.Layout base = layout(shifts, f);
        // the layout's nx is what a noise counter moves by from one row to the next: the global grid's row
        VectorSweepGenerator.Layout layout = new VectorSweepGenerator.Layout(base.rowDeltas(), base.rowBytes(), rowCells);
        s = new Specialised(layout, VectorKernels.compile(modelText, lowered, layout).sweep());
        specialised = s;
        return s.sweep();
    }

    private boolean sameLayout(VectorSweepGenerator.Layout layout, Field f, int rowCells) {
        if (layout.rowBytes() != f.rowBytes() || layout.nx() != rowCells) {
            return false;
        }
        for (int i = 0; i < shifts.size(); i++) {
            if (layout.rowDeltas().get(i) != delta(shifts.get(i), f)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void update(Field[] cur, Field[] next, int from, int to, long step) {
        update(cur, next, from, to, step, Placement.whole(cur[0].shape()));
    }

    /** A block's cells are counted in the global grid: its rows advance by the global row, its lanes' x start at x0. */
    @Override
    public void update(Field[] cur, Field[] next, int from, int to, long step, Placement at) {
        if (from >= to) {
            return;
        }
        Field f = cur[0];
        GridShape g = at.global();
        VectorSweep sweep = sweepFor(f, g.nx());
        MemorySegment[] in = segments(cur), out = segments(next);
        long[] deltas = null; // the specialised sweep has the layout in its code
        Object[] t = tables(step);
        if (at.x0() != 0) {
            t = new Object[] {blockCoefficients.computeIfAbsent(at.x0(), x0 -> coefficients(slots, x0)), t[1], t[2]};
        }
        long rowLength = roundUpToVector((long) f.nx() * f.precision().bytes());
        long vectorsPerRow = f.rowBytes() / vectorBytes; // rows are whole numbers of 64-byte lines
        if (f.dims() == 2) { // the band as one stretch through the row padding
            long start = f.rowOffset(from, 0);
            sweep.sweep(in, out, start, f.rowOffset(to - 1, 0) + rowLength - start, 0, 1, 0, deltas, t,
                    at.cellIndex(0, from, 0), 0, from + at.y0(), 0, vectorsPerRow, g.nx());
            return;
        }
        long start = f.rowOffset(0, from); // each plane of the slab as one stretch
        sweep.sweep(in, out, start, f.rowOffset(f.ny() - 1, from) + rowLength - start, f.planeBytes(), to - from, 0, deltas, t,
                at.cellIndex(0, 0, from), (long) g.nx() * g.ny(), at.y0(), from + at.z0(), vectorsPerRow, g.nx());
    }

    @Override
    public Optional<RowKernel> rowKernel() {
        if (lowered.dims() != 2 || lowered.radius() > 1) {
            return Optional.empty();
        }
        long e = lowered.precision().bytes();
        long[] deltas = new long[shifts.size()]; // a row kernel serves one thread at a time
        StepTables perStep = new StepTables();
        return Optional.of((in, north, centre, south, out, outOffset, nx, y, step) -> {
            for (int i = 0; i < deltas.length; i++) {
                deltas[i] = (shifts.get(i)[0] < 0 ? north : south) - centre;
            }
            // a stretch of one row: it never reaches a next row
            sweep.sweep(in, out, centre, roundUpToVector(nx * e), 0, 1, outOffset - centre, deltas, perStep.of(step), (long) y * nx, 0,
                    y, 0, Long.MAX_VALUE, nx);
        });
    }

    @Override
    public Optional<PlaneKernel> planeKernel(Field layout) {
        if (lowered.dims() != 3 || lowered.radius() > 1) {
            return Optional.empty();
        }
        long rowBytes = layout.rowBytes();
        int nx = layout.nx();
        long length = (layout.ny() - 1) * rowBytes + roundUpToVector((long) nx * lowered.precision().bytes());
        long vectorsPerRow = rowBytes / vectorBytes, cellsPerPlane = (long) nx * layout.ny();
        long[] deltas = new long[shifts.size()]; // a plane kernel serves one thread at a time
        StepTables perStep = new StepTables();
        return Optional.of((in, below, centre, above, out, outOffset, z, step) -> {
            for (int i = 0; i < deltas.length; i++) {
                int[] shift = shifts.get(i);
                deltas[i] = shift[0] * rowBytes + (shift[1] < 0 ? below : shift[1] > 0 ? above : centre) - centre;
            }
            // the plane as one stretch through the row padding, like a slab's plane
            sweep.sweep(in, out, centre, length, 0, 1, outOffset - centre, deltas, perStep.of(step), z * cellsPerPlane, 0, 0, z,
                    vectorsPerRow, nx);
        });
    }

    @Override
    public Backend backend() {
        return Backend.VECTOR;
    }

    @Override
    public Precision precision() {
        return lowered.precision();
    }

    @Override
    public String description() {
        return "vector " + lowered.precision().cliName() + " x" + tables.lanes() + " (" + vectorBytes * 8 + "-bit)";
    }
}
