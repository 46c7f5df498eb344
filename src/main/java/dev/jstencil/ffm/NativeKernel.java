package dev.jstencil.ffm;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.model.GrayScottParams;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.Optional;

/**
 * The C band and row kernels behind a {@link GrayScottKernel}. Every call checks, in O(1) and before the
 * downcall, everything the C code relies on (see native/include/jstencil.h), so a bad argument is a
 * Java exception naming the value, never a crash: fields open, one precision and layout, four
 * distinct fields, the band inside the field, the row pitch wide enough for both ghost columns,
 * segments long enough for ghost rows -1..ny, interiors 64-byte aligned. The segments themselves are
 * passed (not raw addresses), so the FFM keeps their memory alive for the duration of the call.
 */
abstract sealed class NativeKernel implements GrayScottKernel permits NativeKernelF64, NativeKernelF32 {
    private final Precision precision;

    NativeKernel(Precision precision) {
        this.precision = precision;
    }

    /** The downcall: pointers at interior cell (0, 0), pitch in elements. Arguments are already checked. */
    abstract void band(MemorySegment u, MemorySegment v, MemorySegment uNext, MemorySegment vNext, long pitch, int nx,
                       int y0, int y1, GrayScottParams p);

    /** The row downcall: offsets in elements from the segments' starts. Arguments are already checked. */
    abstract void row(MemorySegment u, MemorySegment v, long north, long centre, long south, MemorySegment uNext,
                      MemorySegment vNext, long out, int nx, GrayScottParams p);

    /**
     * {@code jstencil_gs_row_*} behind a {@link RowKernel}, so that the native backend also takes two
     * steps per sweep. Rows are named by offsets, not fields, so each call checks, before the downcall,
     * that every row it reads or writes lies inside its segment.
     */
    @Override
    public final Optional<RowKernel> rowKernel(GrayScottParams p) {
        Objects.requireNonNull(p, "params");
        final int shift = Integer.numberOfTrailingZeros(precision.bytes()); // byte offsets -> element offsets
        return Optional.of((u, v, north, centre, south, uNext, vNext, out, nx) -> {
            checkRow(u, v, north, centre, south, uNext, vNext, out, nx);
            row(u, v, north >> shift, centre >> shift, south >> shift, uNext, vNext, out >> shift, nx, p);
        });
    }

    private void checkRow(MemorySegment u, MemorySegment v, long north, long centre, long south, MemorySegment uNext,
                          MemorySegment vNext, long out, int nx) {
        if (nx < 1) {
            throw new IllegalArgumentException("row of " + nx + " cells: " + description() + " needs nx >= 1");
        }
        checkInputRows("u", u, north, centre, south, nx);
        checkInputRows("v", v, north, centre, south, nx);
        checkRowRange("uNext", uNext, "out", out, 0, nx);
        checkRowRange("vNext", vNext, "out", out, 0, nx);
    }

    private void checkInputRows(String name, MemorySegment in, long north, long centre, long south, int nx) {
        checkRowRange(name, in, "north", north, 0, nx);
        checkRowRange(name, in, "centre", centre, -1, nx + 1); // with its ghost cells
        checkRowRange(name, in, "south", south, 0, nx);
    }

    /** Cells [from, to) of the row at byte {@code offset} lie in {@code seg}, and the offset is a whole cell. */
    private void checkRowRange(String segName, MemorySegment seg, String rowName, long offset, int from, int to) {
        Objects.requireNonNull(seg, segName);
        long e = precision.bytes();
        long first = offset + from * e, end = offset + to * e; // cannot overflow once 0 <= offset <= byteSize
        if (offset < 0 || offset > seg.byteSize() || offset % e != 0 || first < 0 || end > seg.byteSize()) {
            throw new IllegalArgumentException(rowName + " row at byte " + offset + " of " + segName + ": cells " + from + ".."
                    + (to - 1) + " span bytes [" + first + ", " + end + "), but " + segName + " has " + seg.byteSize()
                    + " bytes; the offset must be a multiple of " + e + " with the whole span inside");
        }
    }

    @Override
    public final void update(Field2D u, Field2D v, Field2D uNext, Field2D vNext, GrayScottParams p, int y0, int y1) {
        checkArguments(u, v, uNext, vNext, p, y0, y1);
        if (y0 == y1) {
            return;
        }
        band(interior(u), interior(v), interior(uNext), interior(vNext), u.pitch(), u.nx(), y0, y1, p);
    }

    private static MemorySegment interior(Field2D f) {
        return f.segment().asSlice(f.offset(0, 0));
    }

    private void checkArguments(Field2D u, Field2D v, Field2D uNext, Field2D vNext, GrayScottParams p, int y0, int y1) {
        Objects.requireNonNull(p, "params");
        checkField("u", u, u);
        checkField("v", v, u);
        checkField("uNext", uNext, u);
        checkField("vNext", vNext, u);
        if (u == uNext || u == vNext || v == uNext || v == vNext || u == v || uNext == vNext) {
            throw new IllegalArgumentException(description() + " needs four distinct fields (u, v, uNext, vNext); got "
                    + "u=" + id(u) + ", v=" + id(v) + ", uNext=" + id(uNext) + ", vNext=" + id(vNext));
        }
        if (y0 < 0 || y1 < y0 || y1 > u.ny()) {
            throw new IllegalArgumentException("band rows [" + y0 + ", " + y1 + ") are not within the " + u.ny()
                    + " rows of field " + u.describe() + ": need 0 <= y0 <= y1 <= " + u.ny());
        }
    }

    /** Liveness, precision and layout of one field, and the layout invariants the C code relies on. */
    private void checkField(String name, Field2D f, Field2D reference) {
        Objects.requireNonNull(f, name);
        if (!f.isAlive()) {
            throw new IllegalStateException("field " + name + " (" + f.describe() + ") has been closed; its memory is freed");
        }
        if (f.precision() != precision) {
            throw new IllegalArgumentException("field " + name + " is " + f.precision().cliName() + " (" + f.describe() + ") but "
                    + description() + " needs " + precision.cliName());
        }
        if (!f.sameLayout(reference)) {
            throw new IllegalArgumentException("field " + name + " (" + f + ") does not have the layout of u (" + reference
                    + "): all four fields need one shape and pitch");
        }
        int bytes = precision.bytes();
        if (f.nx() < 1 || f.lead() < Field2D.GHOST || (long) f.pitch() < (long) f.nx() + 2 * Field2D.GHOST) {
            throw new IllegalArgumentException("field " + name + " (" + f + ", lead " + f.lead() + ") has no room for its ghost columns");
        }
        long needed = Field2D.byteSize(precision, f.nx(), f.ny());
        MemorySegment seg = f.segment();
        if (seg.byteSize() < needed) {
            throw new IllegalArgumentException("field " + name + " (" + f + ") has a segment of " + seg.byteSize()
                    + " bytes, less than the " + needed + " its ghost rows -1.." + f.ny() + " need");
        }
        if (seg.address() % Field2D.ALIGNMENT != 0 || ((long) f.lead() * bytes) % Field2D.ALIGNMENT != 0) {
            throw new IllegalArgumentException("field " + name + " (" + f + ") is not " + Field2D.ALIGNMENT + "-byte aligned: base address 0x"
                    + Long.toHexString(seg.address()) + ", interior at +" + (long) f.lead() * bytes + " bytes");
        }
    }

    private static String id(Field2D f) {
        return "#" + Integer.toHexString(System.identityHashCode(f));
    }

    @Override
    public final Backend backend() {
        return Backend.NATIVE;
    }

    @Override
    public final Precision precision() {
        return precision;
    }

    @Override
    public final String description() {
        return "native " + precision.cliName() + " (gcc)";
    }
}
