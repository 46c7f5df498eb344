package dev.jstencil.model;

/**
 * A model that cannot be used: a syntax error, an unknown name, a missing equation, a bad offset...
 * The message is one line, {@code source:line:column: what is wrong and what is allowed}; bad input,
 * so it extends {@link IllegalArgumentException} (the CLI reports those in one line, exit code 2).
 */
public class ModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient SourcePos pos;

    public ModelException(SourcePos pos, String message) {
        super(pos + ": " + message);
        this.pos = pos;
    }

    /** Where the problem is. */
    public SourcePos pos() {
        return pos;
    }
}
