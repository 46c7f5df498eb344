package dev.jstencil.util;

import java.util.Arrays;
import java.util.Locale;

/** The command-line spelling of enum constants: lower-case names, matched ignoring case. */
public final class CliNames {
    private CliNames() {
    }

    /** {@code F64} -> {@code "f64"}. */
    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant whose CLI name is {@code text}, or an exception naming the value and what is
     * allowed: "{noun} '{text}' is not one of [a, b]".
     */
    public static <E extends Enum<E>> E parse(E[] values, String noun, String text) {
        for (E e : values) {
            if (of(e).equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException(noun + " '" + text + "' is not one of "
                + Arrays.stream(values).map(CliNames::of).toList());
    }
}
