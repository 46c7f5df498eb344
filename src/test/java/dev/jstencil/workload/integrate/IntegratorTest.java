package dev.jstencil.workload.integrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.parallel.StepEngine;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class IntegratorTest {
    /** 13 full chunks and a partial one: enough chunks for every team size below, and an uneven tail. */
    private static final long N = 13L * Chunking.MIN_POINTS + 1234;

    private static double integrate(ChunkSum loop, ParallelMode mode, int threads, Problem p) {
        return new Integrator(new StepEngine(mode, threads, BarrierKind.SPIN), loop).integrate(p);
    }

    private static double serial(ChunkSum loop, Problem p) {
        return integrate(loop, ParallelMode.SERIAL, 1, p);
    }

    @Test
    void resultIsTheSameToTheBitForEveryThreadCountAndMode() {
        List<Problem> problems = List.of(new Problem(Integrand.X2, 0, 10, N, Rule.MIDPOINT),
                new Problem(Integrand.SIN, -1, 2.5, N, Rule.LEFT),
                new Problem(Integrand.FOUR_OVER_ONE_PLUS_X2, 0, 1, N, Rule.MIDPOINT));
        for (ChunkSum loop : List.of(ChunkSums.scalar(), ChunkSums.vector())) {
            for (Problem p : problems) {
                long reference = Double.doubleToRawLongBits(serial(loop, p));
                for (ParallelMode mode : ParallelMode.values()) {
                    for (int threads : new int[] {1, 2, 3, 4, 7}) {
                        double r = integrate(loop, mode, threads, p);
                        assertEquals(reference, Double.doubleToRawLongBits(r),
                                loop.description(p.f()) + " " + p + " " + mode + " threads=" + threads + ": " + r);
                    }
                }
            }
        }
    }

    @Test
    void midpointErrorOnXSquaredIsExactlyTheRulesErrorTerm() {
        // For f = x^2 the midpoint rule's error is exactly -(b-a) h^2 f''/24 = -(b-a) h^2 / 12.
        long n = 1000;
        double h = 10.0 / n;
        double result = serial(ChunkSums.vector(), new Problem(Integrand.X2, 0, 10, n, Rule.MIDPOINT));
        double predicted = 1000.0 / 3 - 10 * h * h / 12;
        assertEquals(predicted, result, 1e-11); // the rule's error is 8e-5: rounding is far below
        assertTrue(Math.abs(result - 1000.0 / 3) <= 10 * h * h * 2 / 24 * (1 + 1e-9), "within the midpoint bound");
    }

    @Test
    void midpointOnXSquaredConvergesToAThirdOfAThousand() {
        long n = 1 << 22;
        double h = 10.0 / n;
        double bound = 10 * h * h * 2 / 24; // (b-a) h^2 / 24 max|f''|, f'' = 2: 8e-13
        double result = integrate(ChunkSums.vector(), ParallelMode.PLATFORM, 2, new Problem(Integrand.X2, 0, 10, n, Rule.MIDPOINT));
        assertEquals(1000.0 / 3, result, bound + 1e-10); // plus rounding: ~4e6 terms of up to 100 (left rule: off by 1e-4)
    }

    @Test
    void leftRuleMatchesItsClosedForm() {
        // h * sum_{i<n} (i h)^2 = h^3 (n-1) n (2n-1) / 6: first order, below the exact value by ~50 h.
        long n = 200_000;
        double h = 10.0 / n;
        double closedForm = h * h * h * ((double) (n - 1) * n * (2 * n - 1) / 6);
        double result = serial(ChunkSums.scalar(), new Problem(Integrand.X2, 0, 10, n, Rule.LEFT));
        assertEquals(closedForm, result, 1e-10);
        assertTrue(1000.0 / 3 - result > 40 * h, "the left rule's first-order error is visible");
    }

    @Test
    void everyIntegrandIsAccurateOnATypicalRange() {
        long n = 1 << 18;
        List<Problem> problems = List.of(new Problem(Integrand.X2, -1, 3, n, Rule.MIDPOINT),
                new Problem(Integrand.X3, -2, 1, n, Rule.MIDPOINT), new Problem(Integrand.SIN, 0, Math.PI, n, Rule.MIDPOINT),
                new Problem(Integrand.COS, 0, 1, n, Rule.MIDPOINT), new Problem(Integrand.EXP, -1, 2, n, Rule.MIDPOINT),
                new Problem(Integrand.INVERSE, 1, 10, n, Rule.MIDPOINT), new Problem(Integrand.INVERSE, -3, -0.5, n, Rule.MIDPOINT),
                new Problem(Integrand.SQRT, 1, 4, n, Rule.MIDPOINT), new Problem(Integrand.FOUR_OVER_ONE_PLUS_X2, 0, 1, n, Rule.MIDPOINT),
                new Problem(Integrand.X2, 10, 0, n, Rule.MIDPOINT));
        for (Problem p : problems) {
            double r = integrate(ChunkSums.vector(), ParallelMode.FORKJOIN, 2, p);
            // h ~ 1e-5: h^2-order truncation ~1e-10 times max|f''| (at most ~60 here), far above rounding.
            assertEquals(p.exact(), r, 1e-8 * Math.max(1, Math.abs(p.exact())), p.toString());
        }
        assertEquals(Math.PI, integrate(ChunkSums.scalar(), ParallelMode.SERIAL, 1,
                new Problem(Integrand.FOUR_OVER_ONE_PLUS_X2, 0, 1, n, Rule.MIDPOINT)), 1e-11);
        assertEquals(-1000.0 / 3, serial(ChunkSums.scalar(), new Problem(Integrand.X2, 10, 0, n, Rule.MIDPOINT)), 1e-8);
    }

    @Test
    void vectorAndScalarLoopsAgreeToRounding() {
        for (Integrand f : Integrand.values()) {
            double a = f == Integrand.INVERSE || f == Integrand.SQRT ? 0.5 : -1.5;
            Problem p = new Problem(f, a, 3.0, N, Rule.MIDPOINT);
            double v = serial(ChunkSums.vector(), p), s = serial(ChunkSums.scalar(), p);
            assertEquals(s, v, 1e-13 * Math.abs(s), f.cliName() + ": same samples, summed in another order");
        }
    }

    @Test
    void vectorLoopSumsTheSameSamplesAsTheScalarLoopIncludingTheTail() {
        // Values that sum exactly (small integers) expose any sample that is missed, doubled or misplaced.
        ChunkSum vector = ChunkSums.vector(), scalar = ChunkSums.scalar();
        for (long to = 0; to < 40; to++) {
            assertEquals(scalar.sum(Integrand.X2, 0, 1, 0, 3, 3 + to), vector.sum(Integrand.X2, 0, 1, 0, 3, 3 + to), "to=" + to);
        }
    }

    @Test
    void chunksDependOnNAloneAndCoverEverySampleOnce() {
        for (long n : new long[] {1, Chunking.MIN_POINTS, Chunking.MIN_POINTS + 1, N, 1L << 40}) {
            Chunking c = Chunking.of(n);
            assertTrue(c.count() <= Chunking.MAX_CHUNKS, "bounded partials for n = " + n);
            assertEquals(0, c.from(0));
            for (int i = 1; i < c.count(); i++) {
                assertEquals(c.to(i - 1), c.from(i));
            }
            assertEquals(n, c.to(c.count() - 1));
        }
        assertEquals(Chunking.MIN_POINTS, Chunking.of(N).pointsPerChunk());
        assertEquals(14, Chunking.of(N).count());
    }

    @Test
    void pairwiseSumFollowsAFixedTree() {
        // (1e16 + 1) + (-1e16 + 1) rounds to 1e16 + -1e16 = 0 (ties to even); left to right gives 1.
        assertEquals(0.0, PairwiseSum.of(new double[] {1e16, 1, -1e16, 1}));
        assertEquals(6.0, PairwiseSum.of(new double[] {1, 2, 3}));
        assertEquals(0.0, PairwiseSum.of(new double[0]));
    }

    @Test
    void badProblemsAreRejectedNamingTheValue() {
        assertMessage("1/x on [-1.0, 1.0]", () -> new Problem(Integrand.INVERSE, -1, 1, 10, Rule.MIDPOINT));
        assertMessage("1/x on [0.0, 1.0]", () -> new Problem(Integrand.INVERSE, 0, 1, 10, Rule.MIDPOINT));
        assertMessage("sqrt on [-1.0, 1.0]", () -> new Problem(Integrand.SQRT, -1, 1, 10, Rule.MIDPOINT));
        assertMessage("n = 0", () -> new Problem(Integrand.X2, 0, 1, 0, Rule.MIDPOINT));
        assertMessage("interval [NaN, 1.0]", () -> new Problem(Integrand.X2, Double.NaN, 1, 10, Rule.MIDPOINT));
        assertMessage("interval [-1.7976931348623157E308, 1.7976931348623157E308]",
                () -> new Problem(Integrand.X2, -Double.MAX_VALUE, Double.MAX_VALUE, 10, Rule.MIDPOINT));
        assertMessage("integrand 'tan' is not one of [x^2, x^3, sin, cos, exp, 1/x, sqrt, 4/(1+x^2)]", () -> Integrand.parse("tan"));
        assertMessage("rule 'right' is not one of [midpoint, left]", () -> Rule.parse("right"));
    }

    private static void assertMessage(String expectedStart, Executable bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
