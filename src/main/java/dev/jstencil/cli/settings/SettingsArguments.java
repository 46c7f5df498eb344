package dev.jstencil.cli.settings;

import dev.jstencil.cli.settings.SettingsFile.Location;
import dev.jstencil.cli.settings.SettingsFile.Member;
import dev.jstencil.cli.settings.SettingsFile.NumberText;
import dev.jstencil.cli.settings.SettingsFile.Value;
import dev.jstencil.model.Suggestions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A settings file turned into command-line arguments of the command, so that picocli parses file and
 * command line alike: one place validates values and words errors. Each argument remembers its key and
 * location, so errors about a value from the file can point into the file ({@link SettingsOrigins}).
 *
 * @param model the file's "model" (the positional MODEL), or null
 * @param arguments one {@code --name=value} (or flag) token per value, in file order
 * @param notes one-line notes for stderr: what the file asked for that jstencil does differently
 */
public record SettingsArguments(String model, List<Argument> arguments, List<String> notes) {
    /** The key holding the positional MODEL. */
    public static final String MODEL_KEY = "model";
    /** The key holding the model's parameters as an object, {"F": 0.04}: each one a {@code --set NAME=VALUE}. */
    public static final String PARAMETERS_KEY = "parameters";
    /** The option that sets one model parameter. */
    static final String SET_OPTION = "--set";

    /**
     * One command-line token from the file.
     *
     * @param value the value as the command line gets it (NAME=VALUE for --set), or null for a flag
     */
    public record Argument(OptionSpec option, String token, String key, Location at, String value) {
    }

    /** The arguments of {@code file} for the command {@code spec}; an IllegalArgumentException names key, file:line:column and what is allowed. */
    public static SettingsArguments of(SettingsFile file, CommandSpec spec, Set<String> notKeys) {
        Builder b = new Builder(spec, new SettingsKeys(spec, notKeys));
        AdiosSettings adios = new AdiosSettings(file);
        for (Member m : file.members()) {
            if (m.key().equals(MODEL_KEY)) {
                b.model = b.text(m.key(), m.value(), "a model name or model file");
            } else if (m.key().equals(PARAMETERS_KEY)) {
                b.parameters(m);
            } else if (adios.handles(m)) {
                adios.apply(m, b);
            } else {
                OptionSpec o = b.keys.option(m.key()).orElseThrow(() -> unknownKey(m, b.keys, spec.name()));
                b.option(o, m.key(), m.value());
            }
        }
        if (b.model == null && adios.looksLikeAdios()) {
            b.model = AdiosSettings.MODEL;
            b.notes.add("settings file " + file.path() + " has ADIOS2 gray-scott keys and no \"model\": model " + AdiosSettings.MODEL);
        }
        adios.notes().forEach(b.notes::add);
        if (!b.missingOptions.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", b.missingOptions));
        }
        return new SettingsArguments(b.model, List.copyOf(b.arguments), List.copyOf(b.notes));
    }

    private static IllegalArgumentException unknownKey(Member m, SettingsKeys keys, String command) {
        Set<String> known = new TreeSet<>(keys.keys());
        known.add(MODEL_KEY);
        known.add(PARAMETERS_KEY);
        known.addAll(AdiosSettings.KEYS);
        return new IllegalArgumentException(m.keyAt() + ": settings key '" + m.key() + "' is not a key of '" + command + "'"
                + Suggestions.didYouMean(m.key(), known) + "; the keys are the long options without dashes (list: 'jstencil " + command
                + " --settings-keys')");
    }

    /** Collects arguments; also the entry point for {@link AdiosSettings}' aliases. */
    static final class Builder {
        private final CommandSpec spec;
        final SettingsKeys keys;
        private final List<Argument> arguments = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final List<String> missingOptions = new ArrayList<>();
        private String model;

        Builder(CommandSpec spec, SettingsKeys keys) {
            this.spec = spec;
            this.keys = keys;
        }

        void note(String note) {
            notes.add(note);
        }

        /**
         * {@code option=text} for an alias key; when this build's command has no such option, one entry of
         * the error that lists every key that needs a missing option.
         */
        void alias(String optionName, String text, String key, Location at) {
            OptionSpec o = spec.findOption(optionName);
            if (o == null) {
                missingOptions.add("settings key '" + key + "' (" + at + ") needs " + optionName + ", which this build does not have");
                return;
            }
            arguments.add(new Argument(o, optionName + "=" + text, key, at, text));
        }

        /** A "parameters" object: {@code --set NAME=VALUE} for each member, numbers only. */
        private void parameters(Member m) {
            if (!m.value().isObject()) {
                throw wrongType(m.key(), m.value(), "an object {\"NAME\": number, ...}", null);
            }
            for (Member p : m.value().members()) {
                parameter(p.key(), p.value(), PARAMETERS_KEY + "." + p.key());
            }
        }

        /** One model parameter: {@code --set NAME=VALUE}. */
        void parameter(String name, Value value, String key) {
            if (!(value.json() instanceof NumberText n)) {
                throw wrongType(key, value, "a number", null);
            }
            alias(SET_OPTION, name + "=" + n.text(), key, value.at());
        }

        /** The option's tokens for {@code value}, which must have the JSON type the option's Java type asks for. */
        void option(OptionSpec o, String key, Value value) {
            if (o.arity().max() == 0) { // a flag: true or false
                if (!(value.json() instanceof Boolean on)) {
                    throw wrongType(key, value, "true or false", o);
                }
                String name = o.longestName();
                if (on) {
                    arguments.add(new Argument(o, name, key, value.at(), null));
                } else if (o.negatable()) {
                    arguments.add(new Argument(o, name.replaceFirst("^--", "--no-"), key, value.at(), null));
                }
                return;
            }
            Class<?> element = SettingsKeys.valueType(o);
            if (!o.isMultiValue()) {
                add(o, key, value, scalar(o, element, key, value));
                return;
            }
            if (value.isObject()) { // {"F": 0.04} for a NAME=VALUE option such as --set
                for (Member m : value.members()) {
                    add(o, key + "." + m.key(), m.value(), m.key() + "=" + scalar(o, element, key + "." + m.key(), m.value()));
                }
            } else if (value.json() instanceof List<?>) {
                for (Value v : value.elements()) {
                    add(o, key, v, scalar(o, element, key, v));
                }
            } else {
                add(o, key, value, scalar(o, element, key, value));
            }
        }

        private void add(OptionSpec o, String key, Value value, String text) {
            // one token, --name=value, so that a value starting with '-' is never taken for an option
            arguments.add(new Argument(o, o.longestName() + "=" + text, key, value.at(), text));
        }

        /** A string value (a number is taken as written). */
        String text(String key, Value value, String expected) {
            return text(key, value, expected, null);
        }

        /** An integer (for --steps, --threads, ...) as written; 1e3 and 1000.0 count as the integer 1000. */
        BigInteger integer(String key, Value value, OptionSpec o) {
            if (value.json() instanceof NumberText n) {
                try {
                    return new BigDecimal(n.text()).toBigIntegerExact();
                } catch (ArithmeticException e) {
                    // a fraction: the message below
                }
            }
            throw wrongType(key, value, "an integer", o);
        }

        private String scalar(OptionSpec o, Class<?> type, String key, Value value) {
            if (SettingsKeys.INTEGER_TYPES.contains(type)) {
                BigInteger v = integer(key, value, o);
                long max = type == int.class || type == Integer.class ? Integer.MAX_VALUE : type == short.class || type == Short.class ? Short.MAX_VALUE
                        : Long.MAX_VALUE;
                if (v.abs().compareTo(BigInteger.valueOf(max)) > 0) {
                    throw new IllegalArgumentException(value.at() + ": settings key '" + key + "' is " + v + ", out of range for "
                            + o.longestName() + " (at most " + max + " in size)");
                }
                return v.toString();
            }
            if (SettingsKeys.NUMBER_TYPES.contains(type)) {
                if (value.json() instanceof NumberText n) {
                    return n.text();
                }
                throw wrongType(key, value, "a number", o);
            }
            return text(key, value, "a string" + (type == String.class ? " or a number" : ""), o);
        }

        private String text(String key, Value value, String expected, OptionSpec o) {
            return switch (value.json()) {
                case String s -> s;
                case NumberText n -> n.text();
                case null, default -> throw wrongType(key, value, expected, o);
            };
        }

        static IllegalArgumentException wrongType(String key, Value value, String expected, OptionSpec o) {
            String option = o == null ? "" : " (" + o.longestName() + (o.paramLabel().isEmpty() || o.arity().max() == 0 ? "" : " " + o.paramLabel()) + ")";
            return new IllegalArgumentException(value.at() + ": settings key '" + key + "' must be " + expected + option + ", not "
                    + value.kind() + (value.json() == null ? " (leave the key out for the default)" : ""));
        }
    }
}
