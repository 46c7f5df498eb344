package dev.jstencil.codegen;

import dev.jstencil.codegen.Node.Binary;
import dev.jstencil.codegen.Node.BinaryOp;
import dev.jstencil.codegen.Node.Compare;
import dev.jstencil.codegen.Node.CompareOp;
import dev.jstencil.codegen.Node.Const;
import dev.jstencil.codegen.Node.Pow2;
import dev.jstencil.codegen.Node.Select;
import dev.jstencil.codegen.Node.Unary;
import dev.jstencil.codegen.Node.UnaryOp;
import dev.jstencil.grid.Precision;

/**
 * {@code exp} and {@code floor} written out in the operations every backend has (+ - * min max
 * compare select and {@link Pow2}), so that one fixed sequence of correctly rounded operations
 * defines them: {@code Math.exp}, the Vector API's {@code EXP} and C's {@code exp} each differ in the
 * last bit, so none of them can be used if backends are to agree bit for bit.
 *
 * <p>exp(a), in the precision's arithmetic (Cody and Waite's reduction, a Taylor polynomial):
 * <pre>
 *   a' = max(min(a, HI), LO)          beyond: the result overflows to +inf or underflows to 0 anyway
 *   k  = (a'*LOG2E + M) - M           a'/ln 2 rounded to an integer (M = 1.5*2^52, or 2^23 in f32)
 *   r  = (a' - k*LN2HI) - k*LN2LO     |r| <= ln(2)/2; k*LN2HI is exact
 *   p  = 1 + (r + (r*r)*(1/2! + r*(1/3! + ... r*(1/N!))))     N = 13 (f64), 7 (f32)
 *   kh = (k*0.5 + M) - M              k split in two halves, each a normal exponent
 *   exp(a) = (p * 2^kh) * 2^(k - kh)  the last product rounds once, into subnormals too
 * </pre>
 * Accuracy (measured by ExpansionsTest against StrictMath.exp): see {@link #EXP_MAX_ULP_F64}.
 *
 * <p>floor(a): {@code r = (|a| + 2^52) - 2^52} rounds |a| to an integer; with a's sign, minus 1 if
 * that is above a; |a| >= 2^52 (already an integer), zeros, infinities and NaN are a itself.
 */
public final class Expansions {
    /** Largest error of exp in ulps (f64), over the inputs ExpansionsTest tries; the result is not correctly rounded. */
    public static final double EXP_MAX_ULP_F64 = 1;
    /** The same in f32. */
    public static final double EXP_MAX_ULP_F32 = 1;

    private static final int TAYLOR_F64 = 13, TAYLOR_F32 = 7;
    private final Precision precision;

    public Expansions(Precision precision) {
        this.precision = precision;
    }

    private boolean f64() {
        return precision == Precision.F64;
    }

    private static Node c(double v) {
        return new Const(v);
    }

    private static Node add(Node a, Node b) {
        return new Binary(BinaryOp.ADD, a, b);
    }

    private static Node sub(Node a, Node b) {
        return new Binary(BinaryOp.SUB, a, b);
    }

    private static Node mul(Node a, Node b) {
        return new Binary(BinaryOp.MUL, a, b);
    }

    /** (x + M) - M: x rounded to an integer, ties to even, for |x| below M/3. */
    private Node roundToInteger(Node x) {
        Node magic = c(f64() ? 0x1.8p52 : 0x1.8p23);
        return sub(add(x, magic), magic);
    }

    public Node exp(Node a) {
        double hi = f64() ? 710 : 89, lo = f64() ? -746 : -104;
        Node clamped = new Binary(BinaryOp.MAX, new Binary(BinaryOp.MIN, a, c(hi)), c(lo));
        double log2e = f64() ? 1.4426950408889634 : (float) 1.4426950408889634;
        double ln2hi = f64() ? 6.93147180369123816490e-01 : 0.693145751953125;
        double ln2lo = f64() ? 1.90821492927058770002e-10 : 1.428606765330187045e-06;
        Node k = roundToInteger(mul(clamped, c(log2e)));
        Node r = sub(sub(clamped, mul(k, c(ln2hi))), mul(k, c(ln2lo)));
        int degree = f64() ? TAYLOR_F64 : TAYLOR_F32;
        Node q = c(inverseFactorial(degree)); // q = 1/2! + r/3! + ... + r^(N-2)/N!
        for (int n = degree - 1; n >= 2; n--) {
            q = add(c(inverseFactorial(n)), mul(r, q));
        }
        // 1 + (r + r^2 q): the small terms are summed before the 1, so the sum rounds once at the end
        Node p = add(c(1), add(r, mul(mul(r, r), q)));
        Node kh = roundToInteger(mul(k, c(0.5)));
        return mul(mul(p, new Pow2(kh)), new Pow2(sub(k, kh)));
    }

    /** 1/n!, correctly rounded to double (then to the precision, like any constant). */
    static double inverseFactorial(int n) {
        java.math.BigDecimal f = java.math.BigDecimal.ONE;
        for (int i = 2; i <= n; i++) {
            f = f.multiply(java.math.BigDecimal.valueOf(i));
        }
        return java.math.BigDecimal.ONE.divide(f, java.math.MathContext.DECIMAL128).doubleValue();
    }

    public Node floor(Node a) {
        Node two52 = c(f64() ? 0x1p52 : 0x1p23);
        Node magnitude = new Unary(UnaryOp.ABS, a);
        Node roundedMagnitude = sub(add(magnitude, two52), two52);
        Node rounded = new Select(new Compare(CompareOp.LT, a, c(0)), new Unary(UnaryOp.NEG, roundedMagnitude), roundedMagnitude);
        Node fl = new Select(new Compare(CompareOp.GT, rounded, a), sub(rounded, c(1)), rounded);
        // a itself when it is already an integer this way cannot see (|a| >= 2^52), or a zero (keeping -0's sign)
        Node computed = new Node.Logic(true, new Compare(CompareOp.LT, magnitude, two52), new Compare(CompareOp.NE, a, c(0)));
        return new Select(computed, fl, a);
    }
}
