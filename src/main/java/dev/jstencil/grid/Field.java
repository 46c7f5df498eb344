package dev.jstencil.grid;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A scalar field on a 2D or 3D grid, stored off-heap, x fastest, with a ghost layer of width
 * {@code ghost} (1..{@value #MAX_GHOST}) around the interior.
 *
 * <p>Layout, in elements: a row is {@code pitch} elements, its interior starting {@code lead} (one
 * cache line, two for ghosts wider than half a line) in, on a 64-byte boundary, so a vector kernel's
 * centre loads are aligned. The pitch is the interior rounded up to a cache line, plus the lead: it
 * holds this row's right ghosts and the next row's left ghosts ({@code 2*ghost} cells fit in it), and leaves room for a vector
 * kernel to compute up to the 64-byte boundary after the interior without reaching the next row's
 * left ghosts. Every padding cell is computed by a kernel that sweeps rows as one loop, so the pitch
 * is kept this tight. The pitch avoids multiples of 512 bytes, which put the stencil's streams of
 * several fields into the same cache sets. A plane is {@code ny + 2*ghost} rows (ghost rows above
 * and below); a 3D field has {@code nz + 2*ghost} planes, a 2D field one. Cell (x, y, z) is at
 * {@code ((z + gz) * rowsPerPlane + y + ghost) * pitch + lead + x}, gz = ghost in 3D, 0 in 2D;
 * x, y, z may reach {@code ghost} cells beyond the interior.
 *
 * <p>Lifetime is explicit: a field either owns its arena ({@link #allocate(Precision, GridShape, int)};
 * {@link #close()} frees it) or lives in memory the caller owns ({@link #allocate(Arena, Precision,
 * GridShape, int, long)}, {@link #over}). Accessors check liveness and say which field was closed;
 * kernels work on {@link #segment()} directly and rely on the FFM's own checks.
 */
public final class Field implements AutoCloseable {
    /** Cache-line size; base, interior start and pitch are multiples of it. */
    public static final int ALIGNMENT = 64;
    /**
     * Widest ghost layer: a row's right ghosts and the next row's left ghosts share its lead, one cache line
     * (8 f64 cells: ghosts up to 4) or two (ghosts of 5 to 8 f64 cells, as temporal blocking across MPI ranks
     * needs for its ghost layers as deep as the sweep).
     */
    public static final int MAX_GHOST = 8;
    /**
     * Offset between the start addresses of fields used together (a multiple of 64, not of 512),
     * so that equal offsets in different fields do not fall into the same cache sets.
     */
    public static final long STAGGER_BYTES = 1024 + 64;

    private final Precision precision;
    private final GridShape shape;
    private final int ghost;
    private final int lead;
    private final int pitch;
    private final int rowsPerPlane;
    private final MemorySegment segment;
    private final Arena ownArena;

    private Field(Precision precision, GridShape shape, int ghost, MemorySegment segment, Arena ownArena) {
        this.precision = precision;
        this.shape = shape;
        this.ghost = ghost;
        this.lead = leadElements(precision, ghost);
        this.pitch = pitchElements(precision, shape.nx(), ghost);
        this.rowsPerPlane = shape.ny() + 2 * ghost;
        this.segment = segment;
        this.ownArena = ownArena;
    }

    /** A field with its own shared arena, freed by {@link #close()}. */
    public static Field allocate(Precision precision, GridShape shape, int ghost) {
        long bytes = byteSize(precision, shape, ghost);
        Arena arena = Arena.ofShared();
        try {
            return new Field(precision, shape, ghost, arena.allocate(bytes, ALIGNMENT), arena);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * A field in {@code arena}; its base address is 64-byte aligned plus {@code staggerBytes} (a
     * multiple of 64), so several fields allocated together can start in different cache sets.
     */
    public static Field allocate(Arena arena, Precision precision, GridShape shape, int ghost, long staggerBytes) {
        Objects.requireNonNull(arena, "arena");
        long bytes = byteSize(precision, shape, ghost);
        if (staggerBytes < 0 || staggerBytes % ALIGNMENT != 0) {
            throw new IllegalArgumentException("staggerBytes " + staggerBytes + " must be a non-negative multiple of " + ALIGNMENT);
        }
        MemorySegment raw = arena.allocate(bytes + staggerBytes, ALIGNMENT);
        return new Field(precision, shape, ghost, raw.asSlice(staggerBytes, bytes), null); // zeroed: ghosts start at 0
    }

    /**
     * A field over the start of {@code segment}, memory the caller owns and places (several fields in
     * one block at chosen offsets). The segment must be native, 64-byte aligned and at least {@link
     * #byteSize} long; its contents are taken as they are. The field lives as long as the segment's
     * arena; {@link #close()} does not free it.
     */
    public static Field over(MemorySegment segment, Precision precision, GridShape shape, int ghost) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(precision, "precision");
        long bytes = byteSize(precision, shape, ghost);
        if (!segment.isNative() || segment.address() % ALIGNMENT != 0) {
            throw new IllegalArgumentException("segment " + segment + " must be native and " + ALIGNMENT + "-byte aligned");
        }
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is too small for a " + shape + " "
                    + precision.cliName() + " field (needs " + bytes + ")");
        }
        return new Field(precision, shape, ghost, segment.asSlice(0, bytes), null);
    }

    private static void checkGhost(int ghost) {
        if (ghost < 1 || ghost > MAX_GHOST) {
            throw new IllegalArgumentException("ghost width " + ghost + " is not allowed: use 1.." + MAX_GHOST);
        }
    }

    /** Elements before the interior of each row: one cache line, so the interior is aligned. */
    public static int leadElements(Precision p) {
        return leadElements(p, 1);
    }

    /** The same for ghosts {@code ghost} wide: whole cache lines holding {@code 2*ghost} cells (one line up to 4 f64 cells). */
    public static int leadElements(Precision p, int ghost) {
        int perLine = ALIGNMENT / p.bytes();
        return Math.max(1, (2 * ghost + perLine - 1) / perLine) * perLine;
    }

    /** Row pitch in elements for a row of {@code nx} interior cells. */
    public static int pitchElements(Precision p, int nx) {
        return pitchElements(p, nx, 1);
    }

    /** The same for ghosts {@code ghost} wide: the interior rounded up to a line, then the lead. */
    public static int pitchElements(Precision p, int nx, int ghost) {
        int perLine = ALIGNMENT / p.bytes();
        long pitch = ((long) nx + perLine - 1) / perLine * perLine + leadElements(p, ghost);
        if ((pitch * p.bytes()) % 512 == 0) {
            pitch += perLine; // break power-of-two-like strides (cache-set aliasing)
        }
        if (pitch > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("a row of " + nx + " cells is too long");
        }
        return (int) pitch;
    }

    /**
     * Bytes of a field of this shape: its planes of {@code ny + 2*ghost} rows, and the lead line of
     * one more row, which holds the right ghosts of the last row.
     */
    public static long byteSize(Precision p, GridShape shape, int ghost) {
        checkGhost(ghost);
        long planes = shape.dims() == 3 ? shape.nz() + 2L * ghost : 1;
        long rows = Math.multiplyExact(planes, shape.ny() + 2L * ghost);
        return Math.multiplyExact(Math.addExact(Math.multiplyExact(rows, pitchElements(p, shape.nx(), ghost)), leadElements(p, ghost)),
                p.bytes());
    }

    public Precision precision() {
        return precision;
    }

    public GridShape shape() {
        return shape;
    }

    public int dims() {
        return shape.dims();
    }

    public int nx() {
        return shape.nx();
    }

    public int ny() {
        return shape.ny();
    }

    public int nz() {
        return shape.nz();
    }

    /** Width of the ghost layer. */
    public int ghost() {
        return ghost;
    }

    /** Row pitch in elements. */
    public int pitch() {
        return pitch;
    }

    /** Elements before the interior in each row (the left ghosts end at {@code lead - 1}). */
    public int lead() {
        return lead;
    }

    /** Rows per plane, ghost rows included. */
    public int rowsPerPlane() {
        return rowsPerPlane;
    }

    /** Bytes from a cell to the one at y + 1. */
    public long rowBytes() {
        return (long) pitch * precision.bytes();
    }

    /** Bytes from a cell to the one at z + 1. */
    public long planeBytes() {
        return (long) rowsPerPlane * pitch * precision.bytes();
    }

    /** The whole storage, ghost layer and padding included. */
    public MemorySegment segment() {
        return segment;
    }

    /** Element index of cell (x, y, z); each may be up to {@code ghost} cells outside the interior (z = 0 in 2D). */
    public long index(int x, int y, int z) {
        int gz = shape.dims() == 3 ? ghost : 0;
        return ((long) (z + gz) * rowsPerPlane + y + ghost) * pitch + lead + x;
    }

    /** Byte offset of cell (x, y, z) in {@link #segment()}. */
    public long offset(int x, int y, int z) {
        return index(x, y, z) * precision.bytes();
    }

    /** Byte offset of cell (x, y) of a 2D field, or of plane 0 of a 3D one. */
    public long offset(int x, int y) {
        return offset(x, y, 0);
    }

    /** Byte offset of the first interior cell of row y of plane z. */
    public long rowOffset(int y, int z) {
        return offset(0, y, z);
    }

    public boolean isAlive() {
        return segment.scope().isAlive();
    }

    public double get(int x, int y) {
        return get(x, y, 0);
    }

    public double get(int x, int y, int z) {
        checkAccess(x, y, z);
        return precision == Precision.F64
                ? segment.get(ValueLayout.JAVA_DOUBLE, offset(x, y, z))
                : segment.get(ValueLayout.JAVA_FLOAT, offset(x, y, z));
    }

    public void set(int x, int y, double value) {
        set(x, y, 0, value);
    }

    /** Stores {@code value}, rounded to float for an f32 field. */
    public void set(int x, int y, int z, double value) {
        checkAccess(x, y, z);
        if (precision == Precision.F64) {
            segment.set(ValueLayout.JAVA_DOUBLE, offset(x, y, z), value);
        } else {
            segment.set(ValueLayout.JAVA_FLOAT, offset(x, y, z), (float) value);
        }
    }

    /** Sets every interior cell. */
    public void fill(double value) {
        checkAlive();
        for (int z = 0; z < nz(); z++) {
            for (int y = 0; y < ny(); y++) {
                for (int x = 0; x < nx(); x++) {
                    set(x, y, z, value);
                }
            }
        }
    }

    /** Copies the interior into a new array, x fastest ((z*ny + y)*nx + x), for tests and small outputs. */
    public double[] toArray() {
        checkAlive();
        double[] out = new double[Math.toIntExact(shape.cells())];
        int i = 0;
        for (int z = 0; z < nz(); z++) {
            for (int y = 0; y < ny(); y++) {
                for (int x = 0; x < nx(); x++) {
                    out[i++] = get(x, y, z);
                }
            }
        }
        return out;
    }

    /** True if this field has the same precision, shape, ghost width and pitch as {@code other}. */
    public boolean sameLayout(Field other) {
        return precision == other.precision && shape.equals(other.shape) && ghost == other.ghost && pitch == other.pitch;
    }

    private void checkAccess(int x, int y, int z) {
        checkAlive();
        int gz = shape.dims() == 3 ? ghost : 0;
        if (x < -ghost || x >= nx() + ghost || y < -ghost || y >= ny() + ghost || z < -gz || z >= nz() + gz) {
            throw new IndexOutOfBoundsException("cell (" + x + ", " + y + (shape.dims() == 3 ? ", " + z : "") + ") is outside field "
                    + describe() + " (x in " + -ghost + ".." + (nx() - 1 + ghost) + ", y in " + -ghost + ".." + (ny() - 1 + ghost)
                    + (shape.dims() == 3 ? ", z in " + -gz + ".." + (nz() - 1 + gz) : (z != 0 ? ", z = 0 in 2D" : ""))
                    + " including ghosts)");
        }
    }

    private void checkAlive() {
        if (!isAlive()) {
            throw new IllegalStateException("field " + describe() + " has been closed; its memory is freed");
        }
    }

    public String describe() {
        return shape + " " + precision.cliName();
    }

    /** Frees the memory if this field owns its arena; a field in a caller's memory is freed with it. */
    @Override
    public void close() {
        if (ownArena != null && ownArena.scope().isAlive()) {
            ownArena.close();
        }
    }

    @Override
    public String toString() {
        return "Field[" + describe() + ", ghost=" + ghost + ", pitch=" + pitch + "]";
    }
}
