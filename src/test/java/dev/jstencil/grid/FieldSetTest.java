package dev.jstencil.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.testutil.Cases;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSetTest {
    private static final long PAGE = 4096;

    /** A layout: shape, ghost width, field count, the (dy, dz) row shifts the kernel reads. */
    private record Layout(GridShape shape, int ghost, int fields, List<int[]> shifts) {
        List<String> names() {
            return IntStream.range(0, fields).mapToObj(i -> "f" + i).toList();
        }

        @Override
        public String toString() {
            return fields + " fields " + shape + " ghost " + ghost;
        }
    }

    private static final List<int[]> FIVE_POINT = List.of(new int[] {1, 0}, new int[] {-1, 0});
    private static final List<int[]> SEVEN_POINT = List.of(new int[] {1, 0}, new int[] {-1, 0}, new int[] {0, 1}, new int[] {0, -1});

    static Stream<Arguments> layouts() {
        List<Layout> layouts = List.of(
                new Layout(GridShape.of2d(3, 7), 1, 2, FIVE_POINT),
                new Layout(GridShape.of2d(64, 64), 1, 2, FIVE_POINT),
                new Layout(GridShape.of2d(256, 256), 1, 2, FIVE_POINT),
                new Layout(GridShape.of2d(1000, 5), 1, 2, FIVE_POINT),
                new Layout(GridShape.of2d(37, 11), 2, 3, List.of(new int[] {1, 0}, new int[] {-1, 0}, new int[] {2, 0}, new int[] {-2, 0})),
                new Layout(GridShape.of2d(5, 5), 1, 1, List.of()),
                new Layout(GridShape.of3d(13, 7, 5), 1, 1, SEVEN_POINT),
                new Layout(GridShape.of3d(64, 64, 4), 1, 2, SEVEN_POINT),
                new Layout(GridShape.of3d(9, 5, 3), 3, 4, SEVEN_POINT));
        return Cases.cross(Cases.PRECISIONS, layouts);
    }

    private static FieldSet open(Precision p, Layout l) {
        return new FieldSet(p, l.shape(), l.ghost(), l.names(), l.shifts());
    }

    /** The stagger computed here from the layout: the shifts as byte offsets, through {@link BufferPlacement}. */
    private static long expectedStagger(Precision p, Layout l) {
        long row = (long) Field.pitchElements(p, l.shape().nx()) * p.bytes();
        long plane = row * (l.shape().ny() + 2L * l.ghost());
        long[] offsets = new long[l.shifts().size() + 1];
        for (int i = 0; i < l.shifts().size(); i++) {
            offsets[i + 1] = l.shifts().get(i)[0] * row + l.shifts().get(i)[1] * plane;
        }
        return BufferPlacement.stagger(l.fields(), offsets);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("layouts")
    void buffersSitInOnePageAlignedBlockAtIStaggersModuloAPageAndDoNotOverlap(Precision p, Layout l) {
        try (FieldSet s = open(p, l)) {
            long stagger = expectedStagger(p, l);
            assertEquals(stagger, s.stagger(), "the stagger BufferPlacement gives for these row shifts");
            long bytes = Field.byteSize(p, l.shape(), l.ghost());
            long stride = (bytes + PAGE - 1) / PAGE * PAGE + stagger;
            List<Field> inOrder = new ArrayList<>();
            for (int par = 0; par < 2; par++) {
                for (int f = 0; f < l.fields(); f++) {
                    inOrder.add(s.buffer(par, f));
                }
            }
            long first = inOrder.getFirst().segment().address();
            assertEquals(0, first % PAGE, "the block is page-aligned");
            Set<Long> bases = new HashSet<>();
            for (int i = 0; i < inOrder.size(); i++) {
                MemorySegment seg = inOrder.get(i).segment();
                String what = "buffer " + i + " of " + l + ", stagger " + stagger;
                assertEquals(Math.floorMod(i * stagger, PAGE), Math.floorMod(seg.address(), PAGE), what);
                assertEquals(first + i * stride, seg.address(), what + ": i x (size rounded up to a page + stagger) into the block");
                assertEquals(bytes, seg.byteSize());
                assertTrue(inOrder.get(i).sameLayout(s.current(0)), what);
                assertEquals(l.ghost(), inOrder.get(i).ghost());
                assertTrue(bases.add(seg.address()));
                if (i > 0) {
                    MemorySegment before = inOrder.get(i - 1).segment();
                    assertTrue(before.address() + before.byteSize() <= seg.address(), "buffers " + (i - 1) + " and " + i + " overlap");
                }
            }
            // distinct memory: a value written to each buffer's last cell stays there
            for (int i = 0; i < inOrder.size(); i++) {
                Field f = inOrder.get(i);
                f.set(f.nx() - 1 + f.ghost(), f.ny() - 1 + f.ghost(), f.dims() == 3 ? f.nz() - 1 + f.ghost() : 0, i + 1);
                f.fill(i + 1);
            }
            for (int i = 0; i < inOrder.size(); i++) {
                Field f = inOrder.get(i);
                assertEquals(i + 1, f.get(f.nx() - 1 + f.ghost(), f.ny() - 1 + f.ghost(), f.dims() == 3 ? f.nz() - 1 + f.ghost() : 0));
                assertEquals(i + 1, f.get(0, 0, 0));
            }
            assertEquals(l.names(), s.names());
            assertEquals(l.fields(), s.size());
            assertEquals(p, s.precision());
            assertEquals(l.shape(), s.shape());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("layouts")
    void parityFlipsOnSwapAndOnOddAdvances(Precision p, Layout l) {
        try (FieldSet s = open(p, l)) {
            assertEquals(0, s.parity());
            for (int f = 0; f < l.fields(); f++) {
                assertSame(s.buffer(0, f), s.current(f));
                assertSame(s.buffers(0)[f], s.buffer(0, f));
                assertSame(s.buffers(1)[f], s.buffer(1, f));
                assertNotSame(s.buffer(0, f), s.buffer(1, f));
            }
            assertEquals(l.fields(), s.buffers(1).length);
            s.swap();
            assertEquals(1, s.parity());
            for (int f = 0; f < l.fields(); f++) {
                assertSame(s.buffer(1, f), s.current(f));
            }
            s.advance(4);
            assertEquals(1, s.parity(), "an even number of swaps");
            s.advance(7);
            assertEquals(0, s.parity(), "an odd number of swaps");
            s.advance((1L << 40) + 1);
            assertEquals(1, s.parity(), "odd, beyond int range");
            s.advance(1L << 40);
            assertEquals(1, s.parity());
            s.swap();
            assertSame(s.buffer(0, 0), s.current(0));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("layouts")
    void closeFreesEveryBufferAndAccessorsSayTheFieldWasClosed(Precision p, Layout l) {
        FieldSet s = open(p, l);
        List<Field> all = new ArrayList<>();
        for (int par = 0; par < 2; par++) {
            all.addAll(List.of(s.buffers(par)));
        }
        assertTrue(s.isAlive());
        s.close();
        assertFalse(s.isAlive());
        for (Field f : all) {
            assertFalse(f.isAlive());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.get(0, 0, 0));
            assertTrue(e.getMessage().contains("closed") && e.getMessage().contains(l.shape().toString()), e.getMessage());
            assertThrows(IllegalStateException.class, f::toArray);
        }
        s.close(); // closing twice is harmless
    }

    @Test
    void aFieldSetNeedsAtLeastOneField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FieldSet(Precision.F64, GridShape.of2d(4, 4), 1, List.of(), List.of()));
        assertTrue(e.getMessage().contains("at least one field"), e.getMessage());
    }

    /**
     * 100000 x 100000 f64, two fields: four buffers of about 75 GiB each, far more than a test machine
     * has (more fields if this one has more). The refusal comes from the memory check, before the block
     * is allocated: its message states the exact bytes the block needs and the machine's memory, not
     * that an allocation failed.
     */
    @Test
    void aFieldSetFarBiggerThanTheMachinesMemoryIsRefusedBeforeAllocating() {
        assertTrue(MemoryBudget.available().isPresent(), "this platform reports the memory available (else the set would be allocated)");
        GridShape shape = GridShape.of2d(100_000, 100_000);
        long bytes = Field.byteSize(Precision.F64, shape, 1);
        long machine = MemoryBudget.total();
        int fields = (int) Math.max(2, Math.ceilDiv(4 * machine, 2 * bytes)); // at least 4x the machine's memory
        Layout l = new Layout(shape, 1, fields, FIVE_POINT);
        long stagger = expectedStagger(Precision.F64, l);
        long needed = 2L * fields * ((bytes + PAGE - 1) / PAGE * PAGE + stagger);
        assertTrue(needed >= 4 * machine, "the set must be far bigger than the machine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(Precision.F64, l));
        String m = e.getMessage();
        assertTrue(m.contains("(" + needed + " bytes)") && m.contains(MemoryBudget.bytes(needed)), "names the bytes needed, " + needed + ": " + m);
        assertTrue(m.contains("available") && m.contains(MemoryBudget.bytes(machine) + " in all"), "names what the machine has: " + m);
        assertTrue(m.contains("100000x100000"), "names the grid: " + m);
        assertFalse(m.contains("could not be allocated"), "refused by the check, not by a failed allocation: " + m);
    }
}
