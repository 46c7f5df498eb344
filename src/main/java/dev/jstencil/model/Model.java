package dev.jstencil.model;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.model.language.ModelReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked model: fields, parameters with their defaults, one rate expression per field (forward
 * Euler: next = cur + dt*rate, every field from the same current state), named initial conditions,
 * and the defaults of a run (grid, dt, h, boundaries, per-field Dirichlet values). Immutable; parameters
 * are values a run may change ({@code --set}), not part of the compiled kernel.
 *
 * <p>Made by {@link #parse}, {@link #load}, {@link #builtin} or {@link #builder}; every way checks
 * the model completely and reports the first problem as a {@link ModelException} with file:line:column.
 */
public final class Model {
    /** Largest neighbour offset along any axis: the ghost layer's width is the model's radius, at most this. */
    public static final int MAX_RADIUS = 4;
    /** Steps of a run when neither the model ({@code steps = N}) nor the user says. */
    public static final long DEFAULT_STEPS = 1000;

    /** A parameter and its default value. */
    public record Param(String name, double value, SourcePos pos) {
    }

    /** A named subexpression ({@code let}); {@code readsFields} if it depends on a field's values. */
    public record Let(String name, Expr expr, boolean readsFields, SourcePos pos) {
    }

    /** A named initial condition: its lets (in order) and one value expression per field, in field order. */
    public record Init(String name, List<Let> lets, List<Expr> values, SourcePos pos) {
        public Init {
            lets = List.copyOf(lets);
            values = List.copyOf(values);
        }
    }

    private final String name;
    private final String source;
    private final String text;
    private final String title;
    private final List<String> fields;
    private final List<Param> params;
    private final List<Let> lets;
    private final List<Expr> rates;
    private final List<Init> inits;
    private final Optional<List<Integer>> grid;
    private final double dt;
    private final double h;
    private final long steps;
    private final Optional<BoundarySpec> boundary;
    private final SourcePos boundaryPos;
    private final List<Double> dirichlet;
    private final int radius;
    private final int offsetDims;
    private final SourcePos offsetPos;
    private final List<Expr.Call> randCalls;

    Model(String name, String source, String text, String title, List<String> fields, List<Param> params, List<Let> lets,
          List<Expr> rates, List<Init> inits, Optional<List<Integer>> grid, double dt, double h, long steps,
          Optional<BoundarySpec> boundary, SourcePos boundaryPos, List<Double> dirichlet, int radius, int offsetDims,
          SourcePos offsetPos, List<Expr.Call> randCalls) {
        this.name = name;
        this.source = source;
        this.text = text;
        this.title = title;
        this.fields = List.copyOf(fields);
        this.params = List.copyOf(params);
        this.lets = List.copyOf(lets);
        this.rates = List.copyOf(rates);
        this.inits = List.copyOf(inits);
        this.grid = grid.map(List::copyOf);
        this.dt = dt;
        this.h = h;
        this.steps = steps;
        this.boundary = boundary;
        this.boundaryPos = boundaryPos;
        this.dirichlet = List.copyOf(dirichlet);
        this.radius = radius;
        this.offsetDims = offsetDims;
        this.offsetPos = offsetPos;
        this.randCalls = List.copyOf(randCalls);
    }

    /** Parses and checks model text; {@code source} names it in messages (e.g. a path). */
    public static Model parse(String source, String text) {
        Objects.requireNonNull(text, "text");
        return ModelChecker.check(nameOf(source), ModelReader.parse(source, text));
    }

    /** Parses and checks model text under a given model name. */
    static Model parse(String name, String source, String text) {
        return ModelChecker.check(name, ModelReader.parse(source, text));
    }

    /** Reads and checks a model file; its name is the file name without extension. */
    public static Model load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model file " + file + " does not exist (built-in models: "
                    + String.join(", ", BuiltinModels.names()) + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("model file " + file + " cannot be read: " + e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("model file " + file + " cannot be read: " + e.getCause());
        }
        return ModelChecker.check(nameOf(file.getFileName().toString()), ModelReader.parse(file.toString(), text));
    }

    /** A model shipped in the jar ({@link BuiltinModels#names()}). */
    public static Model builtin(String name) {
        return BuiltinModels.load(name);
    }

    /** A built-in model by name, or else a model file at that path (the CLI's MODEL argument). */
    public static Model resolve(String nameOrPath) {
        if (BuiltinModels.names().contains(nameOrPath)) {
            return builtin(nameOrPath);
        }
        return load(Path.of(nameOrPath));
    }

    /** A model written in Java, one declaration per call (the expressions are model-language text). */
    public static ModelBuilder builder(String name) {
        return new ModelBuilder(name);
    }

    private static String nameOf(String source) {
        String base = source.substring(source.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    public String name() {
        return name;
    }

    /** Where the text came from: a file path, "builtin:NAME" or "java:NAME". */
    public String source() {
        return source;
    }

    /** The model's text as written. */
    public String text() {
        return text;
    }

    /** The first comment line of the file, or the name. */
    public String title() {
        return title;
    }

    public List<String> fields() {
        return fields;
    }

    /** Index of a field, or -1. */
    public int fieldIndex(String field) {
        return fields.indexOf(field);
    }

    public List<Param> params() {
        return params;
    }

    /** Index of a parameter, or -1. */
    public int paramIndex(String param) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(param)) {
                return i;
            }
        }
        return -1;
    }

    /** The parameters' default values, in declaration order. */
    public double[] defaultParams() {
        return params.stream().mapToDouble(Param::value).toArray();
    }

    /** Global lets in order (an equation or init may use those defined before it). */
    public List<Let> lets() {
        return lets;
    }

    /** The rate expression of each field, in field order. */
    public List<Expr> rates() {
        return rates;
    }

    /** Named initial conditions; the first is the default. Empty if the model has none (fields start at 0). */
    public List<Init> inits() {
        return inits;
    }

    public Optional<Init> init(String initName) {
        return inits.stream().filter(i -> i.name().equals(initName)).findFirst();
    }

    /** The model's default grid (2 or 3 sizes, x first), if it states one. */
    public Optional<List<Integer>> grid() {
        return grid;
    }

    /** The dimension of the model's own grid: its stated grid's, else that of its explicit offsets, else 2. */
    public int ownDims() {
        return grid.map(List::size).orElse(offsetDims == 3 ? 3 : 2);
    }

    /** Default time step. */
    public double dt() {
        return dt;
    }

    /** Default grid spacing. */
    public double h() {
        return h;
    }

    /** Default number of steps of a run. */
    public long steps() {
        return steps;
    }

    /** The model's default boundaries, if it states them (periodic otherwise). */
    public Optional<BoundarySpec> boundary() {
        return boundary;
    }

    /** Where the boundary statement is (for messages), or null. */
    public SourcePos boundaryPos() {
        return boundaryPos;
    }

    /** Each field's Dirichlet value (used on a Dirichlet axis that gives none); 0 unless the model says. */
    public List<Double> dirichlet() {
        return dirichlet;
    }

    /** The largest neighbour offset any equation reads along any axis (lap reads 1); 0 if none. */
    public int radius() {
        return radius;
    }

    /** 2 or 3 if the model writes neighbours with explicit offsets (which fixes its dimension); 0 otherwise. */
    public int offsetDims() {
        return offsetDims;
    }

    /** The first explicit offset (for messages), or null. */
    public SourcePos offsetPos() {
        return offsetPos;
    }

    /** Every {@code rand()} in the text, in the order written: its index is its noise stream. */
    public List<Expr.Call> randCalls() {
        return randCalls;
    }

    /** The noise stream of one {@code rand()} call. */
    public int streamOf(Expr.Call rand) {
        int i = randCalls.indexOf(rand);
        if (i < 0) {
            throw new IllegalArgumentException("not a rand() of this model: " + rand);
        }
        return i;
    }

    @Override
    public String toString() {
        return "Model[" + name + ", fields " + fields + ", from " + source + "]";
    }
}
