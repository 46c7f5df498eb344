package dev.jstencil.sweep;

import java.util.List;
import java.util.Locale;

/**
 * What one run of a sweep did. A failed run has its cause and the step it got to (a NaN's step, or 0 when
 * the run could not start); a cancelled run its steps so far. Stats, pattern and tile are those of the
 * final state and are absent unless it is {@link Status#OK}.
 */
public record SweepResult(int index, double[] values, Status status, long steps, double seconds, List<FieldStats> stats,
                          String pattern, String cause, Tile tile) {
    public enum Status {
        OK, FAILED, CANCELLED;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public SweepResult {
        stats = stats == null ? List.of() : List.copyOf(stats);
        cause = cause == null ? "" : cause.replace('\n', ' ').replace('\r', ' ');
        pattern = pattern == null ? "" : pattern;
    }

    public static SweepResult failed(SweepJob job, long step, double seconds, String cause) {
        return new SweepResult(job.index(), job.values(), Status.FAILED, step, seconds, List.of(), "", cause, null);
    }

    public static SweepResult cancelled(SweepJob job, long steps, double seconds) {
        return new SweepResult(job.index(), job.values(), Status.CANCELLED, steps, seconds, List.of(), "", "cancelled", null);
    }
}
