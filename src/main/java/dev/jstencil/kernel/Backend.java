package dev.jstencil.kernel;

import dev.jstencil.util.CliNames;
import java.util.Locale;

/** Which implementation of a model's update runs. */
public enum Backend {
    /** The model's lowered formulas evaluated cell by cell: the reference every other backend is checked against. */
    INTERPRETED,
    /** A Vector API class generated for the model at run time; falls back to INTERPRETED when the module is absent. */
    VECTOR,
    /** C called through the Foreign Function API. */
    NATIVE;

    public String cliName() {
        return CliNames.of(this);
    }

    /** A backend by its CLI name; {@code scalar}, the interpreted backend's name before models, still works. */
    public static Backend parse(String s) {
        if (s.trim().toLowerCase(Locale.ROOT).equals("scalar")) {
            return INTERPRETED;
        }
        return CliNames.parse(values(), "backend", s);
    }
}
