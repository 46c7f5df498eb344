package dev.jstencil.grid;

import java.util.Objects;

/**
 * The boundary of one axis (both ends): its kind and, for Dirichlet, the value V of its ghost cells;
 * a Dirichlet axis without a value takes each field's own value (a model's {@code dirichlet u = 1}).
 */
public record AxisBoundary(BoundaryKind kind, Double value) {
    public static final AxisBoundary PERIODIC = new AxisBoundary(BoundaryKind.PERIODIC, null);
    public static final AxisBoundary NEUMANN = new AxisBoundary(BoundaryKind.NEUMANN, null);

    public AxisBoundary {
        Objects.requireNonNull(kind, "kind");
        if (value != null && kind != BoundaryKind.DIRICHLET) {
            throw new IllegalArgumentException(kind.cliName() + " takes no value (only dirichlet=V does)");
        }
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException("dirichlet=" + value + " is not allowed: the value must be a finite number");
        }
    }

    public static AxisBoundary dirichlet(double value) {
        return new AxisBoundary(BoundaryKind.DIRICHLET, value);
    }

    /** Dirichlet with each field's own value. */
    public static AxisBoundary dirichletPerField() {
        return new AxisBoundary(BoundaryKind.DIRICHLET, null);
    }

    /**
     * One axis as written on the command line or in a model file: {@code periodic}, {@code neumann},
     * {@code dirichlet} or {@code dirichlet=V}.
     */
    public static AxisBoundary parse(String text) {
        String t = text.trim();
        int eq = t.indexOf('=');
        String kind = eq < 0 ? t : t.substring(0, eq).trim();
        String allowed = "allowed: periodic, neumann, dirichlet (each field's value from the model) or dirichlet=V";
        BoundaryKind k = switch (kind.toLowerCase(java.util.Locale.ROOT)) {
            case "periodic" -> BoundaryKind.PERIODIC;
            case "neumann" -> BoundaryKind.NEUMANN;
            case "dirichlet" -> BoundaryKind.DIRICHLET;
            default -> throw new IllegalArgumentException("boundary '" + text + "' is not a boundary kind (" + allowed + ")");
        };
        if (eq < 0) {
            return new AxisBoundary(k, null);
        }
        if (k != BoundaryKind.DIRICHLET) {
            throw new IllegalArgumentException("boundary '" + text + "': " + kind + " takes no value (" + allowed + ")");
        }
        String v = t.substring(eq + 1).trim();
        try {
            return dirichlet(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("boundary '" + text + "': '" + v + "' is not a number (" + allowed + ")");
        }
    }

    @Override
    public String toString() {
        return kind.cliName() + (value != null ? "=" + value : "");
    }
}
