package dev.jstencil.sweep;

/** Mean, minimum and maximum of one field's interior at the end of a run. */
public record FieldStats(String field, double mean, double min, double max) {
    public static FieldStats of(String field, double[] values) {
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new FieldStats(field, sum / values.length, min, max);
    }
}
