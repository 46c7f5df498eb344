package dev.jstencil.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Axes and grids: the values a sweep runs, their order, and how they print. */
class AxisTest {
    static LongStream seeds() {
        return LongStream.range(0, 50).map(i -> 0xA115L + i);
    }

    @Test
    void valuesIncludeBothEndsAndPrintAsTyped() {
        Axis a = Axis.parse("F=0.01:0.07:4");
        assertArrayEquals(new double[] {0.01, 0.03, 0.05, 0.07}, new double[] {a.value(0), a.value(1), a.value(2), a.value(3)});
        assertEquals("0.07", Axis.text(a.value(3)), "rounded to 12 digits: no 0.07000000000000001");
        assertEquals("0.0333333333333", Axis.text(Axis.parse("F=0:0.1:4").value(1)));
        assertEquals("0.03333", Axis.label(Axis.parse("F=0:0.1:4").value(1)));
        assertEquals("1e-5", Axis.label(1e-5));
        assertEquals("100", Axis.label(100));
    }

    @Test
    void badTextSaysTheForm() {
        for (String bad : List.of("F", "F=1:2", "=1:2:3", "F=a:2:3", "F=1:2:3:4")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Axis.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "' is not NAME=FROM:TO:COUNT"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Axis.parse("F=1:2:1")).getMessage().contains("one value but two ends"));
    }

    /** Every point once, the first axis fastest, and each point's values are its coordinates' values. */
    @ParameterizedTest
    @MethodSource("seeds")
    void pointsCoverTheGridFirstAxisFastest(long seed) {
        Random rnd = new Random(seed);
        List<Axis> axes = new ArrayList<>();
        int dims = 1 + rnd.nextInt(3);
        for (int d = 0; d < dims; d++) {
            int count = 1 + rnd.nextInt(5);
            double from = rnd.nextDouble();
            axes.add(new Axis("p" + d, from, count == 1 ? from : from + rnd.nextDouble(), count));
        }
        ParameterGrid grid = new ParameterGrid(axes);
        java.util.Set<List<Integer>> seen = new java.util.HashSet<>();
        for (int i = 0; i < grid.size(); i++) {
            int[] c = grid.coordinates(i);
            assertEquals(i % axes.getFirst().count(), c[0]);
            List<Integer> key = new ArrayList<>();
            for (int d = 0; d < dims; d++) {
                key.add(c[d]);
                assertEquals(axes.get(d).value(c[d]), grid.values(i)[d]);
            }
            assertTrue(seen.add(key), "point " + i + " repeats " + key);
        }
        assertEquals(grid.size(), seen.size());
    }
}
