package dev.jstencil.grid;

import dev.jstencil.util.CliNames;
import java.lang.foreign.ValueLayout;

/** Element type of a field. Names match the CLI and NumPy's dtype sizes. */
public enum Precision {
    F64(Double.BYTES, "<f8"),
    F32(Float.BYTES, "<f4");

    private final int bytes;
    private final String npyDescr;

    Precision(int bytes, String npyDescr) {
        this.bytes = bytes;
        this.npyDescr = npyDescr;
    }

    public int bytes() {
        return bytes;
    }

    /** NumPy dtype string (little-endian), as written into .npy headers. */
    public String npyDescr() {
        return npyDescr;
    }

    /** Unaligned layout: a ghost-cell neighbour at x±1 is never vector-aligned. */
    public ValueLayout layout() {
        return this == F64 ? ValueLayout.JAVA_DOUBLE_UNALIGNED : ValueLayout.JAVA_FLOAT_UNALIGNED;
    }

    public String cliName() {
        return CliNames.of(this);
    }

    public static Precision parse(String s) {
        return CliNames.parse(values(), "precision", s);
    }
}
