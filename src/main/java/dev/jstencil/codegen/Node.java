package dev.jstencil.codegen;

/**
 * The lowered expression tree every backend evaluates: the model's formulas with names resolved,
 * {@code lap} expanded, lets inlined, constants and parameter-only subexpressions replaced by
 * {@link Slot}s, and {@code exp} and {@code floor} written out in {@link Expansions}. The interpreter,
 * the Vector API generator and the C generator all walk this same tree, which is what makes their
 * results bit-identical. Records with value equality: equal subtrees are one node after {@link
 * Lowering} interns them, so a value used twice is computed once.
 *
 * <p>Evaluation: every numeric operation is done in the kernel's precision (an f32 kernel rounds
 * after each operation), except that a {@link Slot}'s value is computed once per run, in f64, from
 * its invariant tree, then rounded to the precision.
 */
public sealed interface Node {
    /** True for nodes whose value is a number (the rest are conditions). */
    default boolean numeric() {
        return true;
    }

    // ---- leaves of invariant trees (evaluated once per run, in f64) ----

    /** A number from the model text. */
    record Const(double value) implements Node {
    }

    /** Parameter number {@code index} (a run-time value: changing it never recompiles). */
    record Param(int index) implements Node {
    }

    /** The run's time step or grid spacing. */
    record Setting(Name name) implements Node {
        public enum Name { DT, H }
    }

    /** The grid's size along an axis (0 = x). */
    record GridSize(int axis) implements Node {
    }

    // ---- leaves of per-cell trees ----

    /** Invariant number {@code index}: a coefficient computed once per run (see the class comment). */
    record Slot(int index) implements Node {
    }

    /** Field {@code field} of the current state at offset (dx, dy, dz) from the cell. */
    record Load(int field, int dx, int dy, int dz) implements Node {
    }

    /** The cell's global index along an axis (0 = x), as a number. */
    record Index(int axis) implements Node {
    }

    /** Uniform noise in [-1, 1) from stream {@code stream} (see {@link Noise}). */
    record Rand(int stream) implements Node {
    }

    // ---- operations ----

    enum UnaryOp { NEG, ABS, SQRT }

    /** -a, |a|, sqrt(a) (correctly rounded). */
    record Unary(UnaryOp op, Node a) implements Node {
    }

    enum BinaryOp { ADD, SUB, MUL, DIV, MIN, MAX }

    /** a op b; MIN and MAX as Math.min and Math.max (NaN wins, -0 < +0). */
    record Binary(BinaryOp op, Node a, Node b) implements Node {
    }

    enum CompareOp { LT, LE, GT, GE, EQ, NE }

    /** A comparison: a condition. */
    record Compare(CompareOp op, Node a, Node b) implements Node {
        @Override
        public boolean numeric() {
            return false;
        }
    }

    /** Conditions joined by and / or. */
    record Logic(boolean and, Node a, Node b) implements Node {
        @Override
        public boolean numeric() {
            return false;
        }
    }

    /** A negated condition. */
    record Not(Node a) implements Node {
        @Override
        public boolean numeric() {
            return false;
        }
    }

    /** condition ? ifTrue : ifFalse (both branches are evaluated; there are no side effects). */
    record Select(Node condition, Node ifTrue, Node ifFalse) implements Node {
        @Override
        public boolean numeric() {
            return ifTrue.numeric();
        }
    }

    /**
     * 2^k for an integral k within the precision's normal exponents (f64 -1022..1023, f32 -126..127),
     * built from the exponent bits; only {@link Expansions} creates it, with k in range.
     */
    record Pow2(Node k) implements Node {
    }

    // ---- macros, expanded by Lowering before anything evaluates the tree ----

    /** e^a, written out by {@link Expansions#exp}. */
    record Exp(Node a) implements Node {
    }

    /** The largest integer <= a, written out by {@link Expansions#floor}. */
    record Floor(Node a) implements Node {
    }
}
