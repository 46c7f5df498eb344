package dev.jstencil.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code runs.csv}: one row per run, by index: the varied values, status, steps done (a failed run's: the step
 * it failed at), seconds, the pattern label, each field's mean, min and max, and a failure's cause. Only the
 * seconds differ between a resumed sweep and an uninterrupted one.
 */
public final class RunsCsv {
    private RunsCsv() {
    }

    public static String text(ParameterGrid grid, List<String> fields, List<SweepResult> results) {
        StringBuilder sb = new StringBuilder("index");
        grid.names().forEach(n -> sb.append(',').append(n));
        sb.append(",status,steps,seconds,pattern");
        fields.forEach(f -> sb.append(',').append(f).append("_mean,").append(f).append("_min,").append(f).append("_max"));
        sb.append(",cause\n");
        for (SweepResult r : results) {
            sb.append(r.index());
            for (double v : r.values()) {
                sb.append(',').append(Axis.text(v));
            }
            sb.append(',').append(r.status().text()).append(',').append(r.steps()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", r.seconds())).append(',').append(r.pattern());
            for (String f : fields) {
                FieldStats s = r.stats().stream().filter(x -> x.field().equals(f)).findFirst().orElse(null);
                sb.append(s == null ? ",,," : "," + s.mean() + "," + s.min() + "," + s.max());
            }
            sb.append(',').append(quoted(r.cause())).append('\n');
        }
        return sb.toString();
    }

    public static void write(Path file, ParameterGrid grid, List<String> fields, List<SweepResult> results) throws IOException {
        ResultStore.writeAtomically(file, text(grid, fields, results).getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String s) {
        return s.isEmpty() || s.matches("[^,\"]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
