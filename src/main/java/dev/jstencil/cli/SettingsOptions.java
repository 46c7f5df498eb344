package dev.jstencil.cli;

import dev.jstencil.cli.settings.SettingsOrigins;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * MODEL and {@code --settings FILE.json}, {@code --settings-keys}: shared by the commands a settings file can
 * drive ('run', 'sweep'), with the handling of {@link SettingsRun}. A file may give MODEL, so it is optional here.
 */
final class SettingsOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "A built-in model's name or a model file's path (or the key \"model\" of --settings).")
    String modelName;

    @Option(names = "--settings", paramLabel = "FILE.json",
            description = "Options from a JSON object: each key is a long option without its dashes (\"steps\": 100, \"set\": "
                    + "{\"F\": 0.04}; for 'sweep' also \"vary\": [\"F=0.01:0.07:16\"], \"out\": \"DIR\"), see --settings-keys; options on "
                    + "the command line win. ADIOS2 gray-scott settings files run as they are.")
    Path file;

    @Option(names = "--settings-keys", description = "List the keys a --settings file may have, and exit.")
    boolean listKeys;

    /** Set on the second parse of a command with --settings: the arguments that came from the file, for its errors. */
    SettingsOrigins origins;

    /** {@link SettingsRun#handle} for this command: its exit code when the settings decided the run, else null. */
    Integer handle(CommandSpec spec) {
        return SettingsRun.handle(spec, listKeys, file, origins != null, modelName);
    }
}
