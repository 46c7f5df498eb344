package dev.jstencil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BufferPlacementTest {
    /**
     * Worked by hand: pitch 2112 bytes (256 f64 cells), buffers 1088 apart. With parity 0, u (at 0)
     * is loaded and u' (at 2176) stored; the south row of u sits at o + 2112, which is 4K-aliased
     * with the store to u' at o - 64 (2176 - 2112 = 64 behind): the load one vector ahead waits.
     */
    @Test
    void findsTheLoadOneVectorAheadOfAStoreOnTheMeasuredBadLayout() {
        assertEquals(64, BufferPlacement.nearestAliasingLoad(2112, 1088));
        assertEquals(448, BufferPlacement.nearestAliasingLoad(2112, 448));
    }

    @Test
    void aLoadAtTheOffsetOfItsOwnIterationsStoreIsNotCounted() {
        // every buffer at the same place modulo a page: the centre loads alias only the same iteration's
        // stores; the row loads at +-4096 do the same, so nothing is ahead
        assertEquals(BufferPlacement.PAGE, BufferPlacement.nearestAliasingLoad(4096, 0));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void theChosenStaggerIsALineMultipleAndKeepsLoadsAtLeastFourVectorsAheadForEveryRowUpTo5000(Precision p) {
        for (int nx = 1; nx <= 5000; nx++) {
            long pitchBytes = (long) Field2D.pitchElements(p, nx) * p.bytes();
            long stagger = BufferPlacement.stagger(pitchBytes);
            assertTrue(stagger >= 64 && stagger < BufferPlacement.PAGE && stagger % 64 == 0, "nx=" + nx + ": stagger " + stagger);
            long nearest = BufferPlacement.nearestAliasingLoad(pitchBytes, stagger);
            assertTrue(nearest >= 256, "nx=" + nx + ": pitch " + pitchBytes + " bytes, stagger " + stagger + ": nearest " + nearest);
            for (long other = 64; other < BufferPlacement.PAGE; other += 64) {
                assertTrue(BufferPlacement.nearestAliasingLoad(pitchBytes, other) <= nearest, "nx=" + nx + ": stagger " + other + " is better");
            }
        }
    }
}
