package dev.jstencil.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

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
        // the two-field form is the general one with offsets {0, +pitch, -pitch}
        assertEquals(64, BufferPlacement.nearestAliasingLoad(2, new long[] {0, 2112, -2112}, 1088));
    }

    @Test
    void aLoadAtTheOffsetOfItsOwnIterationsStoreIsNotCounted() {
        // every buffer at the same place modulo a page: the centre loads alias only the same iteration's
        // stores; the row loads at +-4096 do the same, so nothing is ahead
        assertEquals(BufferPlacement.PAGE, BufferPlacement.nearestAliasingLoad(4096, 0));
        assertEquals(BufferPlacement.PAGE, BufferPlacement.nearestAliasingLoad(5, new long[] {0, 8192, -4096}, 4096));
    }

    /**
     * Worked by hand, three fields read at the centre only: buffers 0..5 at i x s. Parity 0 loads
     * buffers 0-2 and stores 3-5, so a store is k x s ahead of a load for k = 1..5; parity 1 loads 3-5
     * and stores 0-2, k = -5..-1. With s = 768: k = -5 gives -3840, i.e. 256 ahead (mod 4096); every
     * other k is further (768, 1536, 2304, 3072, 3840 and 3328, 2560, 1792, 1024). With s = 1024:
     * k = +-4 is 4096, the same offset (not counted), and the rest are 1024, 2048 or 3072 ahead.
     */
    @Test
    void nFieldsHandWorked() {
        assertEquals(256, BufferPlacement.nearestAliasingLoad(3, new long[] {0}, 768));
        assertEquals(1024, BufferPlacement.nearestAliasingLoad(3, new long[] {0}, 1024));
        assertEquals(64, BufferPlacement.nearestAliasingLoad(3, new long[] {0}, 64));
    }

    /**
     * Worked by hand, one 3D field read at the centre and one plane up and down, the plane being
     * P = 3 x 4096 + 64 bytes. Buffer 1 is s ahead of buffer 0 (parity 0) or s behind (parity 1), so
     * the distances are +-s - {0, P, -P}, i.e. modulo a page +-(s), +-(s - 64), +-(s + 64). With s = 64:
     * parity 0 stores 64 ahead of its centre load, and s - 64 = 0
     * is the same offset, not counted: nearest 64. With s = 2048: 2048, 1984 and 2112, and their
     * negatives 2048, 2112 and 1984: nearest 1984. No stagger does better: the three points s - 64, s,
     * s + 64 cannot all be more than 1984 from a page multiple, and s = 2048 is the only one at 1984.
     */
    @Test
    void planeOffsetsHandWorked() {
        long plane = 3 * 4096 + 64;
        long[] offsets = {0, plane, -plane};
        assertEquals(64, BufferPlacement.nearestAliasingLoad(1, offsets, 64));
        assertEquals(1984, BufferPlacement.nearestAliasingLoad(1, offsets, 2048));
        assertEquals(1920, BufferPlacement.nearestAliasingLoad(1, offsets, 1984));
        assertEquals(2048, BufferPlacement.stagger(1, offsets));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void theChosenStaggerIsALineMultipleAndKeepsLoadsAtLeastFourVectorsAheadForEveryRowUpTo5000(Precision p) {
        for (int nx = 1; nx <= 5000; nx++) {
            long pitchBytes = (long) Field.pitchElements(p, nx) * p.bytes();
            long stagger = BufferPlacement.stagger(pitchBytes);
            assertEquals(BufferPlacement.stagger(2, 0, pitchBytes, -pitchBytes), stagger, "nx=" + nx + ": the two-field form");
            assertOptimal(2, new long[] {0, pitchBytes, -pitchBytes}, stagger, "nx=" + nx);
            long nearest = BufferPlacement.nearestAliasingLoad(pitchBytes, stagger);
            if (nearest < 256) {
                fail("nx=" + nx + ": pitch " + pitchBytes + " bytes, stagger " + stagger + ": nearest " + nearest);
            }
        }
    }

    /**
     * The general form on real 3D layouts (row and plane offsets of {@link Field}), 1 to 4 fields,
     * 5- and 7-point stencils and ghost widths 1..2: the chosen stagger is the smallest of the best.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theChosenStaggerIsOptimalForNFieldsAndPlaneOffsets(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 300; i++) {
            Precision p = r.nextBoolean() ? Precision.F64 : Precision.F32;
            int nx = 1 + r.nextInt(600), ny = 1 + r.nextInt(600), ghost = 1 + r.nextInt(2), fields = 1 + r.nextInt(4);
            long row = (long) Field.pitchElements(p, nx) * p.bytes();
            long plane = row * (ny + 2L * ghost);
            long[] offsets = r.nextBoolean() ? new long[] {0, row, -row, plane, -plane}
                    : new long[] {0, row, -row, plane, -plane, 2 * row, -2 * row, 2 * plane, -2 * plane};
            assertOptimal(fields, offsets, BufferPlacement.stagger(fields, offsets),
                    fields + " fields, " + p + " " + nx + "x" + ny + " ghost " + ghost + " offsets " + Arrays.toString(offsets));
        }
    }

    /** A multiple of 64 in [64, 4096) that no other stagger beats, and no smaller one equals. */
    private static void assertOptimal(int fields, long[] offsets, long stagger, String what) {
        if (stagger < 64 || stagger >= BufferPlacement.PAGE || stagger % 64 != 0) {
            fail(what + ": stagger " + stagger);
        }
        long nearest = BufferPlacement.nearestAliasingLoad(fields, offsets, stagger);
        for (long other = 64; other < BufferPlacement.PAGE; other += 64) {
            long d = BufferPlacement.nearestAliasingLoad(fields, offsets, other);
            if (d > nearest || (d == nearest && other < stagger)) {
                fail(what + ": stagger " + other + " (nearest " + d + ") is at least as good as the chosen " + stagger + " (nearest " + nearest + ")");
            }
        }
        assertTrue(nearest > 0 && nearest <= BufferPlacement.PAGE, what + ": nearest " + nearest);
    }
}
