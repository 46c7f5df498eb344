package dev.jstencil.codegen;

import dev.jstencil.grid.Precision;

/**
 * The value of every {@link Node} operation, one cell at a time: the reference the interpreter runs
 * and the generated kernels are tested against. An f32 operation is done in double and rounded to
 * float, which gives the correctly rounded float result for + - * / and sqrt (a double holds more
 * than twice a float's bits); comparisons, min, max, abs and negation are exact either way.
 */
public final class Semantics {
    private Semantics() {
    }

    /** {@code v} rounded to the precision (and widened back). */
    public static double round(double v, Precision p) {
        return p == Precision.F64 ? v : (double) (float) v;
    }

    public static double unary(Node.UnaryOp op, double a, Precision p) {
        return switch (op) {
            case NEG -> -a;
            case ABS -> Math.abs(a);
            case SQRT -> round(Math.sqrt(a), p);
        };
    }

    public static double binary(Node.BinaryOp op, double a, double b, Precision p) {
        return switch (op) {
            case ADD -> round(a + b, p);
            case SUB -> round(a - b, p);
            case MUL -> round(a * b, p);
            case DIV -> round(a / b, p);
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
        };
    }

    public static boolean compare(Node.CompareOp op, double a, double b) {
        return switch (op) {
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case EQ -> a == b;
            case NE -> a != b;
        };
    }

    /**
     * 2^k from the exponent bits, for integral k in the precision's normal range: k + 1.5*2^52 (or
     * 1.5*2^23) holds k in its low mantissa bits, and (those bits + bias) shifted up is the exponent.
     */
    public static double pow2(double k, Precision p) {
        if (p == Precision.F64) {
            return Double.longBitsToDouble((Double.doubleToRawLongBits(k + 0x1.8p52) + 1023) << 52);
        }
        return Float.intBitsToFloat((Float.floatToRawIntBits((float) k + 0x1.8p23f) + 127) << 23);
    }

    /** The noise value of {@code bits} in the precision (see {@link Noise}). */
    public static double rand(long bits, Precision p) {
        return p == Precision.F64 ? Noise.f64(bits) : Noise.f32(bits);
    }

    /** A cell index as a number of the precision. */
    public static double index(long i, Precision p) {
        return round((double) i, p);
    }
}
