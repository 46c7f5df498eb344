package dev.jstencil.ffm;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.kernel.StencilKernel;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.Optional;

/**
 * The hand-written C Gray-Scott band and row kernels (native/src) behind a {@link StencilKernel},
 * for models whose lowered formulas are exactly those of the built-in gray-scott model ({@link
 * GrayScottMatch}); the C for every model is generated in a later step. Every call checks, in O(1)
 * and before the downcall, everything the C code relies on (see native/include/jstencil.h), so a bad
 * argument is a Java exception naming the value, never a crash: two fields each side, open, of one
 * precision and layout (2D, ghost width 1), distinct, the band inside the field, segments long
 * enough, interiors 64-byte aligned. The segments themselves are passed (not raw addresses), so the
 * FFM keeps their memory alive for the duration of the call.
 */
final class NativeKernel implements StencilKernel {
    private final Precision precision;
    private final GrayScottMatch.Coefficients k;

    NativeKernel(Precision precision, GrayScottMatch.Coefficients coefficients) {
        this.precision = precision;
        this.k = coefficients;
    }

    private void band(MemorySegment u, MemorySegment v, MemorySegment uNext, MemorySegment vNext, long pitch, int nx, int y0, int y1) {
        if (precision == Precision.F64) {
            jstencil_h.jstencil_gs_band_f64(u, v, uNext, vNext, pitch, nx, y0, y1, k.du(), k.dv(), k.f(), k.fk(), k.dt(), k.invH2());
        } else {
            jstencil_h.jstencil_gs_band_f32(u, v, uNext, vNext, pitch, nx, y0, y1, (float) k.du(), (float) k.dv(), (float) k.f(),
                    (float) k.fk(), (float) k.dt(), (float) k.invH2());
        }
    }

    private void row(MemorySegment u, MemorySegment v, long north, long centre, long south, MemorySegment uNext, MemorySegment vNext,
                     long out, int nx) {
        if (precision == Precision.F64) {
            jstencil_h.jstencil_gs_row_f64(u, v, north, centre, south, uNext, vNext, out, nx, k.du(), k.dv(), k.f(), k.fk(), k.dt(),
                    k.invH2());
        } else {
            jstencil_h.jstencil_gs_row_f32(u, v, north, centre, south, uNext, vNext, out, nx, (float) k.du(), (float) k.dv(),
                    (float) k.f(), (float) k.fk(), (float) k.dt(), (float) k.invH2());
        }
    }

    /**
     * {@code jstencil_gs_row_*} behind a {@link RowKernel}, so that the native backend also takes two
     * steps per sweep. Rows are named by offsets, not fields, so each call checks, before the downcall,
     * that every row it reads or writes lies inside its segment.
     */
    @Override
    public Optional<RowKernel> rowKernel() {
        final int shift = Integer.numberOfTrailingZeros(precision.bytes()); // byte offsets -> element offsets
        return Optional.of((in, north, centre, south, out, outOffset, nx, y, step) -> {
            requireTwo("row input", in.length);
            requireTwo("row output", out.length);
            checkRow(in[0], in[1], north, centre, south, out[0], out[1], outOffset, nx);
            row(in[0], in[1], north >> shift, centre >> shift, south >> shift, out[0], out[1], outOffset >> shift, nx);
        });
    }

    private static void requireTwo(String what, int n) {
        if (n != 2) {
            throw new IllegalArgumentException(what + " has " + n + " fields; the native Gray-Scott kernel takes 2 (u, v)");
        }
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
    public void update(Field[] cur, Field[] next, int y0, int y1, long step) {
        requireTwo("current state", cur.length);
        requireTwo("next state", next.length);
        Field u = cur[0], v = cur[1], uNext = next[0], vNext = next[1];
        checkArguments(u, v, uNext, vNext, y0, y1);
        if (y0 == y1) {
            return;
        }
        band(interior(u), interior(v), interior(uNext), interior(vNext), u.pitch(), u.nx(), y0, y1);
    }

    private static MemorySegment interior(Field f) {
        return f.segment().asSlice(f.offset(0, 0));
    }

    private void checkArguments(Field u, Field v, Field uNext, Field vNext, int y0, int y1) {
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
    private void checkField(String name, Field f, Field reference) {
        Objects.requireNonNull(f, name);
        if (!f.isAlive()) {
            throw new IllegalStateException("field " + name + " (" + f.describe() + ") has been closed; its memory is freed");
        }
        if (f.precision() != precision) {
            throw new IllegalArgumentException("field " + name + " is " + f.precision().cliName() + " (" + f.describe() + ") but "
                    + description() + " needs " + precision.cliName());
        }
        if (f.dims() != 2 || f.ghost() != 1) {
            throw new IllegalArgumentException("field " + name + " (" + f + ") is not 2D with a ghost width of 1, as "
                    + description() + " needs");
        }
        if (!f.sameLayout(reference)) {
            throw new IllegalArgumentException("field " + name + " (" + f + ") does not have the layout of u (" + reference
                    + "): all four fields need one shape and pitch");
        }
        int bytes = precision.bytes();
        if (f.nx() < 1 || f.lead() < 1 || (long) f.pitch() < (long) f.nx() + 2) {
            throw new IllegalArgumentException("field " + name + " (" + f + ", lead " + f.lead() + ") has no room for its ghost columns");
        }
        long needed = Field.byteSize(precision, f.shape(), 1);
        MemorySegment seg = f.segment();
        if (seg.byteSize() < needed) {
            throw new IllegalArgumentException("field " + name + " (" + f + ") has a segment of " + seg.byteSize()
                    + " bytes, less than the " + needed + " its ghost rows -1.." + f.ny() + " need");
        }
        if (seg.address() % Field.ALIGNMENT != 0 || ((long) f.lead() * bytes) % Field.ALIGNMENT != 0) {
            throw new IllegalArgumentException("field " + name + " (" + f + ") is not " + Field.ALIGNMENT + "-byte aligned: base address 0x"
                    + Long.toHexString(seg.address()) + ", interior at +" + (long) f.lead() * bytes + " bytes");
        }
    }

    private static String id(Field f) {
        return "#" + Integer.toHexString(System.identityHashCode(f));
    }

    @Override
    public Backend backend() {
        return Backend.NATIVE;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public String description() {
        return "native " + precision.cliName() + " (gcc, hand-written Gray-Scott)";
    }
}
