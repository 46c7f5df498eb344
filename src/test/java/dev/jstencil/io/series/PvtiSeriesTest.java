package dev.jstencil.io.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.testutil.Vti;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .pvti of a grid split among processes, read back by the independent reader, and the pieces' extents. */
class PvtiSeriesTest {
    @TempDir
    Path dir;

    @Test
    void eachSnapshotNamesEveryPieceAndTheCollectionListsIt() throws Exception {
        GridShape global = GridShape.of2d(7, 5);
        List<Extent> pieces = List.of(Extent.piece(new int[] {0, 0}, new int[] {4, 5}, global),
                Extent.piece(new int[] {4, 0}, new int[] {3, 5}, global));
        SeriesFiles files = new SeriesFiles(dir, 6);
        PvtiSeries series = new PvtiSeries(files, "gs", 0.25, List.of("u", "v"), Precision.F32, global, pieces);
        series.add(10, 2.5);
        series.add(20, 5);

        Vti.Parallel p = Vti.readParallel(dir.resolve("gs_000020.pvti"));
        assertEquals("0 6 0 4 0 0", p.wholeExtent());
        assertEquals("0.25 0.25 0.25", p.spacing());
        assertEquals(List.of("u", "v"), List.copyOf(p.arrays().keySet()));
        assertEquals("Float32", p.arrays().get("v"));
        assertEquals(List.of(new Vti.Piece("0 4 0 4 0 0", "gs_000020_0.vti"), new Vti.Piece("4 6 0 4 0 0", "gs_000020_1.vti")), p.pieces(),
                "the first piece reaches the second's first point; the last ends with the grid");
        assertEquals(List.of(new Vti.DataSet(2.5, "gs_000010.pvti"), new Vti.DataSet(5, "gs_000020.pvti")), Vti.collection(dir.resolve("gs.pvd")));
        assertEquals(2, series.count());
    }

    @Test
    void pieceNamesPadTheRankToTheLargestOne() {
        SeriesFiles files = new SeriesFiles(dir, 6);
        assertEquals(dir.resolve("m_000042_007.vti"), files.piece("m", 42, 7, 120, "vti"));
        assertEquals(dir.resolve("m_000042_0.vti"), files.piece("m", 42, 0, 1, "vti"));
        var e = assertThrows(IllegalArgumentException.class, () -> files.piece("m", 42, 3, 3, "vti"));
        assertEquals("rank 3 is not allowed: use 0..2", e.getMessage());
    }

    @Test
    void aBlockOutsideTheGridIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Extent.piece(new int[] {0, 4, 0}, new int[] {3, 3, 2}, GridShape.of3d(3, 6, 2)));
        assertEquals("block cells [4, 7) along axis 1 are not within grid 3x6x2", e.getMessage());
    }
}
