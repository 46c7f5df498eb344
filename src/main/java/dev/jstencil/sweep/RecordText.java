package dev.jstencil.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's record as {@code key=value} lines. Numbers are written by Double.toString, which reads back
 * to the same double, so a resumed sweep's CSV is the same text as an uninterrupted one's.
 */
final class RecordText {
    private RecordText() {
    }

    static String format(SweepResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("index=").append(r.index()).append('\n');
        sb.append("values=").append(String.join(",", Arrays.stream(r.values()).mapToObj(Double::toString).toList())).append('\n');
        sb.append("status=").append(r.status().text()).append('\n');
        sb.append("steps=").append(r.steps()).append('\n');
        sb.append("seconds=").append(r.seconds()).append('\n');
        sb.append("pattern=").append(r.pattern()).append('\n');
        sb.append("cause=").append(r.cause()).append('\n');
        for (FieldStats s : r.stats()) {
            sb.append("stats.").append(s.field()).append('=').append(s.mean()).append(',').append(s.min()).append(',').append(s.max())
                    .append('\n');
        }
        return sb.toString();
    }

    static SweepResult parse(String text, Path file) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            List<FieldStats> stats = new ArrayList<>();
            kv.forEach((k, v) -> {
                if (k.startsWith("stats.")) {
                    double[] s = numbers(v);
                    stats.add(new FieldStats(k.substring(6), s[0], s[1], s[2]));
                }
            });
            return new SweepResult(Integer.parseInt(kv.get("index")), numbers(kv.get("values")), SweepResult.Status.parse(kv.get("status")),
                    Long.parseLong(kv.get("steps")), Double.parseDouble(kv.get("seconds")), stats, kv.get("pattern"), kv.get("cause"), null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("run record " + file + " is damaged (" + e.getMessage() + "): delete it to run that point again", e);
        }
    }

    private static double[] numbers(String csv) {
        return csv.isEmpty() ? new double[0] : Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
