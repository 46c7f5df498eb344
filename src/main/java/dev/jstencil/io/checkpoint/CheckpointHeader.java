package dev.jstencil.io.checkpoint;

import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a checkpoint says about the run it was taken from: everything that decides the next steps'
 * values (the model's text, parameters, grid, boundaries, precision, dt, h, seed, subnormal flushing)
 * and where the run was (step, time = step * dt). How the run was initialised, its thread count,
 * backend and output settings are left out: they do not change the values, so a restart may change them.
 *
 * <p>Stored as UTF-8 text, one {@code key=value} line each, values escaped ({@code \\}, {@code \n},
 * {@code \r}); numbers as Java writes them (a double's shortest exact decimal), so they read back
 * exactly. Unknown keys are ignored, so a later version may add some without a format change.
 */
public record CheckpointHeader(String modelName, String modelText, List<String> fields, Map<String, Double> params,
                               GridShape grid, String boundaries, Precision precision, long step, double time, double dt,
                               double h, long seed, boolean flushSubnormals) {
    public CheckpointHeader {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelText, "modelText");
        fields = List.copyOf(fields);
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(boundaries, "boundaries");
        Objects.requireNonNull(precision, "precision");
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint holds at least one field");
        }
        if (step < 0) {
            throw new IllegalArgumentException("step " + step + " must be >= 0");
        }
    }

    private static final String PARAM = "param.";

    /** The header as text, one key=value line each. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        line(sb, "model", modelName);
        line(sb, "model_text", modelText);
        line(sb, "fields", String.join(",", fields));
        params.forEach((name, value) -> line(sb, PARAM + name, Double.toString(value)));
        line(sb, "grid", grid.toString());
        line(sb, "boundaries", boundaries);
        line(sb, "precision", precision.cliName());
        line(sb, "step", Long.toString(step));
        line(sb, "time", Double.toString(time));
        line(sb, "dt", Double.toString(dt));
        line(sb, "h", Double.toString(h));
        line(sb, "seed", Long.toString(seed));
        line(sb, "flush_subnormals", Boolean.toString(flushSubnormals));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        sb.append('\n');
    }

    /** Reads {@link #toText()}'s output; a missing or malformed value is an IllegalArgumentException naming the key. */
    public static CheckpointHeader parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        Map<String, Double> params = new LinkedHashMap<>();
        for (String l : text.split("\n")) {
            if (l.isEmpty()) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("header line '" + abbreviate(l) + "' is not key=value");
            }
            String key = l.substring(0, eq), value = unescape(l.substring(eq + 1));
            if (key.startsWith(PARAM)) {
                params.put(key.substring(PARAM.length()), number(key, value));
            } else {
                kv.put(key, value);
            }
        }
        String fieldList = required(kv, "fields");
        return new CheckpointHeader(required(kv, "model"), required(kv, "model_text"),
                fieldList.isEmpty() ? List.of() : Arrays.asList(fieldList.split(",")), params, grid(required(kv, "grid")),
                required(kv, "boundaries"), precision(required(kv, "precision")), integer(kv, "step"),
                number("time", required(kv, "time")), number("dt", required(kv, "dt")), number("h", required(kv, "h")),
                integer(kv, "seed"), bool(required(kv, "flush_subnormals")));
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case '\\' -> '\\';
                    default -> throw new IllegalArgumentException("header has an unknown escape \\" + e);
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String required(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("header lacks '" + key + "'");
        }
        return v;
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header value " + key + " = '" + abbreviate(value) + "' is not a number");
        }
    }

    private static long integer(Map<String, String> kv, String key) {
        String value = required(kv, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header value " + key + " = '" + abbreviate(value) + "' is not an integer");
        }
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("header value flush_subnormals = '" + abbreviate(value) + "' is not true or false");
        };
    }

    private static Precision precision(String value) {
        for (Precision p : Precision.values()) {
            if (p.cliName().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("header value precision = '" + abbreviate(value) + "' is not f64 or f32");
    }

    private static GridShape grid(String value) {
        String[] parts = value.split("x");
        int[] sizes = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                sizes[i] = Integer.parseInt(parts[i]);
            }
            return GridShape.of(sizes);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new IllegalArgumentException("header value grid = '" + abbreviate(value) + "' is not a grid (NXxNY or NXxNYxNZ)");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /**
     * What differs between this checkpoint and a run that would continue from it, as "grid 64x64, this
     * run 128x128" phrases; empty if the run can continue it bit for bit. {@code run} is the header the
     * run would write (its step and time are not compared).
     */
    public List<String> differences(CheckpointHeader run) {
        List<String> d = new ArrayList<>();
        if (!modelName.equals(run.modelName)) {
            d.add("model " + modelName + ", this run " + run.modelName);
        } else if (!modelText.equals(run.modelText)) {
            d.add("model " + modelName + " has a different text (" + firstDifference(modelText, run.modelText) + ")");
        }
        if (!fields.equals(run.fields)) {
            d.add("fields " + String.join(", ", fields) + ", this run " + String.join(", ", run.fields));
        }
        if (!grid.equals(run.grid)) {
            d.add("grid " + grid + ", this run " + run.grid);
        }
        if (!boundaries.equals(run.boundaries)) {
            d.add("boundaries " + boundaries + ", this run " + run.boundaries);
        }
        if (precision != run.precision) {
            d.add("precision " + precision.cliName() + ", this run " + run.precision.cliName());
        }
        if (!params.equals(run.params)) {
            List<String> names = new ArrayList<>(params.keySet());
            run.params.keySet().stream().filter(n -> !params.containsKey(n)).forEach(names::add);
            for (String n : names) {
                Double a = params.get(n), b = run.params.get(n);
                if (!Objects.equals(a, b)) {
                    d.add("parameter " + n + " = " + (a == null ? "(none)" : a) + ", this run " + (b == null ? "(none)" : b));
                }
            }
        }
        if (Double.compare(dt, run.dt) != 0) {
            d.add("dt " + dt + ", this run " + run.dt);
        }
        if (Double.compare(h, run.h) != 0) {
            d.add("h " + h + ", this run " + run.h);
        }
        if (seed != run.seed) {
            d.add("seed " + seed + ", this run " + run.seed);
        }
        if (flushSubnormals != run.flushSubnormals) {
            d.add("flush-subnormals " + (flushSubnormals ? "on" : "off") + ", this run " + (run.flushSubnormals ? "on" : "off"));
        }
        return d;
    }

    /** "line 3: 'param F = 0.037' vs 'param F = 0.04'" for two texts that differ. */
    private static String firstDifference(String a, String b) {
        List<String> la = a.lines().toList(), lb = b.lines().toList();
        for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
            String x = i < la.size() ? la.get(i) : "(end)", y = i < lb.size() ? lb.get(i) : "(end)";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": '" + abbreviate(x) + "' in the checkpoint, '" + abbreviate(y) + "' in this run";
            }
        }
        return "in line endings or trailing text";
    }
}
