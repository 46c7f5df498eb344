package dev.jstencil.ffm;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Noise;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.PlaneKernel;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.kernel.StencilKernel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A model's generated C kernel ({@link KernelLibrary}) behind a {@link StencilKernel}. Every call
 * checks, in O(1) per field and before the downcall, everything the C code relies on (see
 * native/include/jstencil.h), so a bad argument is a Java exception naming the value, never a crash:
 * one field per model field each side, open, of the kernel's precision, dimension and ghost width,
 * all of one layout, none shared between the two sides, the band inside the grid.
 *
 * <p>Field pointers go to C in a small table: the fields must stay open for the duration of the call,
 * which the simulation guarantees (it closes fields only after its steps have stopped).
 */
final class NativeKernel implements StencilKernel {
    private static final long GEOMETRY = 10;

    private final Lowered lowered;
    private final KernelLibrary library;
    private final MemorySegment slots; // read-only to C, shared by every call
    private final long seed;
    private final int[] streams;
    private final int fields;
    private final int dims;
    private final int radius; // Lowered computes it by walking the tree: once here, not per call
    private final Precision precision;
    /** Argument tables (field pointers, geometry, noise keys) for band calls, reused: at most one per concurrent caller. */
    private final ConcurrentLinkedQueue<MemorySegment> argumentTables = new ConcurrentLinkedQueue<>();

    NativeKernel(Lowered lowered, double[] slotValues, long seed, KernelLibrary library) {
        this.lowered = lowered;
        this.library = library;
        this.seed = seed;
        this.streams = lowered.streams().stream().mapToInt(Integer::intValue).toArray();
        this.fields = lowered.fieldCount();
        this.dims = lowered.dims();
        this.radius = lowered.radius();
        this.precision = lowered.precision();
        this.slots = Arena.ofAuto().allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, slotValues.length));
        MemorySegment.copy(slotValues, 0, slots, ValueLayout.JAVA_DOUBLE, 0, slotValues.length);
    }

    private void keys(MemorySegment into, long offset, long step) {
        for (int i = 0; i < streams.length; i++) {
            into.set(ValueLayout.JAVA_LONG, offset + 8L * i, Noise.key(seed, step, streams[i]));
        }
    }

    @Override
    public void update(Field[] cur, Field[] next, int from, int to, long step) {
        update(cur, next, from, to, step, Placement.whole(cur[0].shape()));
    }

    /** A block of a bigger grid: the C computes positions and noise counters from the global cell (geometry[5..9]). */
    @Override
    public void update(Field[] cur, Field[] next, int from, int to, long step, Placement at) {
        checkFields(cur, next);
        Field f = cur[0];
        int extent = f.dims() == 3 ? f.nz() : f.ny();
        if (from < 0 || to < from || to > extent) {
            throw new IllegalArgumentException("band [" + from + ", " + to + ") is not within the " + extent + (f.dims() == 3 ? " planes"
                    : " rows") + " of " + f.describe() + ": need 0 <= from <= to <= " + extent);
        }
        if (from == to) {
            return;
        }
        long pointers = 2L * fields * ValueLayout.ADDRESS.byteSize();
        MemorySegment args = argumentTables.poll(); // bands run on several threads at once: a table each
        if (args == null) {
            args = Arena.ofAuto().allocate(pointers + 8 * (GEOMETRY + Math.max(1, streams.length)), 64);
        }
        try {
            MemorySegment in = args.asSlice(0, pointers / 2), out = args.asSlice(pointers / 2, pointers / 2);
            for (int i = 0; i < fields; i++) {
                in.setAtIndex(ValueLayout.ADDRESS, i, interior(cur[i]));
                out.setAtIndex(ValueLayout.ADDRESS, i, interior(next[i]));
            }
            MemorySegment geometry = args.asSlice(pointers, 8 * GEOMETRY);
            long plane = f.dims() == 3 ? f.planeBytes() / f.precision().bytes() : 0;
            long[] g = {f.nx(), f.ny(), f.nz(), f.pitch(), plane, at.x0(), at.y0(), at.z0(), at.global().nx(), at.global().ny()};
            MemorySegment.copy(g, 0, geometry, ValueLayout.JAVA_LONG, 0, g.length);
            MemorySegment keys = args.asSlice(pointers + 8 * GEOMETRY);
            keys(keys, 0, step);
            jstencil_band_fn.invoke(library.band, in, out, slots, geometry, from, to, keys);
        } finally {
            argumentTables.offer(args);
        }
    }

    private static MemorySegment interior(Field f) {
        return f.segment().asSlice(f.dims() == 3 ? f.offset(0, 0, 0) : f.offset(0, 0));
    }

    private void checkFields(Field[] cur, Field[] next) {
        Objects.requireNonNull(cur, "current fields");
        Objects.requireNonNull(next, "next fields");
        if (cur.length != fields || next.length != fields) {
            throw new IllegalArgumentException(description() + " takes " + fields + " fields each side; got " + cur.length + " current and "
                    + next.length + " next");
        }
        Field reference = Objects.requireNonNull(cur[0], "current field 0");
        for (int i = 0; i < fields; i++) {
            checkField("current field " + i, cur[i], reference);
            checkField("next field " + i, next[i], reference);
        }
        for (Field a : cur) {
            for (Field b : next) {
                if (a == b || a.segment().address() == b.segment().address()) {
                    throw new IllegalArgumentException(description() + " needs the next fields apart from the current ones; field "
                            + a.describe() + " is on both sides");
                }
            }
        }
    }

    /** Liveness, precision, dimension, ghost width, layout and size of one field. */
    private void checkField(String name, Field f, Field reference) {
        Objects.requireNonNull(f, name);
        if (!f.isAlive()) {
            throw new IllegalStateException(name + " (" + f.describe() + ") has been closed; its memory is freed");
        }
        if (f.precision() != precision) {
            throw new IllegalArgumentException(name + " is " + f.precision().cliName() + " (" + f.describe() + ") but " + description()
                    + " needs " + precision.cliName());
        }
        if (f.dims() != dims || f.ghost() < radius) {
            throw new IllegalArgumentException(name + " (" + f + ") is not " + dims + "D with a ghost width of at least "
                    + radius + ", as " + description() + " needs");
        }
        if (!f.sameLayout(reference)) {
            throw new IllegalArgumentException(name + " (" + f + ") does not have the layout of current field 0 (" + reference
                    + "): every field needs one shape and pitch");
        }
        long needed = Field.byteSize(f.precision(), f.shape(), f.ghost());
        if (f.segment().byteSize() < needed) {
            throw new IllegalArgumentException(name + " (" + f + ") has a segment of " + f.segment().byteSize() + " bytes, less than the "
                    + needed + " its shape and ghost layer need");
        }
    }

    /**
     * {@code jstencil_row} behind a {@link RowKernel}, for two steps per sweep (2D models of radius 1).
     * Rows are named by offsets, not fields, so each call checks that every row it reads or writes lies
     * inside its segment.
     */
    @Override
    public Optional<RowKernel> rowKernel() {
        if (lowered.dims() != 2 || lowered.radius() > 1) {
            return Optional.empty();
        }
        final int shift = Integer.numberOfTrailingZeros(lowered.precision().bytes()); // byte offsets -> element offsets
        SliceArguments args = new SliceArguments(); // one thread at a time uses a row kernel
        return Optional.of((in, north, centre, south, out, outOffset, nx, y, step) -> {
            if (in.length != fields || out.length != fields) {
                throw new IllegalArgumentException("row of " + in.length + " input and " + out.length + " output fields: "
                        + description() + " takes " + fields);
            }
            if (nx < 1) {
                throw new IllegalArgumentException("row of " + nx + " cells: " + description() + " needs nx >= 1");
            }
            for (int i = 0; i < fields; i++) {
                checkRowRange("input field " + i, in[i], "north", north, -1, nx + 1);
                checkRowRange("input field " + i, in[i], "centre", centre, -1, nx + 1);
                checkRowRange("input field " + i, in[i], "south", south, -1, nx + 1);
                checkRowRange("output field " + i, out[i], "out", outOffset, 0, nx);
            }
            args.set(in, out, step);
            jstencil_row_fn.invoke(library.row, args.in, args.out, slots, north >> shift, centre >> shift, south >> shift,
                    outOffset >> shift, nx, y, args.keys);
        });
    }

    /**
     * {@code jstencil_plane} behind a {@link PlaneKernel}, for several steps per sweep in 3D (models of radius 1),
     * on planes with {@code layout}'s rows. Planes are named by offsets, so each call checks that every plane it
     * reads or writes lies inside its segment.
     */
    @Override
    public Optional<PlaneKernel> planeKernel(Field layout) {
        if (lowered.dims() != 3 || lowered.radius() > 1) {
            return Optional.empty();
        }
        if (layout.dims() != 3 || layout.precision() != precision) {
            throw new IllegalArgumentException(description() + " has no plane kernel for " + layout.describe());
        }
        final int shift = Integer.numberOfTrailingZeros(precision.bytes()); // byte offsets -> element offsets
        final int nx = layout.nx(), ny = layout.ny();
        final long pitch = layout.pitch();
        final long readFrom = -pitch - 1, readTo = ny * pitch + nx + 1, writeTo = (ny - 1) * pitch + nx; // cells from cell (0, 0)
        SliceArguments args = new SliceArguments(); // one thread at a time uses a plane kernel
        MemorySegment geometry = Arena.ofAuto().allocate(8 * GEOMETRY, 64);
        long[] g = {nx, ny, layout.nz(), pitch, layout.planeBytes() >> shift};
        MemorySegment.copy(g, 0, geometry, ValueLayout.JAVA_LONG, 0, g.length);
        return Optional.of((in, below, centre, above, out, outOffset, z, step) -> {
            if (in.length != fields || out.length != fields) {
                throw new IllegalArgumentException("plane of " + in.length + " input and " + out.length + " output fields: "
                        + description() + " takes " + fields);
            }
            for (int i = 0; i < fields; i++) {
                checkRowRange("input field " + i, in[i], "below", below, readFrom, readTo);
                checkRowRange("input field " + i, in[i], "centre", centre, readFrom, readTo);
                checkRowRange("input field " + i, in[i], "above", above, readFrom, readTo);
                checkRowRange("output field " + i, out[i], "out", outOffset, 0, writeTo);
            }
            args.set(in, out, step);
            jstencil_plane_fn.invoke(library.plane, args.in, args.out, slots, geometry, below >> shift, centre >> shift, above >> shift,
                    outOffset >> shift, z, args.keys);
        });
    }

    /** The field pointer tables and noise keys of a row or plane kernel's calls, allocated once (one thread uses them). */
    private final class SliceArguments {
        final MemorySegment in, out, keys;
        private long keyedStep = Long.MIN_VALUE;

        SliceArguments() {
            long pointers = fields * ValueLayout.ADDRESS.byteSize();
            MemorySegment all = Arena.ofAuto().allocate(2 * pointers + 8L * Math.max(1, streams.length), 64);
            in = all.asSlice(0, pointers);
            out = all.asSlice(pointers, pointers);
            keys = all.asSlice(2 * pointers);
        }

        void set(MemorySegment[] inputs, MemorySegment[] outputs, long step) {
            for (int i = 0; i < fields; i++) {
                in.setAtIndex(ValueLayout.ADDRESS, i, inputs[i]);
                out.setAtIndex(ValueLayout.ADDRESS, i, outputs[i]);
            }
            if (keyedStep != step) {
                keys(keys, 0, step);
                keyedStep = step;
            }
        }
    }

    /** Cells [from, to) of the row (or plane) at byte {@code offset} lie in {@code seg}, and the offset is a whole cell. */
    private void checkRowRange(String segName, MemorySegment seg, String rowName, long offset, long from, long to) {
        Objects.requireNonNull(seg, segName);
        long e = lowered.precision().bytes();
        long first = offset + from * e, end = offset + to * e; // cannot overflow once 0 <= offset <= byteSize
        if (offset < 0 || offset > seg.byteSize() || offset % e != 0 || first < 0 || end > seg.byteSize()) {
            throw new IllegalArgumentException(rowName + " row at byte " + offset + " of " + segName + ": cells " + from + ".."
                    + (to - 1) + " span bytes [" + first + ", " + end + "), but " + segName + " has " + seg.byteSize()
                    + " bytes; the offset must be a multiple of " + e + " with the whole span inside");
        }
    }

    @Override
    public Backend backend() {
        return Backend.NATIVE;
    }

    @Override
    public Precision precision() {
        return lowered.precision();
    }

    @Override
    public String description() {
        return "native " + lowered.precision().cliName() + " (generated C, " + library.path.getFileName() + ")";
    }
}
