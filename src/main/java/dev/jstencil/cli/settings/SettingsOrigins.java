package dev.jstencil.cli.settings;

import dev.jstencil.cli.settings.SettingsArguments.Argument;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Which arguments came from the settings file, so that an error about one of their values names the
 * file's key and line:column rather than an option the user never typed. The command's errors are
 * worded about options ("--size 'x' is not a size", "'Fq' is not a parameter of ..."), so the match
 * is on the option (when picocli says which) or on the option and value the message quotes.
 */
public record SettingsOrigins(List<Argument> arguments) {
    /** {@code message}, prefixed with {@code file:line:column: settings key 'k': } when it is about a value from the file. */
    public String annotate(String message, ArgSpec about) {
        Argument best = null;
        int bestScore = 0;
        for (Argument a : arguments) {
            int score = score(a, message, about);
            if (score > bestScore) {
                best = a;
                bestScore = score;
            }
        }
        return best == null ? message : best.at() + ": settings key '" + best.key() + "': " + message;
    }

    private static int score(Argument a, String message, ArgSpec about) {
        boolean names = mentions(message, a.option().longestName()) || about == a.option();
        boolean quotesValue = a.value() != null && message.contains("'" + a.value() + "'");
        int eq = a.value() == null ? -1 : a.value().indexOf('=');
        boolean quotesName = eq > 0 && message.contains("'" + a.value().substring(0, eq) + "'"); // --set NAME=VALUE: "'NAME' is not a parameter"
        if (quotesName || (quotesValue && (names || mentions(message, a.option().longestName().replaceFirst("^-+", ""))))) {
            return 2;
        }
        return names ? 1 : 0;
    }

    /** Whether {@code message} has {@code word} as a whole word ("--set" is not in "--settings"). */
    private static boolean mentions(String message, String word) {
        return Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])").matcher(message).find();
    }
}
