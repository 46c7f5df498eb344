package dev.jstencil.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.AxisBoundary;
import dev.jstencil.grid.GridShape;
import dev.jstencil.sim.Subdomain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The split itself, without MPI: slabs cover the axis in order, differ by at most one band; a JVM alone is one rank. */
class SlabDecompositionTest {
    @Test
    void slabsCoverTheAxisInOrderAndDifferByAtMostOne() {
        for (int n : new int[] {3, 4, 23, 37, 64}) {
            for (int ranks = 1; ranks <= Math.min(n, 9); ranks++) {
                int next = 0, min = Integer.MAX_VALUE, max = 0;
                for (int c = 0; c < ranks; c++) {
                    int[] s = SlabDecomposition.slab(n, ranks, c);
                    assertEquals(next, s[0], "slab " + c + " of " + ranks + " over " + n + " starts where the last ended");
                    next = s[0] + s[1];
                    min = Math.min(min, s[1]);
                    max = Math.max(max, s[1]);
                }
                assertEquals(n, next, ranks + " slabs cover " + n);
                assertTrue(max - min <= 1, "sizes " + min + ".." + max);
            }
        }
        assertEquals(List.of(0, 8), List.of(SlabDecomposition.slab(23, 3, 0)[0], SlabDecomposition.slab(23, 3, 0)[1]));
        assertEquals(List.of(16, 7), List.of(SlabDecomposition.slab(23, 3, 2)[0], SlabDecomposition.slab(23, 3, 2)[1]));
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
        Subdomain s = new SlabDecomposition(world).split(GridShape.of2d(37, 23), List.of(AxisBoundary.PERIODIC, AxisBoundary.NEUMANN), 1);
        assertEquals(List.of(0, 23), List.of(s.offset(), s.count()));
        assertEquals(GridShape.of2d(37, 23), s.local());
    }

    @Test
    void cellOffsetIsTheGlobalIndexOfTheSlabsFirstCell() {
        Subdomain s2 = new Subdomain(GridShape.of2d(37, 23), 8, 8, Subdomain.Exchange.NONE);
        assertEquals(GridShape.of2d(37, 23).cellIndex(0, 8, 0), s2.cellOffset());
        Subdomain s3 = new Subdomain(GridShape.of3d(13, 11, 17), 6, 6, Subdomain.Exchange.NONE);
        assertEquals(GridShape.of3d(13, 11, 17).cellIndex(0, 0, 6), s3.cellOffset());
        assertEquals(GridShape.of3d(13, 11, 6), s3.local());
        assertThrows(IllegalArgumentException.class, () -> new Subdomain(GridShape.of2d(37, 23), 20, 4, Subdomain.Exchange.NONE));
    }
}
