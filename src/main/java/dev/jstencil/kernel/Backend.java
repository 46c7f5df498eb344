package dev.jstencil.kernel;

import java.util.Arrays;
import java.util.Locale;

/** Which implementation of the Gray-Scott update runs. */
public enum Backend {
    /** Plain Java loops over the segments: the reference everything else is checked against. */
    SCALAR,
    /** {@code jdk.incubator.vector} on the segments; falls back to SCALAR when the module is absent. */
    VECTOR,
    /** The C kernel in native/, called through the Foreign Function API. */
    NATIVE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Backend parse(String s) {
        for (Backend b : values()) {
            if (b.cliName().equalsIgnoreCase(s)) {
                return b;
            }
        }
        throw new IllegalArgumentException("backend '" + s + "' is not one of "
                + Arrays.stream(values()).map(Backend::cliName).toList());
    }
}
