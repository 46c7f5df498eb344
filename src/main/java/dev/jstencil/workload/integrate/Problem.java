package dev.jstencil.workload.integrate;

import java.util.Objects;

/**
 * What to integrate: f from a to b with n samples placed by {@code rule}. Validated on construction,
 * so bad input is reported (naming the value) before any work starts.
 */
public record Problem(Integrand f, double a, double b, long n, Rule rule) {
    public Problem {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(rule, "rule");
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(b - a)) {
            throw new IllegalArgumentException("interval [" + a + ", " + b + "] is not allowed: a, b and b - a must be finite");
        }
        f.checkDomain(a, b);
        Chunking.of(n); // checks n's range
    }

    /** Width of one subinterval (negative when b < a: the integral then changes sign, as it should). */
    public double h() {
        return (b - a) / n;
    }

    /** The exact integral (from the antiderivative, to double rounding). */
    public double exact() {
        return f.exact(a, b);
    }
}
