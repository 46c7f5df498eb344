package dev.jstencil.cli;

import dev.jstencil.cli.settings.AdiosSettings;
import dev.jstencil.cli.settings.SettingsArguments;
import dev.jstencil.cli.settings.SettingsArguments.Argument;
import dev.jstencil.cli.settings.SettingsFile;
import dev.jstencil.cli.settings.SettingsKeys;
import dev.jstencil.cli.settings.SettingsOrigins;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code run --settings FILE} (and {@code sweep --settings FILE}): the file's keys become {@code --option=value} arguments placed before the
 * user's own, and the command is parsed and run again with them, so that file and command line are
 * validated by the same code. The command line wins: a single-valued option given there drops the
 * file's; repeatable ones (--set) add up, the file's first.
 */
final class SettingsRun {
    /** Options that are no keys: a settings file does not name another one, nor list keys. */
    static final Set<String> NOT_KEYS = Set.of("--settings", "--settings-keys", "--child-job", "--child-result");

    private SettingsRun() {
    }

    /**
     * The settings part of a command's call(): lists the keys, or runs the command again with the file's arguments
     * and returns its exit code; null when the command should run itself (then MODEL is there).
     *
     * @param reparsed whether this is already the run with the file's arguments
     */
    static Integer handle(CommandSpec spec, boolean listKeys, Path file, boolean reparsed, String model) {
        if (listKeys) {
            printKeys(spec);
            return Main.EXIT_OK;
        }
        if (file != null && !reparsed) {
            return run(spec, file, model != null);
        }
        if (model == null) {
            throw new ParameterException(spec.commandLine(),
                    "missing MODEL: give a built-in model's name (see 'jstencil models'), a model file, or \"model\" in --settings");
        }
        return null;
    }

    static int run(CommandSpec spec, Path file, boolean modelOnCommandLine) {
        SettingsArguments settings;
        try {
            settings = SettingsArguments.of(SettingsFile.read(file), spec, NOT_KEYS);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        List<String> args = new ArrayList<>(List.of(spec.name()));
        if (!modelOnCommandLine && settings.model() != null) {
            args.add(settings.model());
        }
        List<Argument> fromFile = new ArrayList<>();
        for (Argument a : settings.arguments()) {
            if (a.option().isMultiValue() || !given.hasMatchedOption(a.option())) {
                args.add(a.token());
                fromFile.add(a);
            }
        }
        args.addAll(userArguments(given.originalArgs(), spec.name()));

        PrintWriter err = spec.commandLine().getErr();
        settings.notes().forEach(n -> err.println("jstencil: note: " + n));
        err.flush();
        CommandLine again = Main.commandLine();
        again.setOut(spec.commandLine().getOut());
        again.setErr(err);
        SettingsOrigins origins = new SettingsOrigins(List.copyOf(fromFile));
        CommandSpec reparsed = again.getSubcommands().get(spec.name()).getCommandSpec();
        if (!(reparsed.mixins().get("settings") != null && reparsed.mixins().get("settings").userObject() instanceof SettingsOptions options)) {
            throw new IllegalStateException("command " + spec.name() + " takes no settings file");
        }
        options.origins = origins;
        var parameterErrors = again.getParameterExceptionHandler();
        again.setParameterExceptionHandler((e, a) -> parameterErrors.handleParseException(
                new ParameterException(e.getCommandLine(), origins.annotate(e.getMessage(), e.getArgSpec()), e), a));
        var executionErrors = again.getExecutionExceptionHandler();
        again.setExecutionExceptionHandler((e, c, parsed) -> executionErrors.handleExecutionException(
                e instanceof IllegalArgumentException ? new IllegalArgumentException(origins.annotate(e.getMessage(), null), e) : e, c, parsed));
        return again.execute(args.toArray(String[]::new));
    }

    /** The arguments after the subcommand's name (the original ones hold the whole command line). */
    private static List<String> userArguments(List<String> original, String command) {
        int at = original.indexOf(command);
        return original.subList(at + 1, original.size());
    }

    /** {@code --settings-keys}: each key with its JSON type and option. */
    static void printKeys(CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Keys of a 'jstencil " + spec.name() + " --settings FILE.json' file, a JSON object; options on the command line win over it.");
        out.printf("  %-22s %-8s %s%n", SettingsArguments.MODEL_KEY, "string", "MODEL (the model's name or file)");
        out.printf("  %-22s %-8s %s%n", SettingsArguments.PARAMETERS_KEY, "object", "{\"NAME\": number, ...}: --set NAME=VALUE each");
        new SettingsKeys(spec, NOT_KEYS).byKey().forEach((key, o) -> out.printf("  %-22s %-8s %s%n", key, SettingsKeys.jsonType(o),
                o.longestName() + (o.arity().max() == 0 ? "" : " " + o.paramLabel())));
        out.println("snake_case works too (temporal_blocking). ADIOS2 gray-scott settings keys: " + String.join(", ", AdiosSettings.KEYS)
                + " (README, \"Settings files\").");
        out.flush();
    }
}
