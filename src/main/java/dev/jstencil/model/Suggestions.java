package dev.jstencil.model;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...": the nearest known name to a misspelt one, by edit distance. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The candidate closest to {@code name} if it is close enough to be a likely typo. */
    public static Optional<String> nearest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = c.equalsIgnoreCase(name) ? 0 : distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT)) + 1;
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, name.length() / 3 + 1); // +1: the case-insensitive match counts 0
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean 'Du'?)" or "". */
    public static String didYouMean(String name, Collection<String> candidates) {
        return nearest(name, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** Levenshtein distance with adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
