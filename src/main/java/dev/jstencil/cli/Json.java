package dev.jstencil.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** A one-line JSON object with fields in insertion order; numbers, strings, booleans only. */
final class Json {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** Rounds to {@code decimals} places, so a timing does not print 17 noisy digits. */
    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    Json put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(escape(k)).append("\":").append(value(v));
        });
        return sb.append('}').toString();
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d.toString() : "null"; // Double.toString is valid JSON (1.5, 2.0E-5)
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return '"' + escape(String.valueOf(v)) + '"';
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
