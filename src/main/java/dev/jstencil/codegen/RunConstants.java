package dev.jstencil.codegen;

import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.ModelException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The values of a run that kernels read but are not compiled into them: parameters, dt, h and the
 * grid's size. Evaluates a {@link Lowered}'s slots: each invariant tree once, in f64, then rounded to
 * the kernel's precision. A slot that is not finite, or a per-cell divisor that is 0, is refused with
 * the position of the expression in the model.
 */
public record RunConstants(double[] params, double dt, double h, GridShape shape) {
    public RunConstants {
        params = params.clone();
    }

    /** The slots' values, rounded to {@code lowered}'s precision. */
    public double[] slotValues(Lowered lowered) {
        Map<Node, Double> memo = new IdentityHashMap<>();
        double[] values = new double[lowered.slots().size()];
        for (int i = 0; i < values.length; i++) {
            double v = evaluate(lowered.slots().get(i), memo);
            Lowered.SlotSource src = lowered.slotSources().get(i);
            if (!Double.isFinite(v) && src != null) {
                throw new ModelException(src.pos(), src.text() + " is " + v + " with these parameters: a constant expression must be finite");
            }
            values[i] = Semantics.round(v, lowered.precision());
            Lowered.SlotSource divisor = lowered.divisors().get(i);
            if (values[i] == 0 && divisor != null) {
                throw new ModelException(divisor.pos(), "division by zero: the divisor " + divisor.text() + " is 0 with these parameters");
            }
        }
        return values;
    }

    private double evaluate(Node n, Map<Node, Double> memo) {
        Double done = memo.get(n);
        if (done != null) {
            return done;
        }
        double v = switch (n) {
            case Node.Const c -> c.value();
            case Node.Param p -> params[p.index()];
            case Node.Setting s -> s.name() == Node.Setting.Name.DT ? dt : h;
            case Node.GridSize g -> shape.size(g.axis());
            case Node.Unary u -> Semantics.unary(u.op(), evaluate(u.a(), memo), Precision.F64);
            case Node.Binary b -> Semantics.binary(b.op(), evaluate(b.a(), memo), evaluate(b.b(), memo), Precision.F64);
            case Node.Select s -> condition(s.condition(), memo) ? evaluate(s.ifTrue(), memo) : evaluate(s.ifFalse(), memo);
            case Node.Pow2 p -> Semantics.pow2(evaluate(p.k(), memo), Precision.F64);
            default -> throw new IllegalStateException("not an invariant node: " + n);
        };
        memo.put(n, v);
        return v;
    }

    private boolean condition(Node n, Map<Node, Double> memo) {
        return switch (n) {
            case Node.Compare c -> Semantics.compare(c.op(), evaluate(c.a(), memo), evaluate(c.b(), memo));
            case Node.Logic l -> l.and() ? condition(l.a(), memo) && condition(l.b(), memo) : condition(l.a(), memo) || condition(l.b(), memo);
            case Node.Not x -> !condition(x.a(), memo);
            default -> throw new IllegalStateException("not a condition: " + n);
        };
    }
}
