package dev.jstencil.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Precision;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jstencil's own exp and floor, written out in the operations every backend has: their accuracy
 * against a 40-digit reference, their special values, and that they are what the Semantics compute.
 */
class ExpansionsTest {
    private static final MathContext MC = new MathContext(40);
    private static final BigDecimal LN2 = new BigDecimal("0.6931471805599453094172321214581765680755001343602552");

    /** A leaf standing for the argument; the tree is evaluated by {@link #eval}. */
    private record Arg() {
    }

    /** Evaluates an expansion's tree for one argument, as a kernel does: constants rounded to the precision, every operation in it. */
    private static double eval(Node n, double x, Precision p) {
        return switch (n) {
            case Node.Const c -> c.value() == ARG_MARK ? x : Semantics.round(c.value(), p);
            case Node.Unary u -> Semantics.unary(u.op(), eval(u.a(), x, p), p);
            case Node.Binary b -> Semantics.binary(b.op(), eval(b.a(), x, p), eval(b.b(), x, p), p);
            case Node.Select s -> cond(s.condition(), x, p) ? eval(s.ifTrue(), x, p) : eval(s.ifFalse(), x, p);
            case Node.Pow2 q -> Semantics.pow2(eval(q.k(), x, p), p);
            default -> throw new IllegalStateException(n.toString());
        };
    }

    private static boolean cond(Node n, double x, Precision p) {
        return switch (n) {
            case Node.Compare c -> Semantics.compare(c.op(), eval(c.a(), x, p), eval(c.b(), x, p));
            case Node.Logic l -> l.and() ? cond(l.a(), x, p) && cond(l.b(), x, p) : cond(l.a(), x, p) || cond(l.b(), x, p);
            default -> throw new IllegalStateException(n.toString());
        };
    }

    /** A constant no expansion uses, standing for the argument. */
    private static final double ARG_MARK = -1234567.891;

    static double exp(double x, Precision p) {
        return eval(new Expansions(p).exp(new Node.Const(ARG_MARK)), x, p);
    }

    static double floor(double x, Precision p) {
        return eval(new Expansions(p).floor(new Node.Const(ARG_MARK)), x, p);
    }

    /** e^x to 40 digits: x = k ln 2 + r, a Taylor series for e^r, times 2^k exactly. */
    static BigDecimal exactExp(double x) {
        BigDecimal bx = new BigDecimal(x);
        long k = Math.round(x / Math.log(2));
        BigDecimal r = bx.subtract(LN2.multiply(BigDecimal.valueOf(k), MC), MC);
        BigDecimal term = BigDecimal.ONE, sum = BigDecimal.ONE;
        for (int n = 1; n < 60; n++) {
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        BigDecimal two = BigDecimal.valueOf(2);
        return k >= 0 ? sum.multiply(two.pow((int) k), MC) : sum.divide(two.pow((int) -k), MC);
    }

    /** |computed - exact| in units of the last place of the precision at the exact value. */
    static double ulpError(double computed, BigDecimal exact, Precision p) {
        double nearest = p == Precision.F64 ? exact.doubleValue() : exact.floatValue();
        double ulp = p == Precision.F64 ? Math.ulp(nearest) : Math.ulp((float) nearest);
        return new BigDecimal(computed).subtract(exact, MC).abs().divide(new BigDecimal(ulp), MC).doubleValue();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void expIsWithinItsDocumentedErrorOverItsWholeRange(Precision p) {
        boolean f64 = p == Precision.F64;
        double lo = f64 ? -708 : -87, hi = f64 ? 709.7 : 88.7; // results that are normal numbers
        SplittableRandom random = new SplittableRandom(42);
        double worst = 0, worstAt = 0;
        for (int i = 0; i < 20_000; i++) {
            double x = i % 2 == 0 ? lo + (hi - lo) * random.nextDouble() : -2 + 4 * random.nextDouble();
            if (!f64) {
                x = (float) x;
            }
            double e = ulpError(exp(x, p), exactExp(x), p);
            if (e > worst) {
                worst = e;
                worstAt = x;
            }
        }
        double bound = f64 ? Expansions.EXP_MAX_ULP_F64 : Expansions.EXP_MAX_ULP_F32;
        System.out.printf("exp %s: max error %.3f ulp at x = %s (20000 arguments)%n", p.cliName(), worst, worstAt);
        assertTrue(worst <= bound, "exp " + p + ": " + worst + " ulp at x = " + worstAt + " exceeds the documented " + bound);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void expHasTheRightSpecialValues(Precision p) {
        assertEquals(1.0, exp(0, p), "exp(0) is exactly 1");
        assertEquals(Double.POSITIVE_INFINITY, exp(1000, p));
        assertEquals(Double.POSITIVE_INFINITY, exp(Double.POSITIVE_INFINITY, p));
        assertEquals(0.0, exp(-1000, p));
        assertEquals(0.0, exp(Double.NEGATIVE_INFINITY, p));
        assertTrue(Double.isNaN(exp(Double.NaN, p)));
        double e = exp(1, p);
        assertEquals(p == Precision.F64 ? Math.E : (float) Math.E, e, p == Precision.F64 ? Math.ulp(Math.E) : Math.ulp((float) Math.E));
    }

    @Test
    void expReachesIntoTheSubnormalsAndUnderflowsToZero() {
        double tiny = exp(-740, Precision.F64); // about 4.2e-322, subnormal
        assertTrue(tiny > 0 && tiny < Double.MIN_NORMAL, "subnormal: " + tiny);
        assertTrue(Math.abs(tiny - StrictMath.exp(-740)) <= Double.MIN_VALUE, tiny + " vs " + StrictMath.exp(-740));
        assertEquals(0.0, exp(-746, Precision.F64));
        float tinyF = (float) exp(-100, Precision.F32);
        assertTrue(tinyF > 0 && tinyF < Float.MIN_NORMAL, "subnormal: " + tinyF);
        assertEquals((float) StrictMath.exp(-100), tinyF, Float.MIN_VALUE);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void floorIsMathFloor(Precision p) {
        SplittableRandom random = new SplittableRandom(7);
        double[] special = {0.0, -0.0, 0.5, -0.5, 1, -1, 2.5, -2.5, 1e15 + 0.5, -1e15 - 0.5, 0x1p52, -0x1p52, 0x1p52 + 1, 1e300, -1e300,
                Double.MIN_VALUE, -Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 8388607.5, -8388607.5};
        for (double x : special) {
            double v = p == Precision.F64 ? x : (float) x;
            assertEquals(Math.floor(v), floor(v, p), "floor(" + v + ")");
        }
        for (int i = 0; i < 20_000; i++) {
            double x = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12));
            double v = p == Precision.F64 ? x : (float) x;
            assertEquals(Math.floor(v), floor(v, p), "floor(" + v + ")");
        }
        assertTrue(Double.isNaN(floor(Double.NaN, p)));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void pow2BuildsExactPowersOfTwoOverTheNormalExponents(Precision p) {
        int lo = p == Precision.F64 ? -1022 : -126, hi = p == Precision.F64 ? 1023 : 127;
        for (int k = lo; k <= hi; k++) {
            assertEquals(Math.scalb(1.0, k), Semantics.pow2(k, p), "2^" + k);
        }
    }

    @Test
    void theInverseFactorialsAreCorrectlyRounded() {
        assertEquals(1.0 / 6, Expansions.inverseFactorial(3));
        assertEquals(1.0 / 5040, Expansions.inverseFactorial(7));
        assertEquals(new BigDecimal(1).divide(new BigDecimal("6227020800"), new MathContext(60, RoundingMode.HALF_EVEN)).doubleValue(),
                Expansions.inverseFactorial(13));
    }
}
