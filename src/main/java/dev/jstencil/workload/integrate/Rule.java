package dev.jstencil.workload.integrate;

import dev.jstencil.util.CliNames;

/**
 * Where each of the n subintervals of width h = (b - a) / n is sampled: point i is
 * x_i = a + (i + offset) h, and the integral is h times the sum of f(x_i).
 *
 * <ul>
 *   <li>{@link #MIDPOINT} (default): error at most (b - a) h^2 / 24 max|f''|; exact for linear f.</li>
 *   <li>{@link #LEFT}: error at most (b - a) h / 2 max|f'|; first order, for comparison.</li>
 * </ul>
 */
public enum Rule {
    MIDPOINT(0.5),
    LEFT(0.0);

    private final double offset;

    Rule(double offset) {
        this.offset = offset;
    }

    /** Position of the sample inside its subinterval, in units of h. */
    public double offset() {
        return offset;
    }

    public String cliName() {
        return CliNames.of(this);
    }

    public static Rule parse(String s) {
        return CliNames.parse(values(), "rule", s);
    }
}
