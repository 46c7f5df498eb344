package dev.jstencil.io.checkpoint;

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
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The checkpoint file format: round trips, every kind of damage refused in words, the directory's choice and pruning. */
class CheckpointTest {
    @TempDir
    Path dir;

    /** A model text with what the header must escape: backslashes (line continuations), blank lines, a carriage return. */
    static final String TEXT = "# a test\nfields a b\nparam p = 0.25\nda/dt = p*lap(a) \\\n    - a*b\r\n\ndb/dt = a\n";

    static CheckpointHeader header(GridShape grid, Precision p, long step) {
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("p", 0.25);
        params.put("q", -1.0e-300);
        return new CheckpointHeader("test", TEXT, List.of("a", "b"), params, grid, "periodic,neumann", p, step, step * 0.1, 0.1,
                1.0 / 3, -42, true);
    }

    /** Two fields of random values; the caller closes them. */
    static List<Field> fields(GridShape grid, Precision p, long seed) {
        List<Field> fields = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            Field field = Field.allocate(p, grid, 1);
            Grids.load(field, Grids.random(seed + f, (int) grid.cells(), -1e3, 1e3));
            fields.add(field);
        }
        return fields;
    }

    /** {@code file}: a checkpoint of step 5 of two f64 fields of random values on {@code grid}. */
    static Path writeRandom(Path file, GridShape grid) throws IOException {
        List<Field> fields = fields(grid, Precision.F64, 3);
        try {
            CheckpointWriter.write(file, header(grid, Precision.F64, 5), fields);
        } finally {
            fields.forEach(Field::close);
        }
        return file;
    }

    static Stream<Arguments> roundTrips() {
        return Stream.of(
                Arguments.of(GridShape.of2d(33, 17), Precision.F64, ByteOrder.LITTLE_ENDIAN),
                Arguments.of(GridShape.of2d(33, 17), Precision.F32, ByteOrder.LITTLE_ENDIAN),
                Arguments.of(GridShape.of3d(5, 7, 3), Precision.F64, ByteOrder.BIG_ENDIAN),
                Arguments.of(GridShape.of3d(9, 4, 6), Precision.F32, ByteOrder.BIG_ENDIAN),
                Arguments.of(GridShape.of2d(3, 3), Precision.F64, ByteOrder.BIG_ENDIAN));
    }

    /** Every bit of every field and every header value comes back, in either byte order, into a field of another ghost width. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("roundTrips")
    void aCheckpointReadsBackBitForBit(GridShape grid, Precision p, ByteOrder order) throws IOException {
        Path file = dir.resolve("c.jsck");
        List<Field> fields = fields(grid, p, 7);
        CheckpointHeader h = header(grid, p, 1234);
        try {
            CheckpointWriter.write(file, h, fields, order);
            Checkpoint c = Checkpoint.open(file);
            assertEquals(h, c.header());
            assertEquals(order, c.byteOrder());
            assertEquals(Checkpoint.VERSION, c.version());
            c.verify();
            for (int f = 0; f < 2; f++) {
                try (Field back = Field.allocate(p, grid, 2)) {
                    c.readField(f, back);
                    Grids.assertBitwiseEquals(fields.get(f).toArray(), back.toArray(), grid.nx(), "field " + f);
                }
            }
        } finally {
            fields.forEach(Field::close);
        }
        assertEquals(List.of("c.jsck"), names(dir), "no temporary file is left");
    }

    /**
     * A process's block (MPI) of each field: exactly the block's cells of the whole field, in a field of the block's
     * shape, from a 2D and a 3D file; a block beyond the grid is refused, naming it.
     */
    @ParameterizedTest(name = "{0} {1}, block {2} at {3},{4},{5}")
    @CsvSource({"9x4x6, F32, 5x3x2, 2, 1, 3", "9x4x6, F64, 9x4x6, 0, 0, 0", "33x17, F64, 10x6, 23, 11, 0", "33x17, F32, 1x17, 0, 0, 0"})
    void aBlockOfEachFieldReadsBackFromTheWholeFile(String gridText, Precision p, String blockText, int x0, int y0, int z0) throws IOException {
        GridShape grid = GridShape.of(sizes(gridText)), block = GridShape.of(sizes(blockText));
        Path file = dir.resolve("c.jsck");
        List<Field> fields = fields(grid, p, 11);
        try {
            CheckpointWriter.write(file, header(grid, p, 5), fields);
            Checkpoint c = Checkpoint.open(file);
            Placement at = new Placement(x0, y0, z0, grid);
            for (int f = 0; f < 2; f++) {
                try (Field back = Field.allocate(p, block, 1)) {
                    c.readField(f, back, at);
                    Grids.assertBitwiseEquals(Grids.block(fields.get(f).toArray(), at, block), back.toArray(), block.nx(), "field " + f);
                }
            }
            int[] wide = sizes(blockText);
            wide[0] = grid.nx() - x0 + 1; // one cell beyond the grid's last column
            try (Field tooWide = Field.allocate(p, GridShape.of(wide), 1)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.readField(0, tooWide, at));
                assertEquals("block " + tooWide.shape() + " at (" + x0 + ", " + y0 + ", " + z0 + ") is not within grid " + grid, e.getMessage());
            }
        } finally {
            fields.forEach(Field::close);
        }
    }

    /** "9x4x6" as {9, 4, 6}. */
    static int[] sizes(String text) {
        return java.util.Arrays.stream(text.split("x")).mapToInt(Integer::parseInt).toArray();
    }

    /** A damaged cell outside a process's block still fails the read: the CRC32C covers the whole field, and every process checks it. */
    @Test
    void aBlockReadChecksTheWholeField() throws IOException {
        GridShape grid = GridShape.of2d(12, 10);
        Path file = writeRandom(dir.resolve("c.jsck"), grid);
        damage(file, Files.size(file) - 9, "~"); // a cell of field b's last row
        Checkpoint c = Checkpoint.open(file);
        try (Field block = Field.allocate(Precision.F64, GridShape.of2d(6, 5), 1)) {
            InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class,
                    () -> c.readField(1, block, new Placement(0, 0, 0, grid)));
            assertTrue(e.getMessage().endsWith("field b fails its CRC32C check"), e.getMessage());
        }
    }

    @Test
    void theHeaderTextRoundTripsEveryValue() {
        CheckpointHeader h = header(GridShape.of3d(4, 5, 6), Precision.F32, Long.MAX_VALUE);
        assertEquals(h, CheckpointHeader.parse(h.toText()));
        assertFalse(h.toText().contains("\r"), "escaped: one line per key");
    }

    @Test
    void aFieldOfAnotherGridOrPrecisionIsNotWritten() {
        GridShape grid = GridShape.of2d(8, 8);
        List<Field> fields = fields(grid, Precision.F32, 1);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CheckpointWriter.write(dir.resolve("x.jsck"), header(grid, Precision.F64, 1), fields));
            assertTrue(e.getMessage().contains("does not match the header's 8x8 f64"), e.getMessage());
        } finally {
            fields.forEach(Field::close);
        }
        assertEquals(List.of(), names(dir), "nothing written, no temporary file left");
    }

    /** Damage, where and what: (offset from the start, or from the end when negative; byte written or 'truncate'), and the words. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "wrong magic               | 1     | X        | is not a jstencil checkpoint",
        "byte-order flag           | 8     | Q        | byte-order flag 0x51 is neither 'L' nor 'B'",
        "future version            | 12    | 9        | has format version 9, newer than this jstencil reads (1)",
        "header byte flipped       | 30    | ~        | its header fails its CRC32C check",
        "header length too long    | 18    | 7        | a header of",
        "byte in field a flipped   | HDR+5 | ~        | field a fails its CRC32C check",
        "byte in field b flipped   | -9    | ~        | field b fails its CRC32C check",
        "field b's CRC flipped     | -2    | ~        | field b fails its CRC32C check",
        "cut in the last field     | -100  | truncate | is truncated: ",
        "cut in the header         | 25    | truncate | is truncated or corrupted: a header of",
        "cut in the prefix         | 11    | truncate | is truncated: 11 bytes, less than the 20-byte prefix",
        "empty file                | 0     | truncate | is truncated: 0 bytes",
        "extra bytes               | -0    | append   | extra bytes after the last field",
    })
    void aDamagedCheckpointIsRefusedSayingWhatIsWrong(String what, String where, String change, String words) throws IOException {
        GridShape grid = GridShape.of2d(13, 11);
        Path file = writeRandom(dir.resolve("ckpt.jsck"), grid);
        long size = Files.size(file);
        long headerEnd = size - 2 * (grid.cells() * 8 + 4);
        long at = where.startsWith("HDR") ? headerEnd + Long.parseLong(where.substring(4))
                : where.startsWith("-") ? size + Long.parseLong(where) : Long.parseLong(where);
        damage(file, at, change);
        InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class, () -> {
            Checkpoint c = Checkpoint.open(file);
            c.verify();
        }, what);
        assertTrue(e.getMessage().startsWith("checkpoint " + file + " "), e.getMessage());
        assertTrue(e.getMessage().contains(words), "'" + words + "' in: " + e.getMessage());
        assertEquals(file, e.file());
    }

    /** Writes {@code change} at {@code at}: one byte (a letter or digit as itself, '~' flips every bit), or truncate or append. */
    static void damage(Path file, long at, String change) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            switch (change) {
                case "truncate" -> ch.truncate(at);
                case "append" -> ch.write(java.nio.ByteBuffer.wrap(new byte[] {0}), ch.size());
                default -> {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
                    ch.read(b, at);
                    byte old = b.get(0);
                    byte now = change.equals("~") ? (byte) ~old : change.matches("\\d") ? (byte) Integer.parseInt(change) : (byte) change.charAt(0);
                    ch.write(java.nio.ByteBuffer.wrap(new byte[] {now}), at);
                }
            }
        }
    }

    @Test
    void aMissingFileIsRefusedInWords() {
        Path nothing = dir.resolve("none.jsck");
        InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class, () -> Checkpoint.open(nothing));
        assertEquals("checkpoint " + nothing + " does not exist", e.getMessage());
    }

    /** Saves the checkpoints of these steps with the given keep into a fresh directory; returns it. */
    private Path saved(int keep, long... steps) throws IOException {
        Path d = Files.createDirectories(dir.resolve("d" + keep + "-" + steps.length + "-" + steps[0]));
        CheckpointDirectory cd = new CheckpointDirectory(d, keep);
        GridShape grid = GridShape.of2d(6, 5);
        for (long s : steps) {
            List<Field> fields = fields(grid, Precision.F32, s);
            try {
                assertEquals(d.resolve(CheckpointDirectory.fileName(s)), cd.save(header(grid, Precision.F32, s), fields));
            } finally {
                fields.forEach(Field::close);
            }
        }
        return d;
    }

    static Stream<Arguments> keeps() {
        Random r = new Random(20261130);
        return IntStream.range(0, 8).mapToObj(i -> {
            int keep = 1 + r.nextInt(4), count = 1 + r.nextInt(7), every = 1 + r.nextInt(500);
            return Arguments.of(keep, count, every);
        });
    }

    /** After each save, the newest min(K, saved) checkpoints are there, and nothing else. */
    @ParameterizedTest(name = "keep {0}, {1} saves every {2} steps")
    @MethodSource("keeps")
    void savingKeepsExactlyTheNewestK(int keep, int count, int every) throws IOException {
        long[] steps = stepsOf(count, every);
        Path d = saved(keep, steps);
        List<String> expected = new ArrayList<>();
        for (int i = count - 1; i >= Math.max(0, count - keep); i--) {
            expected.add(CheckpointDirectory.fileName(steps[i]));
        }
        assertEquals(expected, CheckpointDirectory.list(d).stream().map(e -> e.file().getFileName().toString()).toList());
        assertEquals(expected.stream().sorted().toList(), names(d));
    }

    private static long[] stepsOf(int count, int every) {
        return java.util.stream.LongStream.rangeClosed(1, count).map(i -> i * every).toArray();
    }

    @Test
    void namesSortByStepAndCheckpointsOfLaterStepsAreNotPruned() throws IOException {
        assertEquals("ckpt-000000000600.jsck", CheckpointDirectory.fileName(600));
        Path d = saved(2, 900, 1000, 100, 200, 300);
        assertEquals(List.of(1000L, 900L, 300L, 200L), CheckpointDirectory.list(d).stream().map(CheckpointDirectory.Entry::step).toList(),
                "the later ones of an earlier run stay (this run replaces each when it gets there); the earlier ones beyond 2 go");
    }

    @Test
    void theNewestValidCheckpointIsChosenAndATemporaryFileIgnored() throws IOException {
        Path d = saved(3, 10, 20, 30);
        Files.write(d.resolve(".ckpt-000000000040.jsck.tmp-1234"), new byte[] {1, 2, 3});
        Files.write(d.resolve("ckpt-notes.txt"), new byte[] {1});
        CheckpointDirectory.Selection s = CheckpointDirectory.newestValid(d);
        assertEquals(30, s.checkpoint().header().step());
        assertEquals(List.of(), s.skipped());
    }

    /** The newest unusable for every reason in turn: the one before is chosen and the skipped one named with its fault. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "flipped field byte | -30 | ~        | field b fails its CRC32C check",
        "truncated          | -30 | truncate | is truncated",
        "wrong magic        | 0   | x        | is not a jstencil checkpoint",
        "future version     | 12  | 2        | has format version 2",
    })
    void aDamagedNewestCheckpointFallsBackToThePreviousValidOne(String what, long where, String change, String words) throws IOException {
        Path d = saved(3, 10, 20, 30);
        Path newest = d.resolve(CheckpointDirectory.fileName(30));
        damage(newest, where < 0 ? Files.size(newest) + where : where, change);
        CheckpointDirectory.Selection s = CheckpointDirectory.newestValid(d);
        assertEquals(20, s.checkpoint().header().step(), what);
        assertEquals(1, s.skipped().size());
        assertTrue(s.skipped().getFirst().contains(newest.toString()) && s.skipped().getFirst().contains(words), s.skipped().getFirst());
    }

    @Test
    void aRenamedCheckpointIsNotTakenForTheStepItsNameSays() throws IOException {
        Path d = saved(3, 10, 20);
        Files.move(d.resolve(CheckpointDirectory.fileName(10)), d.resolve(CheckpointDirectory.fileName(50)));
        CheckpointDirectory.Selection s = CheckpointDirectory.newestValid(d);
        assertEquals(20, s.checkpoint().header().step());
        assertTrue(s.skipped().getFirst().contains("holds step 10, not the step 50 its name says"), s.skipped().getFirst());
    }

    @Test
    void aDirectoryWithoutAValidCheckpointIsRefusedSayingWhyForEach() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> CheckpointDirectory.newestValid(empty));
        assertTrue(none.getMessage().contains("holds no checkpoints (files named ckpt-<step>.jsck)"), none.getMessage());
        Path d = saved(2, 1, 2);
        for (CheckpointDirectory.Entry e : CheckpointDirectory.list(d)) {
            damage(e.file(), Files.size(e.file()) - 1, "~");
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> CheckpointDirectory.newestValid(d));
        assertTrue(bad.getMessage().contains("holds no valid checkpoint: checkpoint " + d.resolve(CheckpointDirectory.fileName(2)))
                && bad.getMessage().contains(CheckpointDirectory.fileName(1) + " is corrupted"), bad.getMessage());
    }

    @Test
    void keepMustBeAtLeastOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CheckpointDirectory(dir, 0));
        assertTrue(e.getMessage().contains("keep 0 is not allowed"), e.getMessage());
    }

    @Test
    void differencesNameEachValueThatDiffers() {
        CheckpointHeader a = header(GridShape.of2d(64, 64), Precision.F64, 600);
        Map<String, Double> params = new LinkedHashMap<>(a.params());
        params.put("p", 0.5);
        CheckpointHeader b = new CheckpointHeader("test", TEXT.replace("p*lap", "2*p*lap"), a.fields(), params, GridShape.of2d(128, 128),
                "periodic,periodic", Precision.F32, 0, 0, 0.2, 1.0 / 3, -41, false);
        assertEquals(List.of(), a.differences(new CheckpointHeader(a.modelName(), a.modelText(), a.fields(), a.params(), a.grid(),
                a.boundaries(), a.precision(), 7, 0.7, a.dt(), a.h(), a.seed(), a.flushSubnormals())), "step and time are not compared");
        assertEquals(List.of("model test has a different text (line 4: 'da/dt = p*lap(a) \\' in the checkpoint, 'da/dt = 2*p*lap(a) \\' in this run)",
                "grid 64x64, this run 128x128", "boundaries periodic,neumann, this run periodic,periodic", "precision f64, this run f32",
                "parameter p = 0.25, this run 0.5", "dt 0.1, this run 0.2", "seed -42, this run -41", "flush-subnormals on, this run off"),
                a.differences(b));
    }

    private static List<String> names(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aLeftoverTemporaryFileIsIgnoredAndDoesNotStopTheNextSave() throws IOException {
        Path d = saved(2, 10);
        Path leftover = d.resolve(".ckpt-000000000020.jsck.tmp-0");
        Files.write(leftover, new byte[10]);
        GridShape grid = GridShape.of2d(6, 5);
        List<Field> fields = fields(grid, Precision.F32, 20);
        try {
            new CheckpointDirectory(d, 2).save(header(grid, Precision.F32, 20), fields);
        } finally {
            fields.forEach(Field::close);
        }
        assertEquals(List.of(20L, 10L), CheckpointDirectory.list(d).stream().map(CheckpointDirectory.Entry::step).toList());
        assertEquals(20, CheckpointDirectory.newestValid(d).checkpoint().header().step());
        assertTrue(Files.exists(leftover), "another writer's temporary file is not ours to delete");
    }
}
