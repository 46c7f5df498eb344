package dev.jstencil.parallel;

/** A band failed at a step; the whole run stopped. Carries the step, the band and the original cause. */
public class StepFailedException extends RuntimeException {
    private final long step;
    private final Band band;

    public StepFailedException(long step, Band band, Throwable cause) {
        super("step " + step + " failed in " + band + ": " + cause, cause);
        this.step = step;
        this.band = band;
    }

    /** The 0-based step that failed (steps before it completed on every band). */
    public long step() {
        return step;
    }

    public Band band() {
        return band;
    }
}
