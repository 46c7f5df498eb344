package dev.jstencil.workload.mandelbrot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EscapeTest {
    @Test
    void pointsInTheSetRunToMaxIter() {
        assertEquals(1000, Escape.count(0, 0, 1000));
        assertEquals(1000, Escape.count(-1, 0, 1000)); // period 2: 0, -1, 0, -1, ...
        assertEquals(1000, Escape.count(0, 1, 1000)); // pre-periodic: 0, i, -1+i, -i, -1+i, ...
        assertEquals(1000, Escape.count(-2, 0, 1000)); // the tip: z = 2 forever, never |z| > 2
    }

    @Test
    void pointsOutsideEscapeAtTheFirstIterateBeyondRadiusTwo() {
        assertEquals(1, Escape.count(2, 2, 1000)); // z_1 = c, |c| = 2.83
        assertEquals(3, Escape.count(1, 0, 1000)); // 0, 1, 2, 5
        assertEquals(2, Escape.count(0.5, 1.5, 1000)); // z_1 = c (|c|^2 = 2.5), z_2 = -1.5+3i
    }

    @Test
    void maxIterCapsTheCount() {
        assertEquals(2, Escape.count(1, 0, 2));
        assertEquals(1, Escape.count(0, 0, 1));
    }

    @Test
    void smoothCountGrowsWithTheCountAndLiesNearIt() {
        // Along the real axis towards 1/4 (the cusp) the escape count rises without bound.
        double previous = Double.NEGATIVE_INFINITY;
        for (double cr : new double[] {2.0, 1.0, 0.5, 0.4, 0.3, 0.27, 0.26}) {
            int n = Escape.count(cr, 0, 10_000);
            double mu = Escape.smooth(cr, 0, n);
            assertTrue(n < 10_000, "c = " + cr + " escapes");
            assertTrue(mu > previous, "smooth count rises towards the cusp at c = " + cr);
            assertTrue(Math.abs(mu - n) < 2, "smooth count " + mu + " near count " + n + " at c = " + cr);
            previous = mu;
        }
    }
}
