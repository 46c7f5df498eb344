package dev.jstencil.model;

/**
 * Gray-Scott parameters for forward Euler on the 5-point Laplacian with grid spacing h:
 * <pre>
 *   lap(a) = (a[y-1][x] + a[y+1][x] + a[y][x-1] + a[y][x+1] - 4 a[y][x]) / h^2
 *   u' = u + dt * ( Du*lap(u) - u*v*v + F*(1-u) )
 *   v' = v + dt * ( Dv*lap(v) + u*v*v - (F+k)*v )
 * </pre>
 */
public record GrayScottParams(double du, double dv, double f, double k, double dt, double h) {
    /** A pattern worth looking at from the square start: "mitosis"-like spots and worms. */
    public static final GrayScottParams DEFAULT = new GrayScottParams(0.16, 0.08, 0.04, 0.06, 1.0, 1.0);

    /** Fraction of the stability limit used by {@code --dt auto}. */
    public static final double AUTO_DT_FRACTION = 0.9;

    public GrayScottParams {
        requireFinite("Du", du, true);
        requireFinite("Dv", dv, true);
        requireFinite("F", f, true);
        requireFinite("k", k, true);
        requireFinite("dt", dt, false);
        requireFinite("h", h, false);
    }

    private static void requireFinite(String name, double value, boolean zeroAllowed) {
        if (!Double.isFinite(value) || value < 0 || (!zeroAllowed && value == 0)) {
            throw new IllegalArgumentException(name + " = " + value + " is not allowed: it must be a finite number "
                    + (zeroAllowed ? ">= 0" : "> 0"));
        }
    }

    /**
     * Largest stable forward-Euler time step for the diffusion part of this stencil:
     * {@code h^2 / (4 max(Du, Dv))}; infinite when nothing diffuses.
     */
    public double stableDtLimit() {
        return stableDtLimit(du, dv, h);
    }

    public static double stableDtLimit(double du, double dv, double h) {
        double d = Math.max(du, dv);
        return d == 0 ? Double.POSITIVE_INFINITY : h * h / (4 * d);
    }

    public boolean isStable() {
        return dt <= stableDtLimit();
    }

    /** Throws if dt exceeds the stability limit, giving the largest stable value. */
    public GrayScottParams requireStable() {
        if (!isStable()) {
            throw new IllegalArgumentException("dt = " + dt + " is unstable for Du = " + du + ", Dv = " + dv + ", h = " + h
                    + ": forward Euler needs dt <= h^2/(4*max(Du,Dv)) = " + stableDtLimit()
                    + " (or use --dt auto for " + AUTO_DT_FRACTION + " of that)");
        }
        return this;
    }

    public GrayScottParams withDt(double newDt) {
        return new GrayScottParams(du, dv, f, k, newDt, h);
    }

    /** The same parameters with dt = 0.9 of the stability limit. */
    public GrayScottParams withAutoDt() {
        double limit = stableDtLimit();
        if (Double.isInfinite(limit)) {
            throw new IllegalArgumentException("--dt auto needs Du > 0 or Dv > 0: with no diffusion there is no stability limit to take a fraction of");
        }
        return withDt(AUTO_DT_FRACTION * limit);
    }

    /** 1/h^2: kernels multiply by it rather than divide by h^2 in the inner loop. */
    public double invH2() {
        return 1.0 / (h * h);
    }

    /** F + k, precomputed once so every kernel rounds it the same way. */
    public double fPlusK() {
        return f + k;
    }
}
