package dev.jstencil.sim;

/** A NaN or infinity appeared in a field: the run is numerically broken and stops. */
public class NonFiniteValueException extends RuntimeException {
    private final long step;

    public NonFiniteValueException(String message, long step) {
        super(message);
        this.step = step;
    }

    /** The step after which the value was found (1-based count of completed steps). */
    public long step() {
        return step;
    }
}
