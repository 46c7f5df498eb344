package dev.jstencil.workload.integrate;

import java.util.Arrays;

/**
 * The built-in functions that can be integrated, each with its antiderivative (so every result can
 * be checked against the exact value) and its domain. No expression parser: a fixed set keeps the
 * inner loop a straight-line expression that the JIT and the Vector API can compile well.
 */
public enum Integrand {
    X2("x^2") {
        @Override public double at(double x) { return x * x; }
        @Override double antiderivative(double x) { return x * x * x / 3; }
    },
    X3("x^3") {
        @Override public double at(double x) { return x * x * x; }
        @Override double antiderivative(double x) { return x * x * x * x / 4; }
    },
    SIN("sin") {
        @Override public double at(double x) { return Math.sin(x); }
        @Override double antiderivative(double x) { return -Math.cos(x); }
    },
    COS("cos") {
        @Override public double at(double x) { return Math.cos(x); }
        @Override double antiderivative(double x) { return Math.sin(x); }
    },
    EXP("exp") {
        @Override public double at(double x) { return Math.exp(x); }
        @Override double antiderivative(double x) { return Math.exp(x); }
    },
    INVERSE("1/x") {
        @Override public double at(double x) { return 1.0 / x; }
        @Override double antiderivative(double x) { return Math.log(Math.abs(x)); }
        @Override public double exact(double a, double b) { return Math.log(b / a); } // a, b of one sign
        @Override void checkDomain(double a, double b) {
            if (Math.min(a, b) <= 0 && Math.max(a, b) >= 0) {
                throw new IllegalArgumentException("1/x on [" + a + ", " + b
                        + "] is not allowed: 1/x is singular at 0; give a and b of the same sign, both non-zero");
            }
        }
    },
    SQRT("sqrt") {
        @Override public double at(double x) { return Math.sqrt(x); }
        @Override double antiderivative(double x) { return 2 * x * Math.sqrt(x) / 3; }
        @Override void checkDomain(double a, double b) {
            if (Math.min(a, b) < 0) {
                throw new IllegalArgumentException("sqrt on [" + a + ", " + b
                        + "] is not allowed: sqrt is undefined below 0; give a, b >= 0");
            }
        }
    },
    /** Integrates to pi over [0, 1]: the classic parallel-reduction demo. */
    FOUR_OVER_ONE_PLUS_X2("4/(1+x^2)") {
        @Override public double at(double x) { return 4.0 / (1.0 + x * x); }
        @Override double antiderivative(double x) { return 4 * Math.atan(x); }
    };

    private final String cliName;

    Integrand(String cliName) {
        this.cliName = cliName;
    }

    public abstract double at(double x);

    abstract double antiderivative(double x);

    /** The exact integral from a to b (to double rounding). */
    public double exact(double a, double b) {
        return antiderivative(b) - antiderivative(a);
    }

    /** Throws IllegalArgumentException, naming the range, if [a, b] leaves the function's domain. */
    void checkDomain(double a, double b) {
    }

    public String cliName() {
        return cliName;
    }

    public static Integrand parse(String s) {
        for (Integrand f : values()) {
            if (f.cliName.equalsIgnoreCase(s.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("integrand '" + s + "' is not one of "
                + Arrays.stream(values()).map(Integrand::cliName).toList());
    }
}
