package dev.jstencil.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * One varied parameter: {@code count} values from {@code from} to {@code to}, both included, evenly spaced.
 * Values are rounded to 12 significant digits so that 0.01 + 3 steps of 0.02 is 0.07 and not
 * 0.07000000000000001: the CSV shows exactly the value the run was given.
 */
public record Axis(String name, double from, double to, int count) {
    /** More runs than this in one sweep is a typo, not a plan. */
    public static final int MAX_COUNT = 100_000;

    public Axis {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a varied parameter needs a name");
        }
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("--vary " + name + ": FROM and TO must be finite numbers, not " + from + ":" + to);
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("--vary " + name + ": COUNT " + count + " is not allowed: use 1.." + MAX_COUNT);
        }
        if (count == 1 && from != to) {
            throw new IllegalArgumentException("--vary " + name + "=" + from + ":" + to + ":1 has one value but two ends: use COUNT >= 2 "
                    + "or FROM = TO");
        }
    }

    /** {@code NAME=FROM:TO:COUNT}; an IllegalArgumentException names the text and the form. */
    public static Axis parse(String text) {
        String form = "--vary '" + text + "' is not NAME=FROM:TO:COUNT (e.g. F=0.01:0.07:16)";
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(form);
        }
        String[] parts = text.substring(eq + 1).split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(form);
        }
        try {
            return new Axis(text.substring(0, eq).trim(), Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(form);
        }
    }

    /** Value number {@code i}, 0-based. */
    public double value(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("value " + i + " of " + count);
        }
        double v = count == 1 ? from : from + (to - from) * i / (count - 1);
        return new BigDecimal(v).round(new MathContext(12)).doubleValue();
    }

    /** A value as the CSV shows it: every digit the run was given, without an exponent where it is short ("0.0333333333333"). */
    public static String text(double v) {
        String plain = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        return plain.length() <= 16 ? plain : Double.toString(v);
    }

    /** A value as a picture's label shows it: four significant digits ("0.03333", "1.2e-05"). */
    public static String label(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+(e|$)", "$1").replaceAll("e([-+])0*(\\d)", "e$1$2")
                .replace("e+", "e");
    }

    @Override
    public String toString() {
        return name + "=" + text(from) + ":" + text(to) + ":" + count;
    }
}
