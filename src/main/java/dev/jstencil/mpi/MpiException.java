package dev.jstencil.mpi;

/** An MPI call failed, or MPI cannot be used here; the message says which call and why. */
public final class MpiException extends RuntimeException {
    public MpiException(String message) {
        super(message);
    }

    public MpiException(String message, Throwable cause) {
        super(message, cause);
    }
}
