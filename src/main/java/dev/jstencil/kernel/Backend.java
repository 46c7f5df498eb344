package dev.jstencil.kernel;

import dev.jstencil.util.CliNames;

/** Which implementation of the Gray-Scott update runs. */
public enum Backend {
    /** Plain Java loops over the segments: the reference everything else is checked against. */
    SCALAR,
    /** {@code jdk.incubator.vector} on the segments; falls back to SCALAR when the module is absent. */
    VECTOR,
    /** The C kernel in native/, called through the Foreign Function API. */
    NATIVE;

    public String cliName() {
        return CliNames.of(this);
    }

    public static Backend parse(String s) {
        return CliNames.parse(values(), "backend", s);
    }
}
