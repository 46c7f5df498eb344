package dev.jstencil.io.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.testutil.Grids;
import dev.jstencil.testutil.Vti;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** .vti files read back by an independent reader ({@link Vti}) hold the fields' values bit for bit. */
class VtiWriterTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}x{1}x{2} {3} ghost {4} h={5}")
    @CsvSource({
            "5, 3, 0, f64, 1, 1",
            "5, 3, 0, f32, 1, 0.25",
            "17, 9, 0, f64, 2, 0.001",
            "33, 7, 0, f32, 4, 3",
            "4, 3, 5, f64, 1, 1",
            "6, 5, 3, f32, 1, 0.5",
            "9, 4, 6, f64, 3, 2.5",
            "130, 70, 0, f64, 1, 1",
    })
    void roundTripsEveryValueOfEveryField(int nx, int ny, int nz, String prec, int ghost, double h) throws Exception {
        Precision p = Precision.parse(prec);
        GridShape shape = nz == 0 ? GridShape.of2d(nx, ny) : GridShape.of3d(nx, ny, nz);
        try (Field a = Field.allocate(p, shape, ghost); Field b = Field.allocate(p, shape, ghost)) {
            Grids.load(a, Grids.random(nx * 31L + ny, (int) shape.cells(), -2, 3));
            Grids.load(b, Grids.random(nz * 7L + 1, (int) shape.cells(), 1e-300, 1e300));
            a.set(0, 0, 0, -0.0);
            b.set(nx - 1, ny - 1, Math.max(0, nz - 1), Double.MIN_NORMAL / 4); // subnormal in f64, 0 in f32: bits either way
            Path file = dir.resolve("x.vti");
            VtiWriter.write(file, List.of("alpha", "b"), List.of(a, b), h);

            Vti.Image img = Vti.read(file);
            assertEquals("0 " + (nx - 1) + " 0 " + (ny - 1) + " 0 " + (nz == 0 ? 0 : nz - 1), img.wholeExtent());
            assertEquals("0 0 0", img.origin());
            assertEquals(List.of(h, h, h), List.of(img.spacing().split(" ")).stream().map(Double::parseDouble).toList());
            assertEquals("UInt64", img.headerType());
            assertEquals("alpha", img.scalars());
            assertEquals(List.of("alpha", "b"), List.copyOf(img.arrays().keySet()));
            String type = p == Precision.F64 ? "Float64" : "Float32";
            assertEquals(type, img.arrays().get("alpha").type());
            assertArrayEquals(Vti.expectedBits(a, p), img.arrays().get("alpha").bits(), "alpha");
            assertArrayEquals(Vti.expectedBits(b, p), img.arrays().get("b").bits(), "b");
        }
    }

    /** Three fields of 1.4 MiB each: every array crosses the staging buffer's edge somewhere. */
    @Test
    void arraysLargerThanTheStagingBufferStayInOrder() throws Exception {
        GridShape shape = GridShape.of3d(61, 53, 57);
        try (Field a = Field.allocate(Precision.F64, shape, 1); Field b = Field.allocate(Precision.F64, shape, 1);
             Field c = Field.allocate(Precision.F64, shape, 1)) {
            for (Field f : List.of(a, b, c)) {
                Grids.load(f, Grids.random(f.hashCode(), (int) shape.cells(), -1, 1));
            }
            Path file = dir.resolve("big.vti");
            VtiWriter.write(file, List.of("a", "b", "c"), List.of(a, b, c), 1);
            Vti.Image img = Vti.read(file);
            assertArrayEquals(Vti.expectedBits(a, Precision.F64), img.arrays().get("a").bits());
            assertArrayEquals(Vti.expectedBits(b, Precision.F64), img.arrays().get("b").bits());
            assertArrayEquals(Vti.expectedBits(c, Precision.F64), img.arrays().get("c").bits());
        }
    }

    /**
     * A piece of a bigger image: the extent's offset is only in the header, the values are the block's from its cell
     * (0, 0, 0), reaching one cell into the ghost layer at the high end of x and z (the next blocks' first values).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"f64", "f32"})
    void aPieceHoldsItsExtentGhostCellsIncluded(String prec) throws Exception {
        Precision p = Precision.parse(prec);
        GridShape block = GridShape.of3d(5, 4, 3);
        try (Field f = Field.allocate(p, block, 1)) {
            for (int z = -1; z <= 3; z++) {
                for (int y = -1; y <= 4; y++) {
                    for (int x = -1; x <= 5; x++) {
                        f.set(x, y, z, 1000 * z + 100 * y + x + 0.5);
                    }
                }
            }
            Extent extent = Extent.piece(new int[] {10, 0, 3}, new int[] {5, 4, 3}, GridShape.of3d(20, 4, 9));
            assertEquals("10 15 0 3 3 6", extent.toString(), "one more point along x and z, where blocks follow; none along y");
            Path file = dir.resolve("piece.vti");
            VtiWriter.write(file, List.of("u"), List.of(f), 0.5, extent);
            Vti.Image img = Vti.read(file);
            assertEquals("10 15 0 3 3 6", img.wholeExtent());
            double[] expected = new double[6 * 4 * 4];
            for (int i = 0; i < expected.length; i++) {
                int x = i % 6, y = (i / 6) % 4, z = i / 24;
                expected[i] = 1000 * z + 100 * y + x + 0.5;
            }
            assertArrayEquals(Vti.bitsOf(expected, p), img.arrays().get("u").bits());
        }
    }

    @Test
    void refusesAnExtentBeyondTheGhostLayer() {
        try (Field f = Field.allocate(Precision.F64, GridShape.of2d(4, 4), 1)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> VtiWriter.write(dir.resolve("x.vti"), List.of("a"), List.of(f), 1, new Extent(0, 6, 0, 4, 0, 1)));
            assertEquals("extent 0 5 0 3 0 0 has 6 points along axis 0, more than fields 4x4 with ghost width 1 hold (at most 5)", e.getMessage());
        }
    }

    @Test
    void refusesFieldsOfDifferentShapes() {
        try (Field a = Field.allocate(Precision.F64, GridShape.of2d(4, 4), 1); Field b = Field.allocate(Precision.F64, GridShape.of2d(4, 5), 1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> VtiWriter.write(dir.resolve("x.vti"), List.of("a", "b"), List.of(a, b), 1));
            assertEquals(true, e.getMessage().contains("share precision and shape"), e.getMessage());
        }
    }
}
