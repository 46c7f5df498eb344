package dev.jstencil.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import dev.jstencil.testutil.Grids;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
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

    /** 2D (nz = 0) and 3D shapes, ghost widths 1..4. */
    @ParameterizedTest(name = "{0} {1}x{2}x{3} ghost {4}")
    @CsvSource({"F64, 13, 7, 0, 1", "F32, 13, 7, 0, 2", "F64, 67, 3, 0, 4", "F32, 3, 67, 0, 1", "F64, 1, 1, 0, 1", "F32, 1000, 2, 0, 3",
            "F64, 13, 7, 5, 1", "F32, 13, 7, 5, 3", "F64, 5, 3, 11, 2", "F32, 1, 1, 1, 4", "F64, 1, 4, 2, 1", "F32, 67, 2, 3, 2"})
    void writtenFilesFollowTheFormatAndReadBack(Precision p, int nx, int ny, int nz, int ghost) throws IOException {
        Path file = dir.resolve("f.npy");
        GridShape shape = nz == 0 ? GridShape.of2d(nx, ny) : GridShape.of3d(nx, ny, nz);
        int cells = (int) shape.cells();
        double[] values = Grids.roundedTo(p, Grids.random(nx * 31L + ny + 7L * nz, cells, -5, 5));
        try (Field f = Field.allocate(p, shape, ghost)) {
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
        assertEquals(nz == 0 ? "(" + ny + ", " + nx + ")" : "(" + nz + ", " + ny + ", " + nx + ")", parsed.entry("shape"));
        assertEquals((long) cells * p.bytes(), parsed.data().remaining(), "data length (nothing before or after)");
        // C order of (nz, ny, nx) / (ny, nx): the last index, x, fastest, then y, then z
        int i = 0;
        for (int z = 0; z < Math.max(nz, 1); z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    double v = p == Precision.F64 ? parsed.data().getDouble() : parsed.data().getFloat();
                    assertEquals(values[(z * ny + y) * nx + x], v, "element [" + (nz == 0 ? "" : z + ", ") + y + ", " + x + "] in C order");
                }
            }
        }

        Npy.Array read = Npy.read(file);
        assertEquals(descr, read.descr());
        assertFalse(read.fortranOrder());
        assertArrayEquals(nz == 0 ? new long[] {ny, nx} : new long[] {nz, ny, nx}, read.shape());
        assertArrayEquals(values, read.data());
    }

    /**
     * readInto fills the interior of a field of the file's shape, whatever its ghost width, leaving its
     * ghosts alone; values are rounded to the field's precision, so f32 to f64 is exact and f64 to f32
     * rounds.
     */
    @ParameterizedTest(name = "{0} file into {1} field {2}x{3}x{4}")
    @CsvSource({"F64, F64, 13, 7, 0", "F32, F32, 13, 7, 0", "F64, F32, 13, 7, 0", "F32, F64, 9, 4, 0", "F64, F64, 13, 7, 5",
            "F32, F32, 5, 3, 11", "F64, F32, 5, 3, 11", "F32, F64, 1, 1, 1", "F64, F64, 1, 1, 0"})
    void readIntoRoundTripsIntoTheInteriorOf2DAnd3DFields(Precision filePrecision, Precision fieldPrecision, int nx, int ny, int nz)
            throws IOException {
        Path file = dir.resolve("in.npy");
        GridShape shape = nz == 0 ? GridShape.of2d(nx, ny) : GridShape.of3d(nx, ny, nz);
        double[] values = Grids.roundedTo(filePrecision, Grids.random(nx + 13L * ny + nz, (int) shape.cells(), -2, 2));
        try (Field source = Field.allocate(filePrecision, shape, 1); Field target = Field.allocate(fieldPrecision, shape, 2)) {
            Grids.load(source, values);
            Npy.write(file, source);
            target.segment().fill((byte) 0x44);
            byte[] junk = target.segment().toArray(ValueLayout.JAVA_BYTE);
            Npy.readInto(file, target);
            double[] expected = Grids.roundedTo(fieldPrecision, values);
            assertArrayEquals(expected, target.toArray(), "the interior, x fastest");
            if (filePrecision == Precision.F64 && fieldPrecision == Precision.F32) {
                assertFalse(Arrays.equals(values, target.toArray()), "an f64 file read into f32 is rounded");
            }
            // every byte outside the interior is as it was
            byte[] after = target.segment().toArray(ValueLayout.JAVA_BYTE);
            boolean[] interior = new boolean[after.length];
            int e = fieldPrecision.bytes();
            for (int z = 0; z < shape.nz(); z++) {
                for (int y = 0; y < ny; y++) {
                    long o = target.rowOffset(y, z);
                    Arrays.fill(interior, (int) o, (int) o + nx * e, true);
                }
            }
            for (int b = 0; b < after.length; b++) {
                if (!interior[b]) {
                    assertEquals(junk[b], after[b], "byte " + b + " outside the interior was written");
                }
            }
        }
    }

    /** The message names the file, what it holds and the shape the grid needs. */
    private static void assertNamesFileContentAndNeed(IllegalArgumentException e, Path file, String holds, String needed) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "names the file " + file + ": " + m);
        assertTrue(m.contains(holds), "says what the file holds (" + holds + "): " + m);
        assertTrue(m.contains(needed), "names the shape needed " + needed + ": " + m);
    }

    @Test
    void readIntoRefusesAFileOfTheWrongShapeNamingBothShapes() throws IOException {
        Path file = dir.resolve("wrong.npy");
        try (Field f = Field.allocate(Precision.F64, GridShape.of2d(7, 13), 1)) {
            f.fill(1.0);
            Npy.write(file, f); // shape (13, 7)
        }
        try (Field twoD = Field.allocate(Precision.F64, GridShape.of2d(13, 7), 1);
             Field threeD = Field.allocate(Precision.F32, GridShape.of3d(7, 13, 2), 1)) {
            twoD.fill(5.0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.readInto(file, twoD));
            assertNamesFileContentAndNeed(e, file, "(13, 7)", "(7, 13)");
            assertTrue(e.getMessage().matches("(?s).*holds.*\\(13, 7\\).*needs.*\\(7, 13\\).*"), "the file's shape, then the grid's: " + e.getMessage());
            assertTrue(Arrays.stream(twoD.toArray()).allMatch(v -> v == 5.0), "a refused file leaves the field as it was");
            e = assertThrows(IllegalArgumentException.class, () -> Npy.readInto(file, threeD));
            assertNamesFileContentAndNeed(e, file, "(13, 7)", "(2, 13, 7)");
        }
    }

    /**
     * A process's block (MPI, --init-from): the block's cells of the whole array, rounded to the field's precision;
     * the file must have the whole grid's shape, which the message names, not the block's.
     */
    @ParameterizedTest(name = "{0} file, block {1}x{2}x{3} at {4},{5},{6} of {7}x{8}x{9}")
    @CsvSource({"F64, 4, 3, 0, 5, 2, 0, 11, 7, 0", "F32, 11, 1, 0, 0, 6, 0, 11, 7, 0", "F64, 3, 2, 4, 2, 5, 1, 6, 7, 5",
            "F32, 6, 7, 2, 0, 0, 3, 6, 7, 5"})
    void readIntoKeepsOnlyTheBlockOfAPlacedField(Precision p, int nx, int ny, int nz, int x0, int y0, int z0, int gx, int gy, int gz)
            throws IOException {
        Path file = dir.resolve("whole.npy");
        GridShape grid = gz == 0 ? GridShape.of2d(gx, gy) : GridShape.of3d(gx, gy, gz);
        GridShape block = nz == 0 ? GridShape.of2d(nx, ny) : GridShape.of3d(nx, ny, nz);
        Placement at = new Placement(x0, y0, z0, grid);
        double[] values = Grids.roundedTo(p, Grids.random(gx * 31L + gy, (int) grid.cells(), -2, 2));
        try (Field whole = Field.allocate(p, grid, 1); Field target = Field.allocate(Precision.F32, block, 2)) {
            Grids.load(whole, values);
            Npy.write(file, whole);
            Npy.readInto(file, target, at);
            assertArrayEquals(Grids.roundedTo(Precision.F32, Grids.block(values, at, block)), target.toArray(), "the block, x fastest");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.readInto(file, target));
            assertNamesFileContentAndNeed(e, file, tuple(grid), tuple(block));
        }
    }

    /** "(ny, nx)" or "(nz, ny, nx)". */
    private static String tuple(GridShape g) {
        return g.dims() == 3 ? "(" + g.nz() + ", " + g.ny() + ", " + g.nx() + ")" : "(" + g.ny() + ", " + g.nx() + ")";
    }

    @Test
    void readIntoRefusesFortranOrder() throws IOException {
        Path file = dir.resolve("fortran.npy");
        GridShape shape = GridShape.of2d(4, 3);
        try (Field f = Field.allocate(Precision.F64, shape, 1)) {
            f.fill(1.0);
            Npy.write(file, f);
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("'fortran_order': False");
        assertTrue(at > 0, text);
        byte[] flag = "'fortran_order': True ".getBytes(StandardCharsets.US_ASCII); // same length: the header stays valid
        System.arraycopy(flag, 0, bytes, at, flag.length);
        Files.write(file, bytes);
        assertTrue(Npy.read(file).fortranOrder(), "the edited file is a valid Fortran-order array");
        try (Field f = Field.allocate(Precision.F64, shape, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.readInto(file, f));
            assertNamesFileContentAndNeed(e, file, "Fortran order", "(3, 4)");
            assertTrue(e.getMessage().contains("C order"), e.getMessage());
        }
    }

    @Test
    void readIntoRefusesAMissingFile() {
        Path file = dir.resolve("nowhere/u.npy");
        try (Field f = Field.allocate(Precision.F32, GridShape.of3d(5, 4, 3), 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.readInto(file, f));
            assertNamesFileContentAndNeed(e, file, "does not exist", "(3, 4, 5)");
        }
    }

    @Test
    void readIntoRefusesAGarbageFile() throws IOException {
        Path file = dir.resolve("garbage.npy");
        Files.write(file, "PNG is not NUMPY, not at all".getBytes(StandardCharsets.US_ASCII));
        try (Field f = Field.allocate(Precision.F64, GridShape.of2d(6, 2), 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.readInto(file, f));
            assertNamesFileContentAndNeed(e, file, "not a .npy file", "(2, 6)");
        }
        Path ints = dir.resolve("ints.npy"); // a valid .npy file of the right shape, but of integers
        byte[] header = Npy.header("<i4", 2, 6);
        Files.write(ints, Arrays.copyOf(header, header.length + 2 * 6 * 4));
        try (Field f = Field.allocate(Precision.F64, GridShape.of2d(6, 2), 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.readInto(ints, f));
            assertNamesFileContentAndNeed(e, ints, "<i4", "(2, 6)");
        }
        Path empty = dir.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        try (Field f = Field.allocate(Precision.F32, GridShape.of3d(6, 2, 3), 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.readInto(empty, f));
            assertNamesFileContentAndNeed(e, empty, "truncated", "(3, 2, 6)");
        }
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
        try (Field f = Field.allocate(Precision.F64, GridShape.of2d(4, 3), 1)) {
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
        try (Field big = Field.allocate(Precision.F64, GridShape.of3d(50, 50, 4), 1); Field small = Field.allocate(Precision.F32, GridShape.of2d(3, 4), 1)) {
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
