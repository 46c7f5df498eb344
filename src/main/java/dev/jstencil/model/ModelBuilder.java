package dev.jstencil.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A model written in Java: each call adds one line of model text, and {@link #build()} checks the
 * whole text exactly as a model file is checked (messages name the line of the call, in source
 * "java:NAME"; {@link Model#text()} shows the text).
 *
 * <pre>{@code
 * Model heat = Model.builder("heat")
 *         .fields("T").param("D", 0.2)
 *         .equation("T", "D*lap(T)")
 *         .init("spot", "T = (x-0.5)*(x-0.5) + (y-0.5)*(y-0.5) < 0.01 ? 1 : 0")
 *         .build();
 * }</pre>
 */
public final class ModelBuilder {
    private final String name;
    private final StringBuilder text = new StringBuilder();

    ModelBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
        text.append("# ").append(name).append(" (built in Java)\n");
    }

    private ModelBuilder line(String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("one declaration per call, without line breaks: " + line);
        }
        text.append(line).append('\n');
        return this;
    }

    private static String number(String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " = " + v + " is not allowed: it must be a finite number");
        }
        return Double.toString(v);
    }

    public ModelBuilder fields(String... names) {
        return line("fields " + String.join(" ", names));
    }

    public ModelBuilder param(String param, double defaultValue) {
        return line("param " + param + " = " + number(param, defaultValue));
    }

    public ModelBuilder let(String let, String expr) {
        return line("let " + let + " = " + expr);
    }

    /** {@code dFIELD/dt = rate}. */
    public ModelBuilder equation(String field, String rate) {
        return line("d" + field + "/dt = " + rate);
    }

    /** A named initial condition from lines such as {@code "u = 1"} or {@code "let r = x - 0.5"}. */
    public ModelBuilder init(String initName, String... lines) {
        line("init " + initName + " {");
        for (String l : lines) {
            line("  " + l);
        }
        return line("}");
    }

    /** The default grid: two sizes (2D) or three (3D), x first. */
    public ModelBuilder grid(int... sizes) {
        StringBuilder sb = new StringBuilder("grid");
        for (int s : sizes) {
            sb.append(' ').append(s);
        }
        return line(sb.toString());
    }

    public ModelBuilder dt(double dt) {
        return line("dt = " + number("dt", dt));
    }

    public ModelBuilder h(double h) {
        return line("h = " + number("h", h));
    }

    /** Default boundaries, as {@code --bc} writes them: {@code "periodic"}, {@code "neumann,dirichlet=0"}. */
    public ModelBuilder boundary(String spec) {
        return line("boundary " + spec.replace(",", ", ").toLowerCase(Locale.ROOT));
    }

    public ModelBuilder dirichlet(String field, double value) {
        return line("dirichlet " + field + " = " + number("dirichlet " + field, value));
    }

    /** The model text so far. */
    public String text() {
        return text.toString();
    }

    /** Checks the model; throws {@link ModelException} with the line of the offending call. */
    public Model build() {
        return Model.parse(name, "java:" + name, text.toString());
    }
}
