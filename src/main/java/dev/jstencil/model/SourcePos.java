package dev.jstencil.model;

/** Where something is in a model's text: the source's name (a file path or "builtin:NAME"), 1-based line and column. */
public record SourcePos(String source, int line, int column) {
    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
