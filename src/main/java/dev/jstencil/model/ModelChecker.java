package dev.jstencil.model;

import dev.jstencil.grid.AxisBoundary;
import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.model.language.ModelSyntax;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a parsed model and builds the {@link Model}: every name resolves (or the message suggests
 * the nearest), every field has one equation, numbers and conditions are not mixed, offsets agree in
 * their number of components and stay within {@link Model#MAX_RADIUS}, initial conditions read no
 * field, no divisor is a constant zero. The first problem found is thrown as a {@link ModelException}.
 */
final class ModelChecker {
    /** Built-in names usable in expressions, with what they mean (for messages and the README table). */
    static final Map<String, String> BUILTINS = new LinkedHashMap<>();
    /** Functions and their number of arguments. */
    static final Map<String, Integer> FUNCTIONS = new LinkedHashMap<>();

    static {
        BUILTINS.put("dt", "the time step");
        BUILTINS.put("h", "the grid spacing");
        BUILTINS.put("x", "the cell's position ix/nx along x, in [0,1)");
        BUILTINS.put("y", "the cell's position iy/ny along y");
        BUILTINS.put("z", "the cell's position iz/nz along z (0 in 2D)");
        BUILTINS.put("ix", "the cell's index along x, 0..nx-1");
        BUILTINS.put("iy", "the cell's index along y");
        BUILTINS.put("iz", "the cell's index along z (0 in 2D)");
        BUILTINS.put("nx", "the grid's size along x");
        BUILTINS.put("ny", "the grid's size along y");
        BUILTINS.put("nz", "the grid's size along z (1 in 2D)");
        BUILTINS.put("pi", "3.14159...");
        FUNCTIONS.put("lap", 1);
        FUNCTIONS.put("min", 2);
        FUNCTIONS.put("max", 2);
        FUNCTIONS.put("abs", 1);
        FUNCTIONS.put("sqrt", 1);
        FUNCTIONS.put("exp", 1);
        FUNCTIONS.put("floor", 1);
        FUNCTIONS.put("rand", 0);
    }

    private enum Type { NUMBER, CONDITION }

    private final String name;
    private final ModelSyntax syntax;
    private final List<String> fields = new ArrayList<>();
    private final Map<String, SourcePos> fieldPos = new HashMap<>();
    private final List<Model.Param> params = new ArrayList<>();
    private final Map<String, Model.Param> paramByName = new HashMap<>();
    private final List<Model.Let> lets = new ArrayList<>();
    private final Map<String, Model.Let> letByName = new HashMap<>();
    /** The type of every let, found once where it is defined (a let is checked once, so each rand() in it is one stream). */
    private final Map<Model.Let, Type> letTypes = new java.util.IdentityHashMap<>();
    private final Map<String, Expr> rates = new HashMap<>();
    private final Map<String, SourcePos> ratePos = new HashMap<>();
    private final List<Model.Init> inits = new ArrayList<>();
    private final List<Expr.Call> randCalls = new ArrayList<>();
    private ModelSyntax.Grid grid;
    private ModelSyntax.Setting dt, h, steps;
    private ModelSyntax.Boundary boundary;
    private final Map<String, ModelSyntax.Dirichlet> dirichlet = new HashMap<>();
    private int radius;
    private int offsetDims;
    private SourcePos offsetPos;

    private ModelChecker(String name, ModelSyntax syntax) {
        this.name = name;
        this.syntax = syntax;
    }

    static Model check(String name, ModelSyntax syntax) {
        return new ModelChecker(name, syntax).check();
    }

    private Model check() {
        for (ModelSyntax.Statement s : syntax.statements()) {
            declare(s);
        }
        if (fields.isEmpty()) {
            throw new ModelException(new SourcePos(syntax.source(), 1, 1), "the model declares no fields: start with a line such as 'fields u v'");
        }
        for (ModelSyntax.Statement s : syntax.statements()) {
            define(s);
        }
        List<Expr> orderedRates = new ArrayList<>();
        for (String f : fields) {
            Expr rate = rates.get(f);
            if (rate == null) {
                throw new ModelException(fieldPos.get(f), "field " + f + " has no equation: add a line d" + f + "/dt = ...");
            }
            orderedRates.add(rate);
        }
        List<Double> dirichletValues = fields.stream().map(f -> dirichlet.containsKey(f) ? dirichlet.get(f).value() : 0.0).toList();
        return new Model(name, syntax.source(), syntax.text(), title(), fields, params, lets, orderedRates, inits,
                Optional.ofNullable(grid).map(ModelSyntax.Grid::sizes), dt != null ? dt.value() : 1.0, h != null ? h.value() : 1.0,
                steps != null ? (long) steps.value() : Model.DEFAULT_STEPS,
                Optional.ofNullable(boundary).map(this::boundarySpec), boundary != null ? boundary.pos() : null,
                dirichletValues, radius, offsetDims, offsetPos, randCalls);
    }

    /** The first sentence of the comment the file starts with (lines joined), or the model's name. */
    private String title() {
        StringBuilder comment = new StringBuilder();
        for (String line : syntax.text().lines().toList()) {
            String t = line.strip();
            if (!t.startsWith("#")) {
                if (!t.isEmpty() || comment.length() > 0) {
                    break;
                }
                continue;
            }
            comment.append(comment.length() > 0 ? " " : "").append(t.substring(1).strip());
        }
        String text = comment.toString().strip();
        if (text.isEmpty()) {
            return name;
        }
        int end = text.indexOf(". ");
        String sentence = end >= 0 ? text.substring(0, end + 1) : text;
        return sentence.endsWith(":") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    // ---- pass 1: declarations -------------------------------------------------------------------

    private void declare(ModelSyntax.Statement s) {
        switch (s) {
            case ModelSyntax.Fields f -> {
                for (ModelSyntax.Named n : f.names()) {
                    requireNewName(n, "field");
                    fields.add(n.name());
                    fieldPos.put(n.name(), n.pos());
                }
            }
            case ModelSyntax.Param p -> {
                requireNewName(p.name(), "parameter");
                Model.Param param = new Model.Param(p.name().name(), p.value(), p.name().pos());
                params.add(param);
                paramByName.put(param.name(), param);
            }
            case ModelSyntax.Grid g -> {
                once(grid, g, "grid");
                for (int size : g.sizes()) {
                    if (size < 3) {
                        throw new ModelException(g.pos(), "grid size " + size + " is too small: each size must be >= 3");
                    }
                }
                grid = g;
            }
            case ModelSyntax.Setting st -> {
                if (!(st.value() > 0) || !Double.isFinite(st.value())) {
                    throw new ModelException(st.pos(), st.name() + " = " + st.value() + " is not allowed: it must be a finite number > 0");
                }
                switch (st.name()) {
                    case "dt" -> {
                        once(dt, st, "dt");
                        dt = st;
                    }
                    case "h" -> {
                        once(h, st, "h");
                        h = st;
                    }
                    default -> {
                        once(steps, st, "steps");
                        if (st.value() != Math.rint(st.value()) || st.value() > 1e15) {
                            throw new ModelException(st.pos(), "steps = " + st.value() + " is not allowed: it must be a whole number of steps");
                        }
                        steps = st;
                    }
                }
            }
            case ModelSyntax.Boundary b -> {
                once(boundary, b, "boundary");
                boundary = b;
                boundarySpec(b); // checks kinds and values now
            }
            default -> {
                // defined in pass 2
            }
        }
    }

    private void once(ModelSyntax.Statement first, ModelSyntax.Statement again, String what) {
        if (first != null) {
            throw new ModelException(again.pos(), what + " is given twice (first at line " + first.pos().line() + ")");
        }
    }

    private void requireNewName(ModelSyntax.Named n, String what) {
        String id = n.name();
        if (BUILTINS.containsKey(id)) {
            throw new ModelException(n.pos(), "'" + id + "' cannot name a " + what + ": it is built in (" + BUILTINS.get(id) + ")");
        }
        if (FUNCTIONS.containsKey(id)) {
            throw new ModelException(n.pos(), "'" + id + "' cannot name a " + what + ": it is a function");
        }
        SourcePos earlier = fieldPos.containsKey(id) ? fieldPos.get(id)
                : paramByName.containsKey(id) ? paramByName.get(id).pos()
                : letByName.containsKey(id) ? letByName.get(id).pos() : null;
        if (earlier != null) {
            throw new ModelException(n.pos(), "'" + id + "' is already declared at line " + earlier.line() + ":" + earlier.column());
        }
    }

    private BoundarySpec boundarySpec(ModelSyntax.Boundary b) {
        List<AxisBoundary> axes = new ArrayList<>();
        for (ModelSyntax.AxisSpec a : b.axes()) {
            try {
                axes.add(AxisBoundary.parse(a.value() == null ? a.kind() : a.kind() + "=" + a.value()));
            } catch (IllegalArgumentException e) {
                throw new ModelException(a.pos(), e.getMessage());
            }
        }
        try {
            return new BoundarySpec(axes);
        } catch (IllegalArgumentException e) {
            throw new ModelException(b.pos(), e.getMessage());
        }
    }

    // ---- pass 2: definitions, in order ------------------------------------------------------------

    private void define(ModelSyntax.Statement s) {
        switch (s) {
            case ModelSyntax.Let l -> {
                requireNewName(l.name(), "let");
                Type t = type(l.expr(), new Scope(Context.EQUATION, null, Map.of()));
                Model.Let let = new Model.Let(l.name().name(), l.expr(), readsFields(l.expr(), Map.of()), l.name().pos());
                letTypes.put(let, t);
                lets.add(let);
                letByName.put(let.name(), let);
            }
            case ModelSyntax.Equation e -> {
                String f = e.field().name();
                if (!fieldPos.containsKey(f)) {
                    throw new ModelException(e.field().pos(), "d" + f + "/dt: '" + f + "' is not a field" + Suggestions.didYouMean(f, fields)
                            + "; fields: " + String.join(", ", fields));
                }
                if (rates.containsKey(f)) {
                    throw new ModelException(e.pos(), "field " + f + " has two equations (first at line " + ratePos.get(f).line() + ")");
                }
                requireNumber(e.rate(), new Scope(Context.EQUATION, null, Map.of()), "the rate d" + f + "/dt");
                rates.put(f, e.rate());
                ratePos.put(f, e.pos());
            }
            case ModelSyntax.Dirichlet d -> {
                String f = d.field().name();
                if (!fieldPos.containsKey(f)) {
                    throw new ModelException(d.field().pos(), "dirichlet " + f + ": '" + f + "' is not a field"
                            + Suggestions.didYouMean(f, fields) + "; fields: " + String.join(", ", fields));
                }
                if (dirichlet.containsKey(f)) {
                    throw new ModelException(d.pos(), "the Dirichlet value of " + f + " is given twice (first at line "
                            + dirichlet.get(f).pos().line() + ")");
                }
                dirichlet.put(f, d);
            }
            case ModelSyntax.Init i -> inits.add(init(i));
            default -> {
                // declared in pass 1
            }
        }
    }

    private Model.Init init(ModelSyntax.Init block) {
        String initName = block.name().name();
        for (Model.Init other : inits) {
            if (other.name().equals(initName)) {
                throw new ModelException(block.name().pos(), "init '" + initName + "' is defined twice (first at line " + other.pos().line() + ")");
            }
        }
        Map<String, Model.Let> local = new LinkedHashMap<>();
        Map<String, Expr> values = new HashMap<>();
        for (ModelSyntax.InitItem item : block.items()) {
            Scope scope = new Scope(Context.INIT, initName, local);
            switch (item) {
                case ModelSyntax.Let l -> {
                    requireNewName(l.name(), "let");
                    if (local.containsKey(l.name().name())) {
                        throw new ModelException(l.name().pos(), "'" + l.name().name() + "' is already declared at line "
                                + local.get(l.name().name()).pos().line());
                    }
                    Type t = type(l.expr(), scope);
                    Model.Let let = new Model.Let(l.name().name(), l.expr(), false, l.name().pos());
                    letTypes.put(let, t);
                    local.put(let.name(), let);
                }
                case ModelSyntax.Assign a -> {
                    String f = a.field().name();
                    if (!fieldPos.containsKey(f)) {
                        throw new ModelException(a.field().pos(), "init '" + initName + "' sets '" + f + "', which is not a field"
                                + Suggestions.didYouMean(f, fields) + "; fields: " + String.join(", ", fields));
                    }
                    if (values.containsKey(f)) {
                        throw new ModelException(a.pos(), "init '" + initName + "' sets " + f + " twice");
                    }
                    requireNumber(a.value(), scope, "the initial value of " + f);
                    values.put(f, a.value());
                }
            }
        }
        List<Expr> ordered = new ArrayList<>();
        for (String f : fields) {
            if (!values.containsKey(f)) {
                throw new ModelException(block.name().pos(), "init '" + initName + "' does not set field " + f + ": add a line " + f + " = ...");
            }
            ordered.add(values.get(f));
        }
        return new Model.Init(initName, List.copyOf(local.values()), ordered, block.name().pos());
    }

    // ---- expressions ------------------------------------------------------------------------------

    private enum Context { EQUATION, INIT }

    /** Where an expression is: an equation (or global let), or init {@code initName} with its own lets. */
    private record Scope(Context context, String initName, Map<String, Model.Let> localLets) {
        String where() {
            return context == Context.INIT ? "init '" + initName + "'" : "an equation";
        }
    }

    private void requireNumber(Expr e, Scope scope, String what) {
        if (type(e, scope) != Type.NUMBER) {
            throw new ModelException(e.pos(), what + " must be a number, not a condition: use c ? a : b to choose between numbers");
        }
    }

    private void requireCondition(Expr e, Scope scope, String what) {
        if (type(e, scope) != Type.CONDITION) {
            throw new ModelException(e.pos(), what + " must be a condition (a comparison such as a < b), not a number");
        }
    }

    private Type type(Expr e, Scope scope) {
        return switch (e) {
            case Expr.Num n -> Type.NUMBER;
            case Expr.Name n -> typeOfName(n, scope);
            case Expr.Neighbour n -> neighbour(n, scope);
            case Expr.Call c -> call(c, scope);
            case Expr.Unary u -> {
                if (u.op().equals("!")) {
                    requireCondition(u.operand(), scope, "the operand of !");
                    yield Type.CONDITION;
                }
                requireNumber(u.operand(), scope, "the operand of unary " + u.op());
                yield Type.NUMBER;
            }
            case Expr.Binary b -> binary(b, scope);
            case Expr.Conditional c -> {
                requireCondition(c.condition(), scope, "the condition before ?");
                Type a = type(c.ifTrue(), scope), b = type(c.ifFalse(), scope);
                if (a != b) {
                    throw new ModelException(c.pos(), "the two branches of ?: must both be numbers or both conditions");
                }
                yield a;
            }
        };
    }

    private Type binary(Expr.Binary b, Scope scope) {
        switch (b.op()) {
            case "&&", "||" -> {
                requireCondition(b.left(), scope, "the left operand of " + b.op());
                requireCondition(b.right(), scope, "the right operand of " + b.op());
                return Type.CONDITION;
            }
            case "<", "<=", ">", ">=", "==", "!=" -> {
                requireNumber(b.left(), scope, "the left operand of " + b.op());
                requireNumber(b.right(), scope, "the right operand of " + b.op());
                return Type.CONDITION;
            }
            default -> {
                requireNumber(b.left(), scope, "the left operand of " + b.op());
                requireNumber(b.right(), scope, "the right operand of " + b.op());
                if (b.op().equals("/")) {
                    Double divisor = constantValue(b.right(), scope);
                    if (divisor != null && divisor == 0) {
                        throw new ModelException(b.pos(), "division by zero: the divisor " + ExprText.of(b.right())
                                + " is 0 (with the model's parameter values)");
                    }
                }
                return Type.NUMBER;
            }
        }
    }

    private Type typeOfName(Expr.Name n, Scope scope) {
        String id = n.name();
        if (fieldPos.containsKey(id)) {
            requireFieldsReadable(n.pos(), "field " + id, scope);
            return Type.NUMBER;
        }
        if (paramByName.containsKey(id) || BUILTINS.containsKey(id)) {
            return Type.NUMBER;
        }
        Model.Let let = scope.localLets().containsKey(id) ? scope.localLets().get(id) : letByName.get(id);
        if (let != null) {
            if (let.readsFields()) {
                requireFieldsReadable(n.pos(), "let " + id + " (line " + let.pos().line() + ") reads fields and", scope);
            }
            return letTypes.get(let);
        }
        if (FUNCTIONS.containsKey(id)) {
            throw new ModelException(n.pos(), "'" + id + "' is a function: call it as " + id + "(" + argsHint(id) + ")");
        }
        Set<String> known = new LinkedHashSet<>(fields);
        paramByName.keySet().forEach(known::add);
        letByName.keySet().forEach(known::add);
        known.addAll(scope.localLets().keySet());
        known.addAll(BUILTINS.keySet());
        throw new ModelException(n.pos(), "unknown name '" + id + "'" + Suggestions.didYouMean(id, known) + "; fields: "
                + String.join(", ", fields) + "; parameters: " + (params.isEmpty() ? "none" : String.join(", ", paramByName.keySet().stream().sorted().toList())));
    }

    private static String argsHint(String function) {
        return switch (FUNCTIONS.get(function)) {
            case 0 -> "";
            case 1 -> function.equals("lap") ? "FIELD" : "a";
            default -> "a, b";
        };
    }

    private void requireFieldsReadable(SourcePos pos, String what, Scope scope) {
        if (scope.context() == Context.INIT) {
            throw new ModelException(pos, what + " has no value in an initial condition (" + scope.where()
                    + "): use parameters, positions (x y z ix iy iz), nx ny nz, dt, h, pi and rand()");
        }
    }

    private Type neighbour(Expr.Neighbour n, Scope scope) {
        if (!fieldPos.containsKey(n.field())) {
            throw new ModelException(n.pos(), "'" + n.field() + "[...]' reads a neighbour, but '" + n.field() + "' is not a field"
                    + Suggestions.didYouMean(n.field(), fields) + "; fields: " + String.join(", ", fields));
        }
        requireFieldsReadable(n.pos(), "field " + n.field(), scope);
        int components = n.offsets().size();
        if (components != 2 && components != 3) {
            throw new ModelException(n.pos(), "offset " + n.offsets() + " of " + n.field() + " has " + components
                    + " component(s): write f[dx,dy] in 2D or f[dx,dy,dz] in 3D (x first)");
        }
        if (offsetDims == 0) {
            offsetDims = components;
            offsetPos = n.pos();
        } else if (components != offsetDims) {
            throw new ModelException(n.pos(), "offset " + ExprText.of(n) + " has " + components + " components but the one at line "
                    + offsetPos.line() + ":" + offsetPos.column() + " has " + offsetDims + ": a model is either 2D (f[dx,dy]) or 3D (f[dx,dy,dz])");
        }
        for (int o : n.offsets()) {
            if (Math.abs(o) > Model.MAX_RADIUS) {
                throw new ModelException(n.pos(), "offset " + o + " in " + ExprText.of(n) + " is beyond the ghost layer: offsets must be within -"
                        + Model.MAX_RADIUS + ".." + Model.MAX_RADIUS);
            }
            radius = Math.max(radius, Math.abs(o));
        }
        return Type.NUMBER;
    }

    private Type call(Expr.Call c, Scope scope) {
        String fn = c.function();
        Integer arity = FUNCTIONS.get(fn);
        if (arity == null) {
            throw new ModelException(c.pos(), "unknown function '" + fn + "'" + Suggestions.didYouMean(fn, FUNCTIONS.keySet())
                    + "; functions: " + String.join(", ", FUNCTIONS.keySet()));
        }
        if (c.args().size() != arity) {
            throw new ModelException(c.pos(), fn + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + " (" + fn + "("
                    + argsHint(fn) + ")), not " + c.args().size());
        }
        if (fn.equals("lap")) {
            if (!(c.args().getFirst() instanceof Expr.Name n) || !fieldPos.containsKey(n.name())) {
                String arg = ExprText.of(c.args().getFirst());
                throw new ModelException(c.args().getFirst().pos(), "lap takes a field name, not '" + arg + "'"
                        + Suggestions.didYouMean(arg, fields) + "; fields: " + String.join(", ", fields));
            }
            requireFieldsReadable(c.pos(), "lap(" + n.name() + ")", scope);
            radius = Math.max(radius, 1);
            return Type.NUMBER;
        }
        if (fn.equals("rand")) {
            randCalls.add(c);
            return Type.NUMBER;
        }
        for (Expr a : c.args()) {
            requireNumber(a, scope, "the argument of " + fn);
        }
        return Type.NUMBER;
    }

    /** Whether {@code e} depends on a field's values (directly or through lets). */
    private boolean readsFields(Expr e, Map<String, Model.Let> localLets) {
        return switch (e) {
            case Expr.Num n -> false;
            case Expr.Name n -> fieldPos.containsKey(n.name())
                    || (localLets.containsKey(n.name()) ? localLets.get(n.name()).readsFields()
                    : letByName.containsKey(n.name()) && letByName.get(n.name()).readsFields());
            case Expr.Neighbour n -> true;
            case Expr.Call c -> c.function().equals("lap") || c.args().stream().anyMatch(a -> readsFields(a, localLets));
            case Expr.Unary u -> readsFields(u.operand(), localLets);
            case Expr.Binary b -> readsFields(b.left(), localLets) || readsFields(b.right(), localLets);
            case Expr.Conditional c -> readsFields(c.condition(), localLets) || readsFields(c.ifTrue(), localLets)
                    || readsFields(c.ifFalse(), localLets);
        };
    }

    /**
     * The value of an expression of numbers, parameters (their defaults), dt, h, pi and such lets, or
     * null if it depends on anything else (fields, positions, the grid size, noise). Only for the
     * division check: the code generator evaluates constants its own way, with the run's values.
     */
    private Double constantValue(Expr e, Scope scope) {
        return switch (e) {
            case Expr.Num n -> n.value();
            case Expr.Name n -> switch (n.name()) {
                case "dt" -> dt != null ? dt.value() : 1.0;
                case "h" -> h != null ? h.value() : 1.0;
                case "pi" -> Math.PI;
                default -> {
                    if (paramByName.containsKey(n.name())) {
                        yield paramByName.get(n.name()).value();
                    }
                    Model.Let let = scope.localLets().containsKey(n.name()) ? scope.localLets().get(n.name()) : letByName.get(n.name());
                    yield let != null ? constantValue(let.expr(), scope) : null;
                }
            };
            case Expr.Unary u -> {
                Double a = constantValue(u.operand(), scope);
                yield a == null || u.op().equals("!") ? null : u.op().equals("-") ? -a : a;
            }
            case Expr.Binary b -> {
                Double l = constantValue(b.left(), scope), r = constantValue(b.right(), scope);
                if (l == null || r == null) {
                    yield null;
                }
                yield switch (b.op()) {
                    case "+" -> l + r;
                    case "-" -> l - r;
                    case "*" -> l * r;
                    case "/" -> l / r;
                    default -> null;
                };
            }
            case Expr.Call c -> {
                if (c.args().size() != 1 || c.function().equals("lap")) {
                    yield null;
                }
                Double a = constantValue(c.args().getFirst(), scope);
                yield a == null ? null : switch (c.function()) {
                    case "abs" -> Math.abs(a);
                    case "sqrt" -> Math.sqrt(a);
                    case "exp" -> Math.exp(a);
                    case "floor" -> Math.floor(a);
                    default -> null;
                };
            }
            default -> null;
        };
    }
}
