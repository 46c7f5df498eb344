package dev.jstencil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrayScottStateTest {
    @ParameterizedTest
    @EnumSource(Precision.class)
    void fourBuffersShareOneLayoutAndAreDistinctAlignedMemory(Precision p) {
        try (GrayScottState s = new GrayScottState(p, 64, 64)) {
            List<Field2D> all = List.of(s.u(0), s.v(0), s.u(1), s.v(1));
            Set<Long> bases = new HashSet<>();
            for (Field2D f : all) {
                assertTrue(f.sameLayout(s.u(0)));
                assertEquals(0, f.segment().address() % 64, "aligned base");
                bases.add(f.segment().address());
                f.fill(all.indexOf(f));
            }
            assertEquals(4, bases.size(), "four separate buffers " + bases);
            for (Field2D f : all) {
                assertEquals(all.indexOf(f), f.get(63, 63), "no buffer overlaps another");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void buffersSitWhereBufferPlacementSaysModuloAPageAndDoNotOverlap(Precision p) {
        for (int nx : new int[] {3, 64, 256, 1000}) {
            try (GrayScottState s = new GrayScottState(p, nx, 7)) {
                List<Field2D> inOrder = List.of(s.u(0), s.v(0), s.u(1), s.v(1));
                long stagger = BufferPlacement.stagger((long) s.u(0).pitch() * p.bytes());
                long first = inOrder.getFirst().segment().address();
                for (int i = 0; i < 4; i++) {
                    MemorySegment seg = inOrder.get(i).segment();
                    assertEquals(Math.floorMod(i * stagger, BufferPlacement.PAGE), Math.floorMod(seg.address() - first, BufferPlacement.PAGE),
                            "buffer " + i + " of " + nx + " wide rows, stagger " + stagger);
                    assertEquals(Field2D.byteSize(p, nx, 7), seg.byteSize());
                    if (i > 0) {
                        MemorySegment before = inOrder.get(i - 1).segment();
                        assertTrue(before.address() + before.byteSize() <= seg.address(), "buffers " + (i - 1) + " and " + i + " overlap");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void parityFlipsOnSwapAndOnOddAdvances(Precision p) {
        try (GrayScottState s = new GrayScottState(p, 5, 4)) {
            assertSame(s.u(0), s.u());
            s.swap();
            assertSame(s.u(1), s.u());
            assertSame(s.v(1), s.v());
            s.advance(4);
            assertEquals(1, s.parity());
            s.advance(7);
            assertEquals(0, s.parity());
            assertNotEquals(s.u(0), s.u(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void initializeWritesTheCurrentBuffersAndCloseFreesAll(Precision p) {
        GrayScottState s = new GrayScottState(p, 40, 30);
        s.swap();
        s.initialize(InitialCondition.SQUARE);
        assertEquals(0.25, s.v().get(20, 15));
        assertEquals(0.0, s.v(0).get(20, 15), "the other buffer is untouched");
        s.close();
        assertFalse(s.isAlive());
        assertThrows(IllegalStateException.class, () -> s.v(0).get(0, 0));
        s.close();
    }
}
