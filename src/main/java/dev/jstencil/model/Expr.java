package dev.jstencil.model;

import java.util.List;

/**
 * An expression of the model language as written: the syntax tree the parser builds. Names are not
 * resolved yet ({@link Name} may be a field, a parameter, a let or a built-in); {@link ModelChecker}
 * resolves and checks them, and the code generator lowers the checked tree. Every node keeps its
 * position for error messages.
 */
public sealed interface Expr {
    SourcePos pos();

    /** A number as written ({@code 1}, {@code 0.5}, {@code 2e-3}). */
    record Num(double value, String text, SourcePos pos) implements Expr {
    }

    /** A bare name: field (its centre value), parameter, let, or built-in ({@code dt h x y z ix iy iz nx ny nz pi}). */
    record Name(String name, SourcePos pos) implements Expr {
    }

    /** {@code f[dx,dy]} or {@code f[dx,dy,dz]}: field f at an integer offset from the cell, x first. */
    record Neighbour(String field, List<Integer> offsets, SourcePos pos) implements Expr {
        public Neighbour {
            offsets = List.copyOf(offsets);
        }
    }

    /** {@code fn(args)}: lap, min, max, abs, sqrt, exp, floor, rand. */
    record Call(String function, List<Expr> args, SourcePos pos) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** {@code -a}, {@code +a} or {@code !a}. */
    record Unary(String op, Expr operand, SourcePos pos) implements Expr {
    }

    /** {@code a op b} for {@code + - * / < <= > >= == != && ||}; {@code pos} is the operator's. */
    record Binary(String op, Expr left, Expr right, SourcePos pos) implements Expr {
    }

    /** {@code c ? a : b}. */
    record Conditional(Expr condition, Expr ifTrue, Expr ifFalse, SourcePos pos) implements Expr {
    }
}
