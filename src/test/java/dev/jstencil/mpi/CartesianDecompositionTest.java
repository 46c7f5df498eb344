package dev.jstencil.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.AxisBoundary;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import dev.jstencil.sim.Subdomain;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The split itself, without MPI: parts cover each axis in order and differ by at most one; a JVM alone is one rank. */
class CartesianDecompositionTest {
    @Test
    void partsCoverTheAxisInOrderAndDifferByAtMostOne() {
        for (int n : new int[] {3, 4, 23, 37, 64}) {
            for (int ranks = 1; ranks <= Math.min(n, 9); ranks++) {
                int next = 0, min = Integer.MAX_VALUE, max = 0;
                for (int c = 0; c < ranks; c++) {
                    int[] s = CartesianDecomposition.part(n, ranks, c);
                    assertEquals(next, s[0], "part " + c + " of " + ranks + " over " + n + " starts where the last ended");
                    next = s[0] + s[1];
                    min = Math.min(min, s[1]);
                    max = Math.max(max, s[1]);
                }
                assertEquals(n, next, ranks + " parts cover " + n);
                assertTrue(max - min <= 1, "sizes " + min + ".." + max);
            }
        }
        assertArrayEquals(new int[] {0, 8}, CartesianDecomposition.part(23, 3, 0));
        assertArrayEquals(new int[] {16, 7}, CartesianDecomposition.part(23, 3, 2));
    }

    @Test
    void theLargestFactorGoesToTheLongestAxisAndTiesToTheBandAxis() {
        assertArrayEquals(new int[] {3, 2}, CartesianDecomposition.assign(new int[] {3, 2}, GridShape.of2d(37, 23)));
        assertArrayEquals(new int[] {2, 3}, CartesianDecomposition.assign(new int[] {3, 2}, GridShape.of2d(23, 37)));
        assertArrayEquals(new int[] {2, 3}, CartesianDecomposition.assign(new int[] {3, 2}, GridShape.of2d(30, 30)));
        assertArrayEquals(new int[] {1, 2, 3}, CartesianDecomposition.assign(new int[] {3, 2, 1}, GridShape.of3d(11, 13, 17)));
    }

    @Test
    void aJvmWithoutMpirunIsOneRankAndStepsTheWholeGrid() {
        assertFalse(Mpi.launchedByMpirun(Map.of("PATH", "/usr/bin")));
        assertTrue(Mpi.launchedByMpirun(Map.of("OMPI_COMM_WORLD_SIZE", "2")));
        Mpi world = Mpi.world(); // surefire does not run under mpirun
        assertFalse(world.distributed());
        assertEquals(0, world.rank());
        assertEquals(1, world.size());
        assertEquals(42, world.allreduceMax(42L));
        Subdomain s = new CartesianDecomposition(world).split(GridShape.of2d(37, 23), List.of(AxisBoundary.PERIODIC, AxisBoundary.NEUMANN), 1);
        assertEquals(Placement.whole(GridShape.of2d(37, 23)), s.placement());
        assertEquals(GridShape.of2d(37, 23), s.local());
    }

    @Test
    void aBlockMustLieInsideItsGrid() {
        GridShape g = GridShape.of3d(13, 11, 17);
        Subdomain.Gather none = null; // never called: the test only places blocks
        Subdomain s = new Subdomain(new Placement(7, 0, 6, g), GridShape.of3d(6, 11, 6), Subdomain.Exchange.NONE, none);
        assertEquals(g.cellIndex(7, 2, 8), s.placement().cellIndex(0, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Subdomain(new Placement(8, 0, 0, g),
                GridShape.of3d(6, 11, 17), Subdomain.Exchange.NONE, none));
        assertEquals("block 6x11x17 at (8, 0, 0) is not within grid 13x11x17", e.getMessage());
    }

    @Test
    void regionsPackAndUnpackTheirCellsInOrder() {
        try (Field f = Field.allocate(Precision.F64, GridShape.of2d(5, 4), 1); Field back = Field.allocate(Precision.F64, GridShape.of2d(5, 4), 1);
             Arena a = Arena.ofConfined()) {
            for (int y = -1; y <= 4; y++) {
                for (int x = -1; x <= 5; x++) {
                    f.set(x, y, 0, 10 * y + x);
                }
            }
            int[] lo = {-1, 1, 0}, hi = {1, 4, 1}; // a ghost column and a column of the interior, rows 1..3
            MemorySegment buf = a.allocate(CartesianDecomposition.regionBytes(f, lo, hi));
            CartesianDecomposition.copyRegion(f, lo, hi, buf, true);
            assertArrayEquals(new double[] {9, 10, 19, 20, 29, 30}, buf.toArray(java.lang.foreign.ValueLayout.JAVA_DOUBLE));
            CartesianDecomposition.copyRegion(back, lo, hi, buf, false);
            assertEquals(29, back.get(-1, 3, 0));
            assertEquals(10, back.get(0, 1, 0));
            assertEquals(0, back.get(1, 1, 0), "nothing outside the region");
        }
    }
}
