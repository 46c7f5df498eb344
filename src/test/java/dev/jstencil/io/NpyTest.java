package dev.jstencil.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.testutil.Grids;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NpyTest {
    @TempDir
    Path dir;

    /** The .npy format 1.0 as NumPy documents it, decoded here without {@link Npy}. */
    private record Parsed(int major, int minor, int headerLength, String dict, ByteBuffer data) {
        static Parsed of(byte[] file) {
            byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
            assertArrayEquals(magic, Arrays.copyOf(file, 6), "magic string");
            int headerLength = (file[8] & 0xff) | (file[9] & 0xff) << 8; // little-endian unsigned short
            String dict = new String(file, 10, headerLength, StandardCharsets.US_ASCII);
            ByteBuffer data = ByteBuffer.wrap(file, 10 + headerLength, file.length - 10 - headerLength).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            return new Parsed(file[6], file[7], headerLength, dict, data);
        }

        /** The value of one key of the header's Python dict literal, as its literal text. */
        String entry(String key) {
            Matcher m = Pattern.compile("'" + key + "':\\s*('[^']*'|\\([^)]*\\)|True|False)").matcher(dict);
            assertTrue(m.find(), "header dict has no '" + key + "': " + dict);
            return m.group(1);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @CsvSource({"F64, 13, 7", "F32, 13, 7", "F64, 67, 3", "F32, 3, 67", "F64, 1, 1", "F32, 1000, 2"})
    void writtenFilesFollowTheFormatAndReadBack(Precision p, int nx, int ny) throws IOException {
        Path file = dir.resolve("f.npy");
        double[] values = Grids.roundedTo(p, Grids.random(nx * 31L + ny, nx * ny, -5, 5));
        try (Field2D f = Field2D.allocate(p, nx, ny)) {
            f.segment().fill((byte) 0x33); // ghosts and padding must not leak into the file
            Grids.load(f, values);
            Npy.write(file, f);
        }
        byte[] bytes = Files.readAllBytes(file);
        Parsed parsed = Parsed.of(bytes);
        assertEquals(1, parsed.major(), "format version major");
        assertEquals(0, parsed.minor(), "format version minor");
        int total = 10 + parsed.headerLength();
        assertEquals(0, total % 64, "magic + length + header = " + total + " bytes, a multiple of 64");
        assertEquals(0, total % 16, "NumPy's minimum alignment");
        assertTrue(parsed.dict().endsWith("\n"), "header ends with a newline");
        assertTrue(parsed.dict().strip().startsWith("{") && parsed.dict().strip().endsWith("}"), parsed.dict());
        String descr = p == Precision.F64 ? "<f8" : "<f4";
        assertEquals("'" + descr + "'", parsed.entry("descr"));
        assertEquals("False", parsed.entry("fortran_order"));
        assertEquals("(" + ny + ", " + nx + ")", parsed.entry("shape"));
        assertEquals((long) nx * ny * p.bytes(), parsed.data().remaining(), "data length (nothing before or after)");
        for (int i = 0; i < values.length; i++) {
            double v = p == Precision.F64 ? parsed.data().getDouble() : parsed.data().getFloat();
            assertEquals(values[i], v, "element " + i + " in C order");
        }

        Npy.Array read = Npy.read(file);
        assertEquals(descr, read.descr());
        assertFalse(read.fortranOrder());
        assertArrayEquals(new long[] {ny, nx}, read.shape());
        assertArrayEquals(values, read.data());
    }

    @Test
    void headersArePaddedToMultiplesOf64ForAnyShape() {
        long[][] shapes = {{5}, {1, 1}, {7, 13}, {123456789, 987654321}, {2, 3, 4}, {1_000_000_000_000L, 1}};
        for (int extra = 0; extra < 70; extra++) {
            for (long[] shape : shapes) {
                long[] s = shape.clone();
                s[0] += extra; // walk the dict length through every residue mod 64
                byte[] h = Npy.header("<f8", s);
                Parsed parsed = Parsed.of(h);
                assertEquals(h.length, 10 + parsed.headerLength(), "length field counts the rest of the header");
                assertEquals(0, h.length % 64, "header of shape " + Arrays.toString(s) + " is " + h.length + " bytes");
                assertTrue(parsed.dict().endsWith("\n"));
                assertTrue(h.length - 10 - parsed.dict().strip().length() <= 64, "no more padding than needed");
                String shapeText = parsed.entry("shape");
                String expected = s.length == 1 ? "(" + s[0] + ",)"
                        : "(" + String.join(", ", Arrays.stream(s).mapToObj(Long::toString).toList()) + ")";
                assertEquals(expected, shapeText, "Python tuple syntax (a 1-tuple needs its comma)");
            }
        }
    }

    @Test
    void readRefusesFilesThatAreNotNpy() throws IOException {
        Path bad = dir.resolve("bad.npy");
        Files.write(bad, "PNG is not NUMPY, not at all".getBytes(StandardCharsets.US_ASCII));
        IOException e = assertThrows(IOException.class, () -> Npy.read(bad));
        assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());
    }

    @Test
    void readRefusesTruncatedAndOverlongData() throws IOException {
        Path good = dir.resolve("good.npy");
        try (Field2D f = Field2D.allocate(Precision.F64, 4, 3)) {
            f.fill(1.5);
            Npy.write(good, f);
        }
        byte[] bytes = Files.readAllBytes(good);
        Path shortFile = dir.resolve("short.npy");
        Files.write(shortFile, Arrays.copyOf(bytes, bytes.length - 8));
        IOException e = assertThrows(IOException.class, () -> Npy.read(shortFile));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path longFile = dir.resolve("long.npy");
        Files.write(longFile, Arrays.copyOf(bytes, bytes.length + 3));
        e = assertThrows(IOException.class, () -> Npy.read(longFile));
        assertTrue(e.getMessage().contains("3 unexpected bytes"), e.getMessage());
    }

    @Test
    void rewritingAFileReplacesItsContent() throws IOException {
        Path file = dir.resolve("f.npy");
        try (Field2D big = Field2D.allocate(Precision.F64, 50, 50); Field2D small = Field2D.allocate(Precision.F32, 3, 4)) {
            big.fill(2.0);
            small.fill(0.5);
            Npy.write(file, big);
            Npy.write(file, small); // must truncate, not leave the bigger file's tail behind
        }
        Npy.Array a = Npy.read(file);
        assertArrayEquals(new long[] {4, 3}, a.shape());
        assertTrue(Arrays.stream(a.data()).allMatch(v -> v == 0.5));
    }
}
