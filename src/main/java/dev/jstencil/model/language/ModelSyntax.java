package dev.jstencil.model.language;

import dev.jstencil.model.Expr;
import dev.jstencil.model.SourcePos;
import java.util.List;

/**
 * A model file as parsed, before any name is checked: its statements in the order written. {@link
 * ModelReader} builds it from text; {@link dev.jstencil.model.ModelChecker} turns it into a {@link
 * dev.jstencil.model.Model} or says, with a position, what is wrong.
 */
public record ModelSyntax(String source, String text, List<Statement> statements) {
    public ModelSyntax {
        statements = List.copyOf(statements);
    }

    /** A name where it is written. */
    public record Named(String name, SourcePos pos) {
    }

    /** One statement of a model file. */
    public sealed interface Statement {
        SourcePos pos();
    }

    /** {@code fields u v}. */
    public record Fields(List<Named> names, SourcePos pos) implements Statement {
        public Fields {
            names = List.copyOf(names);
        }
    }

    /** {@code param F = 0.04}. */
    public record Param(Named name, double value, SourcePos pos) implements Statement {
    }

    /** {@code grid 64 64} or {@code grid 64 64 64}: the model's default grid (and so its dimension). */
    public record Grid(List<Integer> sizes, SourcePos pos) implements Statement {
        public Grid {
            sizes = List.copyOf(sizes);
        }
    }

    /** {@code dt = 2} or {@code h = 0.5}: defaults of the run's time step and grid spacing. */
    public record Setting(String name, double value, SourcePos pos) implements Statement {
    }

    /** {@code boundary periodic} or {@code boundary neumann, dirichlet=1}: one kind, or one per axis x, y[, z]. */
    public record Boundary(List<AxisSpec> axes, SourcePos pos) implements Statement {
        public Boundary {
            axes = List.copyOf(axes);
        }
    }

    /** One axis of a boundary statement: a kind and, for {@code dirichlet=V}, its value (null: per field). */
    public record AxisSpec(String kind, Double value, SourcePos pos) {
    }

    /** {@code dirichlet u = 1}: the value field u's ghost cells hold on a Dirichlet axis that gives none. */
    public record Dirichlet(Named field, double value, SourcePos pos) implements Statement {
    }

    /** {@code let uvv = u*v*v}: a name for a subexpression, usable after it. */
    public record Let(Named name, Expr expr, SourcePos pos) implements Statement, InitItem {
    }

    /** {@code du/dt = EXPR}: {@code field} is the name after the d. */
    public record Equation(Named field, Expr rate, SourcePos pos) implements Statement {
    }

    /** {@code init NAME { let ... ; FIELD = EXPR ... }}: a named initial condition. */
    public record Init(Named name, List<InitItem> items, SourcePos pos) implements Statement {
        public Init {
            items = List.copyOf(items);
        }
    }

    /** A line of an init block: a let, or an assignment of a field's initial value. */
    public sealed interface InitItem {
        SourcePos pos();
    }

    /** {@code u = EXPR} inside an init block. */
    public record Assign(Named field, Expr value, SourcePos pos) implements InitItem {
    }
}
