package dev.jstencil.cli.settings;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The keys a settings file may use for a command's options: each option's longest name without its
 * dashes ({@code --temporal-blocking} is {@code "temporal-blocking"}, also spelt
 * {@code "temporal_blocking"}). Read from the command's picocli model, mixins included, so that an
 * option added to the command is a key without more code.
 */
public final class SettingsKeys {
    private final Map<String, OptionSpec> options = new LinkedHashMap<>();

    /** The keys of {@code spec}'s options except help, version and the options named in {@code notKeys}. */
    public SettingsKeys(CommandSpec spec, Set<String> notKeys) {
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp() || notKeys.contains(o.longestName())) {
                continue;
            }
            options.put(keyOf(o), o);
        }
    }

    /** {@code --temporal-blocking} -> {@code temporal-blocking}. */
    public static String keyOf(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    /** The option a key names; snake_case is read as the dashed key. */
    public Optional<OptionSpec> option(String key) {
        OptionSpec o = options.get(key);
        return Optional.ofNullable(o != null ? o : options.get(key.replace('_', '-')));
    }

    /** Every key, in the command's option order. */
    public Collection<String> keys() {
        return Collections.unmodifiableSet(options.keySet());
    }

    /** The key's option (for listing keys with their value labels). */
    public Map<String, OptionSpec> byKey() {
        return Collections.unmodifiableMap(options);
    }

    static final Set<Class<?>> INTEGER_TYPES = Set.of(int.class, Integer.class, long.class, Long.class, short.class, Short.class);
    static final Set<Class<?>> NUMBER_TYPES = Set.of(double.class, Double.class, float.class, Float.class);

    /** The JSON type a key takes: boolean (a flag), integer, number or string, in [] when repeatable. */
    public static String jsonType(OptionSpec o) {
        if (o.arity().max() == 0) {
            return "boolean";
        }
        Class<?> t = valueType(o);
        String one = INTEGER_TYPES.contains(t) ? "integer" : NUMBER_TYPES.contains(t) ? "number" : "string";
        return o.isMultiValue() ? "[" + one + "]" : one;
    }

    /** The type of one value: the element type of a repeatable option. */
    static Class<?> valueType(OptionSpec o) {
        return o.isMultiValue() ? (o.auxiliaryTypes().length > 0 ? o.auxiliaryTypes()[0] : String.class) : o.type();
    }
}
