package dev.jstencil.io;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy .npy files, format version 1.0: magic, a little-endian header length, a Python-literal
 * header dict padded with spaces to a multiple of 64 bytes, then the data in C order.
 * Fields are written as shape (ny, nx) in 2D and (nz, ny, nx) in 3D, dtype '<f8' or '<f4' — what
 * numpy.load and ParaView read.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** The header bytes (magic to final newline) for a C-order array of this dtype and shape. */
    static byte[] header(String descr, long... shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        // Python tuple syntax: (), (n,), (a, b)
        String shapeText = switch (shape.length) {
            case 0 -> "";
            case 1 -> dims.toString().trim();
            default -> dims.substring(0, dims.length() - 2);
        };
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String padded = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) padded.length()).put(padded.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** The .npy shape of a field: (ny, nx) in 2D, (nz, ny, nx) in 3D. */
    public static long[] shapeOf(Field field) {
        return shapeOf(field.shape());
    }

    /** The .npy shape of a grid: (ny, nx) in 2D, (nz, ny, nx) in 3D. */
    public static long[] shapeOf(GridShape g) {
        return g.dims() == 3 ? new long[] {g.nz(), g.ny(), g.nx()} : new long[] {g.ny(), g.nx()};
    }

    /** Writes the interior of {@code field} (no ghosts, no padding) as a (ny, nx) or (nz, ny, nx) array. */
    public static void write(Path file, Field field) throws IOException {
        Precision p = field.precision();
        long rowBytes = (long) field.nx() * p.bytes();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             Arena arena = Arena.ofConfined()) {
            writeFully(ch, ByteBuffer.wrap(header(p.npyDescr(), shapeOf(field))));
            MemorySegment row = arena.allocate(rowBytes, 64);
            boolean swap = ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN;
            for (int z = 0; z < field.nz(); z++) {
                for (int y = 0; y < field.ny(); y++) {
                    MemorySegment.copy(field.segment(), field.rowOffset(y, z), row, 0, rowBytes);
                    if (swap) {
                        toLittleEndian(row, p);
                    }
                    writeFully(ch, row.asByteBuffer());
                }
            }
        }
    }

    /** Writes {@code values} (C order) as a '<f8' array of this shape. */
    public static void write(Path file, long[] shape, double[] values) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.asDoubleBuffer().put(values);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(header("<f8", shape)));
            writeFully(ch, data);
        }
    }

    /**
     * Reads {@code file} into the interior of {@code field} (for {@code --init-from}): a C-order array
     * of '<f8' or '<f4' of exactly the field's shape; values are rounded to the field's precision.
     * Anything else is an {@link IllegalArgumentException} naming the file, what it holds and what is needed.
     */
    public static void readInto(Path file, Field field) throws IOException {
        readInto(file, field, Placement.whole(field.shape()));
    }

    /**
     * Reads the block at {@code at} of the array in {@code file}, which must have the shape of
     * {@code at.global()}, into {@code field} (one process's part of a grid several share, MPI): only the
     * block's cells are read, each process reads its own. Otherwise as {@link #readInto(Path, Field)}.
     */
    public static void readInto(Path file, Field field, Placement at) throws IOException {
        at.requireWithin(field.shape());
        GridShape grid = at.global();
        long[] want = shapeOf(grid);
        String needed = "; the grid needs shape " + tuple(want) + " in C order ((ny, nx) in 2D, (nz, ny, nx) in 3D), '<f8' or '<f4'";
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h;
            try {
                h = header(ch, file);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " is not a readable .npy array (" + e.getMessage() + ")" + needed);
            }
            if (h.fortranOrder() || !java.util.Arrays.equals(h.shape(), want)) {
                throw new IllegalArgumentException(file + " holds an array of shape " + tuple(h.shape())
                        + (h.fortranOrder() ? " in Fortran order" : "") + needed);
            }
            int e = h.elementBytes();
            ByteBuffer row = ByteBuffer.allocate(field.nx() * e).order(ByteOrder.LITTLE_ENDIAN);
            for (int z = 0; z < field.nz(); z++) {
                for (int y = 0; y < field.ny(); y++) {
                    ch.position(h.dataOffset() + grid.cellIndex(at.x0(), at.y0() + y, at.z0() + z) * e);
                    row.clear();
                    readFully(ch, row, file);
                    row.flip();
                    for (int x = 0; x < field.nx(); x++) {
                        field.set(x, y, z, e == 8 ? row.getDouble() : row.getFloat());
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist (needed: the initial values of one field" + needed + ")");
        }
    }

    private static String tuple(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static void toLittleEndian(MemorySegment row, Precision p) {
        ValueLayout le = p == Precision.F64 ? ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN)
                : ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (long o = 0; o < row.byteSize(); o += p.bytes()) {
            if (p == Precision.F64) {
                row.set((ValueLayout.OfLong) le, o, row.get(ValueLayout.JAVA_LONG, o));
            } else {
                row.set((ValueLayout.OfInt) le, o, row.get(ValueLayout.JAVA_INT, o));
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** A parsed .npy file: dtype, shape, and the values widened to double, row-major. */
    public record Array(String descr, boolean fortranOrder, long[] shape, double[] data) {
    }

    /** What a .npy header says, and where the data starts. */
    private record Header(String descr, boolean fortranOrder, long[] shape, long dataOffset, int elementBytes, long count) {
    }

    /**
     * Reads and checks the header: magic, version, dtype '<f8' or '<f4', and that the file holds
     * exactly the data the shape promises (so nothing is allocated for a truncated or lying file).
     */
    private static Header header(FileChannel ch, Path file) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, file);
        pre.flip();
        for (int i = 0; i < 6; i++) {
            if (pre.get(i) != MAGIC[i]) {
                throw new IOException("not a .npy file (bad magic)");
            }
        }
        int major = pre.get(6);
        int headerLen;
        int prefix;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(pre.getShort(8));
            prefix = 10;
        } else if (major == 2 || major == 3) {
            headerLen = pre.getInt(8);
            prefix = 12;
        } else {
            throw new IOException(".npy format version " + major + " is not supported");
        }
        if (headerLen < 0 || prefix + (long) headerLen > ch.size()) {
            throw new IOException("truncated .npy header");
        }
        ch.position(prefix);
        ByteBuffer hb = ByteBuffer.allocate(headerLen);
        readFully(ch, hb, file);
        String header = new String(hb.array(), StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file);
        boolean fortran = group(FORTRAN, header, file).equals("True");
        String[] dims = group(SHAPE, header, file).split(",");
        long[] shape;
        long count = 1;
        try {
            shape = java.util.Arrays.stream(dims).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
            for (long d : shape) {
                if (d < 0) {
                    throw new IOException("negative size in shape " + tuple(shape));
                }
                count = Math.multiplyExact(count, d);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IOException("bad shape in the header: " + header.trim());
        }
        int size = switch (descr) {
            case "<f8" -> 8;
            case "<f4" -> 4;
            default -> throw new IOException("dtype " + descr + " with shape " + tuple(shape) + " is not supported (only <f8, <f4)");
        };
        long dataOffset = prefix + (long) headerLen;
        long expected;
        try {
            expected = Math.addExact(dataOffset, Math.multiplyExact(count, size));
        } catch (ArithmeticException e) {
            throw new IOException("shape " + tuple(shape) + " is too large");
        }
        if (ch.size() != expected) {
            throw new IOException(descr + " array of shape " + tuple(shape) + " needs " + expected + " bytes, but the file has "
                    + ch.size() + (ch.size() < expected ? " (truncated)" : " (" + (ch.size() - expected) + " unexpected bytes after the data)"));
        }
        return new Header(descr, fortran, shape, dataOffset, size, count);
    }

    /** Reads a version 1.x/2.x .npy file of '<f8' or '<f4' values (used by tests and the compare tool). */
    public static Array read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h;
            try {
                h = header(ch, file);
            } catch (IOException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            if (h.count() > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": " + h.count() + " values are too many to read into one array");
            }
            double[] values = new double[(int) h.count()];
            ByteBuffer data = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            ch.position(h.dataOffset());
            for (int i = 0; i < values.length; ) {
                data.clear();
                data.limit((int) Math.min(data.capacity(), (long) (values.length - i) * h.elementBytes()));
                readFully(ch, data, file);
                data.flip();
                while (data.hasRemaining()) {
                    values[i++] = h.elementBytes() == 8 ? data.getDouble() : data.getFloat();
                }
            }
            return new Array(h.descr(), h.fortranOrder(), h.shape(), values);
        }
    }

    private static String group(Pattern p, String header, Path file) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": .npy header lacks " + p.pattern() + ": " + header.trim());
        }
        return m.group(1);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, Path file) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException(file + " is truncated");
            }
        }
    }
}
