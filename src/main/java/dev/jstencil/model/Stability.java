package dev.jstencil.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The forward-Euler stability limit of a model's diffusion: dt <= h^2 / (2 d D), d the grid's
 * dimension and D the largest diffusion coefficient, where field f's coefficient is that of lap(f)
 * in f's own rate, found when the rate is affine in lap(f) with a coefficient of numbers and
 * parameters (Du*lap(u), Du*(lap(u)/6), lap(u)*D - ...). The limit is not derived (and the user's dt
 * is taken as given) when a rate reads neighbours with explicit offsets, reads another field's
 * Laplacian, or uses lap(f) in any other way; reaction terms are not analysed.
 */
public final class Stability {
    /** Fraction of the limit that {@code --dt auto} takes. */
    public static final double AUTO_DT_FRACTION = 0.9;

    /** The limit and the field whose diffusion sets it. */
    public record Limit(double dt, String field, double diffusion, int dims, double h) {
        /** How the limit was found, for messages. */
        public String explain() {
            return "h^2/(2*" + dims + "*D) = " + dt + " with h = " + h + " and D = " + diffusion + " (the diffusion coefficient of "
                    + field + ")";
        }
    }

    private Stability() {
    }

    /**
     * The limit for these parameter values, or empty if it cannot be derived ({@link Limit#dt()} is
     * infinite when nothing diffuses).
     */
    public static Optional<Limit> limit(Model model, int dims, double[] params, double h) {
        for (Expr rate : model.rates()) {
            if (readsExplicitNeighbours(model, rate)) {
                return Optional.empty();
            }
        }
        double largest = 0;
        String field = model.fields().getFirst();
        for (int f = 0; f < model.fields().size(); f++) {
            String name = model.fields().get(f);
            OptionalDouble d = coefficient(model, model.rates().get(f), name, params);
            if (d.isEmpty() || d.getAsDouble() < 0 || !Double.isFinite(d.getAsDouble())) {
                return Optional.empty();
            }
            if (d.getAsDouble() > largest) {
                largest = d.getAsDouble();
                field = name;
            }
        }
        double dt = largest == 0 ? Double.POSITIVE_INFINITY : h * h / (2 * dims * largest);
        return Optional.of(new Limit(dt, field, largest, dims, h));
    }

    private static boolean readsExplicitNeighbours(Model model, Expr e) {
        return switch (e) {
            case Expr.Neighbour n -> true;
            case Expr.Name n -> letExpr(model, n.name()).map(x -> readsExplicitNeighbours(model, x)).orElse(false);
            case Expr.Call c -> c.args().stream().anyMatch(a -> readsExplicitNeighbours(model, a));
            case Expr.Unary u -> readsExplicitNeighbours(model, u.operand());
            case Expr.Binary b -> readsExplicitNeighbours(model, b.left()) || readsExplicitNeighbours(model, b.right());
            case Expr.Conditional c -> readsExplicitNeighbours(model, c.condition()) || readsExplicitNeighbours(model, c.ifTrue())
                    || readsExplicitNeighbours(model, c.ifFalse());
            case Expr.Num n -> false;
        };
    }

    private static Optional<Expr> letExpr(Model model, String name) {
        return model.lets().stream().filter(l -> l.name().equals(name)).map(Model.Let::expr).findFirst();
    }

    /** Whether e contains lap(anything). */
    private static boolean hasLaplacian(Model model, Expr e) {
        return switch (e) {
            case Expr.Call c -> c.function().equals("lap") || c.args().stream().anyMatch(a -> hasLaplacian(model, a));
            case Expr.Name n -> letExpr(model, n.name()).map(x -> hasLaplacian(model, x)).orElse(false);
            case Expr.Unary u -> hasLaplacian(model, u.operand());
            case Expr.Binary b -> hasLaplacian(model, b.left()) || hasLaplacian(model, b.right());
            case Expr.Conditional c -> hasLaplacian(model, c.condition()) || hasLaplacian(model, c.ifTrue())
                    || hasLaplacian(model, c.ifFalse());
            default -> false;
        };
    }

    /** The coefficient of lap(field) in e if e is affine in it (0 if e has no Laplacian); empty otherwise. */
    private static OptionalDouble coefficient(Model model, Expr e, String field, double[] params) {
        if (!hasLaplacian(model, e)) {
            return OptionalDouble.of(0);
        }
        return switch (e) {
            case Expr.Call c -> c.function().equals("lap") && c.args().getFirst() instanceof Expr.Name n && n.name().equals(field)
                    ? OptionalDouble.of(1) : OptionalDouble.empty();
            case Expr.Name n -> letExpr(model, n.name()).map(x -> coefficient(model, x, field, params)).orElse(OptionalDouble.empty());
            case Expr.Unary u -> u.op().equals("-") ? negate(coefficient(model, u.operand(), field, params))
                    : u.op().equals("+") ? coefficient(model, u.operand(), field, params) : OptionalDouble.empty();
            case Expr.Binary b -> switch (b.op()) {
                case "+", "-" -> {
                    OptionalDouble l = coefficient(model, b.left(), field, params), r = coefficient(model, b.right(), field, params);
                    yield l.isEmpty() || r.isEmpty() ? OptionalDouble.empty()
                            : OptionalDouble.of(b.op().equals("+") ? l.getAsDouble() + r.getAsDouble() : l.getAsDouble() - r.getAsDouble());
                }
                case "*" -> {
                    OptionalDouble lv = value(model, b.left(), params), rv = value(model, b.right(), params);
                    if (lv.isPresent()) {
                        yield scale(coefficient(model, b.right(), field, params), lv.getAsDouble());
                    }
                    yield rv.isPresent() ? scale(coefficient(model, b.left(), field, params), rv.getAsDouble()) : OptionalDouble.empty();
                }
                case "/" -> {
                    OptionalDouble rv = value(model, b.right(), params);
                    yield rv.isPresent() && !hasLaplacian(model, b.right())
                            ? scale(coefficient(model, b.left(), field, params), 1 / rv.getAsDouble()) : OptionalDouble.empty();
                }
                default -> OptionalDouble.empty();
            };
            default -> OptionalDouble.empty();
        };
    }

    private static OptionalDouble negate(OptionalDouble d) {
        return d.isPresent() ? OptionalDouble.of(-d.getAsDouble()) : d;
    }

    private static OptionalDouble scale(OptionalDouble d, double factor) {
        return d.isPresent() ? OptionalDouble.of(d.getAsDouble() * factor) : d;
    }

    /** The value of an expression of numbers and parameters (and lets of them), or empty. */
    private static OptionalDouble value(Model model, Expr e, double[] params) {
        return switch (e) {
            case Expr.Num n -> OptionalDouble.of(n.value());
            case Expr.Name n -> {
                int p = model.paramIndex(n.name());
                if (p >= 0) {
                    yield OptionalDouble.of(params[p]);
                }
                if (n.name().equals("pi")) {
                    yield OptionalDouble.of(Math.PI);
                }
                yield letExpr(model, n.name()).map(x -> value(model, x, params)).orElse(OptionalDouble.empty());
            }
            case Expr.Unary u -> u.op().equals("-") ? negate(value(model, u.operand(), params))
                    : u.op().equals("+") ? value(model, u.operand(), params) : OptionalDouble.empty();
            case Expr.Binary b -> {
                OptionalDouble l = value(model, b.left(), params), r = value(model, b.right(), params);
                if (l.isEmpty() || r.isEmpty()) {
                    yield OptionalDouble.empty();
                }
                double x = l.getAsDouble(), y = r.getAsDouble();
                yield switch (b.op()) {
                    case "+" -> OptionalDouble.of(x + y);
                    case "-" -> OptionalDouble.of(x - y);
                    case "*" -> OptionalDouble.of(x * y);
                    case "/" -> OptionalDouble.of(x / y);
                    default -> OptionalDouble.empty();
                };
            }
            default -> OptionalDouble.empty();
        };
    }
}
