package dev.jstencil.io.checkpoint;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.io.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes checkpoints ({@link Checkpoint} describes the format) atomically: into a temporary file in
 * the same directory (a hidden name, which {@link CheckpointDirectory} does not list), fsync, rename
 * over the final name, fsync of the directory. A reader sees the old file or the whole new one, never
 * a part; a crash leaves at worst a temporary file behind.
 */
public final class CheckpointWriter {
    private static final int BUFFER = 1 << 20;

    private CheckpointWriter() {
    }

    /** Writes {@code fields} (in the header's order, with its grid and precision) as {@code file}, little-endian. */
    public static void write(Path file, CheckpointHeader header, List<Field> fields) throws IOException {
        write(file, header, fields, ByteOrder.LITTLE_ENDIAN);
    }

    /** The same in either byte order (tests write big-endian files with it). */
    static void write(Path file, CheckpointHeader header, List<Field> fields, ByteOrder order) throws IOException {
        check(header, fields);
        AtomicFile.writeDurably(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER);
                writeHeader(out, header, order);
                for (Field f : fields) {
                    writeField(out, f, order);
                }
                out.flush();
            }
        });
    }

    private static void check(CheckpointHeader header, List<Field> fields) {
        if (fields.size() != header.fields().size()) {
            throw new IllegalArgumentException(fields.size() + " fields for a header naming " + header.fields().size());
        }
        GridShape grid = header.grid();
        Precision p = header.precision();
        for (Field f : fields) {
            if (!f.shape().equals(grid) || f.precision() != p) {
                throw new IllegalArgumentException("field " + f.describe() + " does not match the header's " + grid + " " + p.cliName());
            }
        }
    }

    private static void writeHeader(OutputStream out, CheckpointHeader header, ByteOrder order) throws IOException {
        byte[] text = header.toText().getBytes(StandardCharsets.UTF_8);
        if (text.length > Checkpoint.MAX_HEADER) {
            throw new IllegalArgumentException("a checkpoint header of " + text.length + " bytes is too large (model text too long)");
        }
        ByteBuffer prefix = ByteBuffer.allocate(Checkpoint.PREFIX).order(order);
        prefix.put(Checkpoint.MAGIC).put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'L' : 'B')).put(new byte[3])
                .putInt(Checkpoint.VERSION).putInt(text.length);
        CRC32C crc = new CRC32C();
        crc.update(prefix.array());
        crc.update(text);
        out.write(prefix.array());
        out.write(text);
        out.write(ByteBuffer.allocate(4).order(order).putInt((int) crc.getValue()).array());
    }

    /**
     * A field's rows in the file's byte order, staged off-heap: a heap segment ({@code MemorySegment.ofArray})
     * anywhere in the process pollutes the type profiles that the vector kernels' segment accesses share, and
     * C2 then compiles them to a slow generic path (see {@link dev.jstencil.io.series.VtiWriter}).
     */
    private static void writeField(OutputStream out, Field f, ByteOrder order) throws IOException {
        int rowBytes = f.nx() * f.precision().bytes();
        byte[] row = new byte[rowBytes];
        ValueLayout fieldLayout = Checkpoint.layout(f.precision(), ByteOrder.nativeOrder()), fileLayout = Checkpoint.layout(f.precision(), order);
        CRC32C crc = new CRC32C();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stage = arena.allocate(rowBytes, 64);
            for (int z = 0; z < f.nz(); z++) {
                for (int y = 0; y < f.ny(); y++) {
                    MemorySegment.copy(f.segment(), fieldLayout, f.rowOffset(y, z), stage, fileLayout, 0, f.nx());
                    MemorySegment.copy(stage, ValueLayout.JAVA_BYTE, 0, row, 0, rowBytes);
                    crc.update(row);
                    out.write(row);
                }
            }
        }
        out.write(ByteBuffer.allocate(4).order(order).putInt((int) crc.getValue()).array());
    }
}
