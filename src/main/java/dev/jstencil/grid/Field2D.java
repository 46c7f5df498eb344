package dev.jstencil.grid;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A 2D scalar field of {@code ny} rows by {@code nx} columns stored off-heap, row-major, with a
 * ghost ring of width 1 around the interior.
 *
 * <p>Layout, in elements: row y's interior starts at {@code (y + 1) * pitch + lead}, on a 64-byte
 * boundary, so that the centre loads of a vector kernel are aligned (the x±1 neighbours cannot all
 * be). The left ghost cell sits just before it, the right ghost just after column {@code nx-1}. Row
 * -1 and row {@code ny} are the ghost rows. The pitch is the interior rounded up to a cache line,
 * plus one line: that line holds this row's right ghost and the next row's left ghost, and leaves
 * room for a vector kernel to compute up to the 64-byte boundary after the interior without
 * reaching the next row's left ghost. Every padding cell is also computed by a kernel that sweeps a
 * band as one loop, so the pitch is kept this tight (at 256 f32 cells a row, 6% padding instead of
 * the 12.5% of a separate lead line). The pitch avoids multiples of 512 bytes, which make the five
 * stencil streams of several fields collide in the same cache sets.
 *
 * <p>Lifetime is explicit: a field either owns its arena ({@link #allocate(Precision, int, int)};
 * {@link #close()} frees it) or lives in a caller's arena ({@link #allocate(Arena, Precision, int,
 * int, long)}), freed when that arena closes. Accessors check liveness and say which field was
 * closed; kernels work on {@link #segment()} directly and rely on the FFM's own checks.
 */
public final class Field2D implements AutoCloseable {
    /** Cache-line size; base, interior start and pitch are multiples of it. */
    public static final int ALIGNMENT = 64;
    /** Width of the ghost ring. */
    public static final int GHOST = 1;
    /**
     * Offset between the start addresses of fields used together (a multiple of 64, not of 512),
     * so that equal offsets in different fields do not fall into the same cache sets.
     */
    public static final long STAGGER_BYTES = 1024 + 64;

    private final Precision precision;
    private final int nx;
    private final int ny;
    private final int lead;
    private final int pitch;
    private final MemorySegment segment;
    private final Arena ownArena;

    private Field2D(Precision precision, int nx, int ny, MemorySegment segment, Arena ownArena) {
        this.precision = precision;
        this.nx = nx;
        this.ny = ny;
        this.lead = leadElements(precision);
        this.pitch = pitchElements(precision, nx);
        this.segment = segment;
        this.ownArena = ownArena;
    }

    /** A field with its own shared arena, freed by {@link #close()}. */
    public static Field2D allocate(Precision precision, int nx, int ny) {
        checkShape(nx, ny);
        Arena arena = Arena.ofShared();
        try {
            return new Field2D(precision, nx, ny, allocateSegment(arena, precision, nx, ny, 0), arena);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * A field in {@code arena}; its base address is 64-byte aligned plus {@code staggerBytes}
     * (a multiple of 64), so several fields allocated together can start in different cache sets.
     */
    public static Field2D allocate(Arena arena, Precision precision, int nx, int ny, long staggerBytes) {
        Objects.requireNonNull(arena, "arena");
        checkShape(nx, ny);
        if (staggerBytes < 0 || staggerBytes % ALIGNMENT != 0) {
            throw new IllegalArgumentException("staggerBytes " + staggerBytes + " must be a non-negative multiple of " + ALIGNMENT);
        }
        return new Field2D(precision, nx, ny, allocateSegment(arena, precision, nx, ny, staggerBytes), null);
    }

    /**
     * A field over the start of {@code segment}, memory the caller owns and places (e.g. several
     * fields in one block at chosen offsets). The segment must be native, 64-byte aligned and at least
     * {@link #byteSize} long; its contents are taken as they are (zeroed memory gives zero ghosts).
     * The field lives as long as the segment's arena; {@link #close()} does not free it.
     */
    public static Field2D over(MemorySegment segment, Precision precision, int nx, int ny) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(precision, "precision");
        checkShape(nx, ny);
        long bytes = byteSize(precision, nx, ny);
        if (!segment.isNative() || segment.address() % ALIGNMENT != 0) {
            throw new IllegalArgumentException("segment " + segment + " must be native and " + ALIGNMENT + "-byte aligned");
        }
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is too small for a " + nx + "x" + ny
                    + " " + precision.cliName() + " field (needs " + bytes + ")");
        }
        return new Field2D(precision, nx, ny, segment.asSlice(0, bytes), null);
    }

    private static MemorySegment allocateSegment(Arena arena, Precision p, int nx, int ny, long stagger) {
        long bytes = byteSize(p, nx, ny);
        MemorySegment raw = arena.allocate(bytes + stagger, ALIGNMENT);
        return raw.asSlice(stagger, bytes); // arena memory is zeroed: ghosts start at 0
    }

    static void checkShape(int nx, int ny) {
        if (nx < 1 || ny < 1) {
            throw new IllegalArgumentException("field size " + nx + "x" + ny + " must be at least 1x1");
        }
        long cells = (long) nx * ny;
        if (cells > (1L << 34)) {
            throw new IllegalArgumentException("field size " + nx + "x" + ny + " is too large (at most 2^34 cells)");
        }
    }

    /** Elements before the interior of each row: one cache line, so the interior is aligned. */
    public static int leadElements(Precision p) {
        return ALIGNMENT / p.bytes();
    }

    /** Row pitch in elements for a row of {@code nx} interior cells. */
    public static int pitchElements(Precision p, int nx) {
        int perLine = ALIGNMENT / p.bytes();
        long pitch = ((long) nx + perLine - 1) / perLine * perLine + perLine;
        if ((pitch * p.bytes()) % 512 == 0) {
            pitch += perLine; // break power-of-two-like strides (cache-set aliasing)
        }
        if (pitch > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("row of " + nx + " cells is too long");
        }
        return (int) pitch;
    }

    /**
     * Bytes needed for a field of this shape: ny + 2 rows of pitch elements, and the lead line of
     * one more row, which holds the right ghost of row ny.
     */
    public static long byteSize(Precision p, int nx, int ny) {
        checkShape(nx, ny);
        return ((long) (ny + 2 * GHOST) * pitchElements(p, nx) + leadElements(p)) * p.bytes();
    }

    public Precision precision() {
        return precision;
    }

    public int nx() {
        return nx;
    }

    public int ny() {
        return ny;
    }

    /** Row pitch in elements. */
    public int pitch() {
        return pitch;
    }

    /** Elements before the interior in each row (the left ghost is at {@code lead - 1}). */
    public int lead() {
        return lead;
    }

    /** The whole storage, ghost rows and padding included. */
    public MemorySegment segment() {
        return segment;
    }

    /** Element index of cell (x, y); x and y may be -1 or nx / ny for ghost cells. */
    public long index(int x, int y) {
        return (long) (y + GHOST) * pitch + lead + x;
    }

    /** Byte offset of cell (x, y) in {@link #segment()}. */
    public long offset(int x, int y) {
        return index(x, y) * precision.bytes();
    }

    /** Byte offset of the first interior cell of row y. */
    public long rowOffset(int y) {
        return offset(0, y);
    }

    public boolean isAlive() {
        return segment.scope().isAlive();
    }

    public double get(int x, int y) {
        checkAccess(x, y);
        return precision == Precision.F64
                ? segment.get(ValueLayout.JAVA_DOUBLE, offset(x, y))
                : segment.get(ValueLayout.JAVA_FLOAT, offset(x, y));
    }

    public void set(int x, int y, double value) {
        checkAccess(x, y);
        if (precision == Precision.F64) {
            segment.set(ValueLayout.JAVA_DOUBLE, offset(x, y), value);
        } else {
            segment.set(ValueLayout.JAVA_FLOAT, offset(x, y), (float) value);
        }
    }

    /** Sets every interior cell. */
    public void fill(double value) {
        checkAlive();
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                set(x, y, value);
            }
        }
    }

    /** Copies the interior into a new row-major array (ny * nx), for tests and small outputs. */
    public double[] toArray() {
        checkAlive();
        double[] out = new double[Math.multiplyExact(nx, ny)];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                out[y * nx + x] = get(x, y);
            }
        }
        return out;
    }

    /** True if this field has the same precision, shape and pitch as {@code other}. */
    public boolean sameLayout(Field2D other) {
        return precision == other.precision && nx == other.nx && ny == other.ny && pitch == other.pitch;
    }

    private void checkAccess(int x, int y) {
        checkAlive();
        if (x < -GHOST || x > nx - 1 + GHOST || y < -GHOST || y > ny - 1 + GHOST) {
            throw new IndexOutOfBoundsException("cell (" + x + ", " + y + ") is outside field " + describe()
                    + " (x in -1.." + nx + ", y in -1.." + ny + " including ghosts)");
        }
    }

    private void checkAlive() {
        if (!isAlive()) {
            throw new IllegalStateException("field " + describe() + " has been closed; its memory is freed");
        }
    }

    public String describe() {
        return nx + "x" + ny + " " + precision.cliName();
    }

    /** Frees the memory if this field owns its arena; a field in a caller's arena is freed with it. */
    @Override
    public void close() {
        if (ownArena != null && ownArena.scope().isAlive()) {
            ownArena.close();
        }
    }

    @Override
    public String toString() {
        return "Field2D[" + describe() + ", pitch=" + pitch + "]";
    }
}
