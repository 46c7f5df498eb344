package dev.jstencil.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The models shipped in the jar, as model files under {@code /dev/jstencil/models/}. */
public final class BuiltinModels {
    /** Resource directory of the built-in model files. */
    public static final String DIRECTORY = "/dev/jstencil/models/";
    /** File extension of model files. */
    public static final String EXTENSION = ".model";
    private static final List<String> NAMES = List.of("gray-scott", "gray-scott-3d", "heat", "brusselator", "fitzhugh-nagumo", "advection");

    private BuiltinModels() {
    }

    public static List<String> names() {
        return NAMES;
    }

    /** The text of a built-in model file. */
    public static String text(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a built-in model" + Suggestions.didYouMean(name, NAMES)
                    + "; built-in models: " + String.join(", ", NAMES) + " (or give a model file's path)");
        }
        try (InputStream in = BuiltinModels.class.getResourceAsStream(DIRECTORY + name + EXTENSION)) {
            if (in == null) {
                throw new IllegalStateException("built-in model " + name + " is missing from the jar (" + DIRECTORY + name + EXTENSION + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading built-in model " + name, e);
        }
    }

    static Model load(String name) {
        return Model.parse(name, "builtin:" + name, text(name));
    }
}
