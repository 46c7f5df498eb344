package dev.jstencil.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What every run of a sweep does.
 *
 * @param fields the model's fields, in order (the CSV's columns)
 * @param mapField the field the mosaic and the pattern label show
 * @param keepFields a directory for each run's final fields as {@code <index>-<field>.npy}, or null
 */
public record SweepSpec(ParameterGrid grid, RunFactory factory, long steps, List<String> fields, String mapField, Path keepFields) {
    public SweepSpec {
        Objects.requireNonNull(grid);
        Objects.requireNonNull(factory);
        fields = List.copyOf(fields);
        if (!fields.contains(mapField)) {
            throw new IllegalArgumentException("field '" + mapField + "' is not one of " + fields);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("--steps " + steps + " is not allowed: use a step count >= 0");
        }
    }
}
