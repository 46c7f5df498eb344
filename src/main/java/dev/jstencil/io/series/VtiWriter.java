package dev.jstencil.io.series;

import dev.jstencil.grid.Field;
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
import java.util.List;

/**
 * VTK XML ImageData ({@code .vti}) with the values as raw appended binary: one point-data array per
 * field, named after it, Float32 or Float64 as the fields' precision; each array's bytes are preceded
 * by their count as a UInt64 ({@code header_type}). WholeExtent is {@code 0 nx-1 0 ny-1 0 nz-1}
 * ({@code 0 0} for z in 2D), or a piece's {@link Extent} (the piece files of a {@code .pvti}), origin 0,
 * spacing h along every axis. VTK's point order (x fastest, then y, then z) is the fields' interior
 * order, so rows are copied as they are; the byte order written and declared is the machine's.
 */
public final class VtiWriter {
    private static final int STAGING_BYTES = 1 << 20;
    private static final long HEADER_BYTES = Long.BYTES;

    private VtiWriter() {
    }

    /** The XML before the appended data, ending with the '_' that starts it. */
    static String header(List<String> names, List<Field> fields, double spacing, Extent extent) {
        String type = dataType(fields.getFirst().precision());
        String h = Xml.number(spacing);
        StringBuilder sb = new StringBuilder()
                .append("<?xml version=\"1.0\"?>\n")
                .append("<VTKFile type=\"ImageData\" version=\"1.0\" byte_order=\"").append(byteOrder()).append("\" header_type=\"UInt64\">\n")
                .append("  <ImageData WholeExtent=\"").append(extent).append("\" Origin=\"0 0 0\" Spacing=\"")
                .append(h).append(' ').append(h).append(' ').append(h).append("\">\n")
                .append("    <Piece Extent=\"").append(extent).append("\">\n")
                .append("      <PointData Scalars=\"").append(Xml.escape(names.getFirst())).append("\">\n");
        long offset = 0;
        for (int i = 0; i < fields.size(); i++) {
            sb.append("        <DataArray type=\"").append(type).append("\" Name=\"").append(Xml.escape(names.get(i)))
                    .append("\" NumberOfComponents=\"1\" format=\"appended\" offset=\"").append(offset).append("\"/>\n");
            offset += HEADER_BYTES + dataBytes(fields.get(i), extent);
        }
        return sb.append("      </PointData>\n")
                .append("      <CellData>\n      </CellData>\n")
                .append("    </Piece>\n")
                .append("  </ImageData>\n")
                .append("  <AppendedData encoding=\"raw\">\n   _")
                .toString();
    }

    /** The DataArray type of values of precision {@code p}. */
    static String dataType(Precision p) {
        return p == Precision.F64 ? "Float64" : "Float32";
    }

    /** The byte_order attribute: the machine's, in which the values are written. */
    static String byteOrder() {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "LittleEndian" : "BigEndian";
    }

    private static long dataBytes(Field f, Extent extent) {
        return extent.points() * f.precision().bytes();
    }

    /** Writes {@code fields} (same precision and shape) to {@code file}, replacing it: every point of their grid. */
    public static void write(Path file, List<String> names, List<Field> fields, double spacing) throws IOException {
        write(file, names, fields, spacing, fields.isEmpty() ? null : Extent.whole(fields.getFirst().shape()));
    }

    /**
     * Writes the points {@code extent} names of {@code fields} (same precision and shape), a piece of a bigger image:
     * local cell (0, 0, 0) is point (x0, y0, z0) of the extent, and the extent may reach into the ghost layer
     * at the high end of each axis (where the neighbouring piece's first values are), never further.
     */
    public static void write(Path file, List<String> names, List<Field> fields, double spacing, Extent extent) throws IOException {
        if (fields.isEmpty() || names.size() != fields.size()) {
            throw new IllegalArgumentException("a .vti needs at least one field and one name per field: " + names);
        }
        for (Field f : fields) {
            if (f.precision() != fields.getFirst().precision() || !f.shape().equals(fields.getFirst().shape())) {
                throw new IllegalArgumentException("the fields of one .vti must share precision and shape: " + fields);
            }
        }
        Field first = fields.getFirst();
        for (int a = 0; a < 3; a++) {
            int most = first.shape().size(a) + (a < first.dims() ? first.ghost() : 0);
            if (extent.count(a) > most) {
                throw new IllegalArgumentException("extent " + extent + " has " + extent.count(a) + " points along axis " + a
                        + ", more than fields " + first.shape() + " with ghost width " + first.ghost() + " hold (at most " + most + ")");
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             Arena arena = Arena.ofConfined()) {
            // No heap segment (MemorySegment.ofArray) anywhere: one in the process pollutes the type profiles
            // that the vector kernels' segment accesses share, and C2 then compiles them to a slow generic
            // path (measured: 256^2 Gray-Scott at 5 instead of 250 MLUP/s). Text goes through heap ByteBuffers.
            writeFully(ch, ByteBuffer.wrap(header(names, fields, spacing, extent).getBytes(StandardCharsets.UTF_8)));
            Staging out = new Staging(ch, arena.allocate(STAGING_BYTES, 64));
            MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
            for (Field f : fields) {
                count.set(ValueLayout.JAVA_LONG, 0, dataBytes(f, extent));
                out.put(count);
                long rowBytes = (long) extent.nx() * f.precision().bytes(); // a row's ghost cells follow its interior
                for (int z = 0; z < extent.nz(); z++) {
                    for (int y = 0; y < extent.ny(); y++) {
                        out.put(f.segment().asSlice(f.rowOffset(y, z), rowBytes));
                    }
                }
            }
            out.flush();
            writeFully(ch, ByteBuffer.wrap("\n  </AppendedData>\n</VTKFile>\n".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Gathers small pieces into one off-heap buffer and writes it when full. */
    private static final class Staging {
        private final FileChannel ch;
        private final MemorySegment buf;
        private long used;

        Staging(FileChannel ch, MemorySegment buf) {
            this.ch = ch;
            this.buf = buf;
        }

        void put(MemorySegment piece) throws IOException {
            for (long done = 0; done < piece.byteSize(); ) {
                if (used == buf.byteSize()) {
                    flush();
                }
                long n = Math.min(piece.byteSize() - done, buf.byteSize() - used);
                MemorySegment.copy(piece, done, buf, used, n);
                used += n;
                done += n;
            }
        }

        void flush() throws IOException {
            writeFully(ch, buf.asSlice(0, used).asByteBuffer());
            used = 0;
        }
    }
}
