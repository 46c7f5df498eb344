package dev.jstencil.kernel;

/** A backend cannot run in this JVM or on this machine; the message says why. */
public class KernelUnavailableException extends RuntimeException {
    public KernelUnavailableException(String message) {
        super(message);
    }

    public KernelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
