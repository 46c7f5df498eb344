package dev.jstencil.model;

import java.util.stream.Collectors;

/** An expression written back as text, fully parenthesised where the order matters (for messages and dumps). */
public final class ExprText {
    private ExprText() {
    }

    public static String of(Expr e) {
        return switch (e) {
            case Expr.Num n -> n.text();
            case Expr.Name n -> n.name();
            case Expr.Neighbour n -> n.field() + n.offsets().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
            case Expr.Call c -> c.function() + c.args().stream().map(ExprText::of).collect(Collectors.joining(", ", "(", ")"));
            case Expr.Unary u -> u.op() + operand(u.operand());
            case Expr.Binary b -> operand(b.left()) + " " + b.op() + " " + operand(b.right());
            case Expr.Conditional c -> operand(c.condition()) + " ? " + operand(c.ifTrue()) + " : " + operand(c.ifFalse());
        };
    }

    private static String operand(Expr e) {
        return e instanceof Expr.Binary || e instanceof Expr.Conditional ? "(" + of(e) + ")" : of(e);
    }
}
