package dev.jstencil.io.checkpoint;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A checkpoint file, opened and checked: its prefix, header and size. Fields are checked (CRC32C)
 * as they are read, by {@link #readField} or {@link #verify}.
 *
 * <p>Format version {@value #VERSION}, every integer in the byte order the flag names:
 * <pre>
 *  offset  size  what
 *       0     8  magic: 0x89 'J' 'S' 'T' 'C' 'K' '\r' '\n'
 *       8     1  byte order: 'L' little-endian, 'B' big-endian (of everything after it, field values too)
 *       9     3  zero
 *      12     4  format version
 *      16     4  H: length of the header text in bytes
 *      20     H  header: UTF-8 key=value lines ({@link CheckpointHeader})
 *    20+H     4  CRC32C of bytes 0 .. 20+H
 *  then, for each field in the header's order: its interior cells (no ghosts, no padding) in global
 *  row-major order, x fastest ((z*ny + y)*nx + x), as f64 or f32 values, followed by their CRC32C.
 * </pre>
 * Whole fields in global order, not per-thread or per-rank pieces, so a run with any thread count or
 * rank count (MPI: each rank keeps its block, {@link #readField(int, Field, Placement)}) can read them.
 */
public final class Checkpoint {
    /** The format version this code writes and the newest it reads. */
    public static final int VERSION = 1;
    static final byte[] MAGIC = {(byte) 0x89, 'J', 'S', 'T', 'C', 'K', '\r', '\n'};
    static final int PREFIX = 20;
    /** A header larger than this is taken as corruption (a model text is a few KiB). */
    static final int MAX_HEADER = 16 << 20;
    private static final int BUFFER = 1 << 20;

    private final Path file;
    private final ByteOrder order;
    private final int version;
    private final CheckpointHeader header;
    private final long dataOffset;

    private Checkpoint(Path file, ByteOrder order, int version, CheckpointHeader header, long dataOffset) {
        this.file = file;
        this.order = order;
        this.version = version;
        this.header = header;
        this.dataOffset = dataOffset;
    }

    /**
     * Opens {@code file} and checks its magic, version, header (CRC32C and content) and that its size is
     * exactly what the header promises; an {@link InvalidCheckpointException} says what is wrong.
     */
    public static Checkpoint open(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < PREFIX) {
                throw new InvalidCheckpointException(file, "is truncated: " + size + " bytes, less than the " + PREFIX + "-byte prefix");
            }
            ByteBuffer prefix = ByteBuffer.allocate(PREFIX);
            readFully(ch, prefix, file);
            for (int i = 0; i < MAGIC.length; i++) {
                if (prefix.get(i) != MAGIC[i]) {
                    throw new InvalidCheckpointException(file, "is not a jstencil checkpoint (its first bytes are not the checkpoint magic)");
                }
            }
            ByteOrder order = switch (prefix.get(8)) {
                case 'L' -> ByteOrder.LITTLE_ENDIAN;
                case 'B' -> ByteOrder.BIG_ENDIAN;
                default -> throw new InvalidCheckpointException(file, String.format("is corrupted: byte-order flag 0x%02x is neither 'L' nor 'B'",
                        prefix.get(8) & 0xff));
            };
            prefix.order(order);
            int version = prefix.getInt(12);
            if (version > VERSION) {
                throw new InvalidCheckpointException(file, "has format version " + version + ", newer than this jstencil reads ("
                        + VERSION + "): restart it with the jstencil that wrote it, or a newer one");
            }
            if (version < 1) {
                throw new InvalidCheckpointException(file, "is corrupted: format version " + version + " is not a valid version");
            }
            int headerLength = prefix.getInt(16);
            if (headerLength < 0 || headerLength > MAX_HEADER || PREFIX + (long) headerLength + 4 > size) {
                throw new InvalidCheckpointException(file, "is truncated or corrupted: a header of " + Integer.toUnsignedString(headerLength)
                        + " bytes does not fit in its " + size + " bytes");
            }
            ByteBuffer text = ByteBuffer.allocate(headerLength + 4).order(order);
            readFully(ch, text, file);
            CRC32C crc = new CRC32C();
            crc.update(prefix.array());
            crc.update(text.array(), 0, headerLength);
            if ((int) crc.getValue() != text.getInt(headerLength)) {
                throw new InvalidCheckpointException(file, "is corrupted: its header fails its CRC32C check");
            }
            CheckpointHeader header;
            try {
                header = CheckpointHeader.parse(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(text.array(), 0, headerLength)).toString());
            } catch (CharacterCodingException | IllegalArgumentException e) {
                throw new InvalidCheckpointException(file, "has a header this jstencil cannot read: " + e.getMessage(), e);
            }
            long dataOffset = PREFIX + (long) headerLength + 4;
            long expected = dataOffset + header.fields().size() * (fieldBytes(header) + 4);
            if (size != expected) {
                throw new InvalidCheckpointException(file, (size < expected ? "is truncated: " : "is corrupted: ") + size + " bytes, but "
                        + header.fields().size() + " field(s) of " + header.grid() + " " + header.precision().cliName() + " make "
                        + expected + (size > expected ? " (extra bytes after the last field)" : ""));
            }
            return new Checkpoint(file, order, version, header, dataOffset);
        } catch (NoSuchFileException e) {
            throw new InvalidCheckpointException(file, "does not exist");
        } catch (IOException e) {
            throw new InvalidCheckpointException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    static long fieldBytes(CheckpointHeader h) {
        return h.grid().cells() * h.precision().bytes();
    }

    public Path file() {
        return file;
    }

    public CheckpointHeader header() {
        return header;
    }

    /** The format version of the file. */
    public int version() {
        return version;
    }

    /** The byte order of the file's numbers. */
    public ByteOrder byteOrder() {
        return order;
    }

    /** Reads every field and checks its CRC32C, without storing it anywhere. */
    public void verify() {
        for (int i = 0; i < header.fields().size(); i++) {
            readField(i, null, null);
        }
    }

    /**
     * Reads field {@code i} (in the header's order) into the interior of {@code into} (ghosts untouched),
     * checking its CRC32C; {@code into} must have the checkpoint's grid and precision. On a CRC mismatch
     * the field has been overwritten with the bad data: the caller discards it.
     */
    public void readField(int i, Field into) {
        readField(i, into, into == null ? null : Placement.whole(into.shape()));
    }

    /**
     * Reads field {@code i} and keeps the block of it at {@code at} in {@code into}: one process's part of a
     * grid several share (MPI). The whole field is read, as its CRC32C covers all of it, so every process
     * checks the whole checkpoint; {@code at} must place {@code into} within the checkpoint's grid, and
     * {@code into} have its precision. With {@code into} null nothing is kept (a check only).
     */
    public void readField(int i, Field into, Placement at) {
        GridShape grid = header.grid();
        Precision p = header.precision();
        if (into != null) {
            if (!at.global().equals(grid) || into.precision() != p) {
                throw new IllegalArgumentException("checkpoint " + file + " holds " + grid + " " + p.cliName() + " fields, not "
                        + (into.shape().equals(at.global()) ? "" : "a block of ") + at.global() + " " + into.precision().cliName());
            }
            at.requireWithin(into.shape());
        }
        String name = header.fields().get(i);
        int e = p.bytes(), rowBytes = grid.nx() * e;
        byte[] row = new byte[rowBytes + 4];
        ValueLayout fileLayout = layout(p, order), fieldLayout = layout(p, ByteOrder.nativeOrder());
        CRC32C crc = new CRC32C();
        // rows staged off-heap, never through a heap segment: see CheckpointWriter.writeField
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            MemorySegment stage = arena.allocate(rowBytes, 64);
            ch.position(dataOffset + i * (fieldBytes(header) + 4));
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), BUFFER);
            for (int z = 0; z < grid.nz(); z++) {
                for (int y = 0; y < grid.ny(); y++) {
                    if (in.readNBytes(row, 0, rowBytes) != rowBytes) {
                        throw new InvalidCheckpointException(file, "is truncated in field " + name);
                    }
                    crc.update(row, 0, rowBytes);
                    if (into != null && at.holdsRow(y, z, into.shape())) {
                        MemorySegment.copy(row, at.x0() * e, stage, ValueLayout.JAVA_BYTE, 0, into.nx() * e);
                        MemorySegment.copy(stage, fileLayout, 0, into.segment(), fieldLayout, into.rowOffset(y - at.y0(), z - at.z0()),
                                into.nx());
                    }
                }
            }
            if (in.readNBytes(row, rowBytes, 4) != 4) {
                throw new InvalidCheckpointException(file, "is truncated in field " + name);
            }
            if ((int) crc.getValue() != ByteBuffer.wrap(row, rowBytes, 4).order(order).getInt()) {
                throw new InvalidCheckpointException(file, "is corrupted: field " + name + " fails its CRC32C check");
            }
        } catch (IOException ex) {
            throw new InvalidCheckpointException(file, "cannot be read: " + ex.getMessage(), ex);
        }
    }

    /** The unaligned layout of one value of {@code p} in byte order {@code order}. */
    static ValueLayout layout(Precision p, ByteOrder order) {
        return p == Precision.F64 ? ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order) : ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, Path file) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new InvalidCheckpointException(file, "is truncated");
            }
        }
    }

    @Override
    public String toString() {
        return "checkpoint " + file + " (step " + header.step() + ")";
    }
}
