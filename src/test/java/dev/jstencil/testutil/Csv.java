package dev.jstencil.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading the CSV files commands write. */
public final class Csv {
    private Csv() {
    }

    /** The file's lines with one column blanked (a timing, which two equal runs need not share). */
    public static List<String> withoutColumn(Path csv, String column) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int col = List.of(lines.getFirst().split(",")).indexOf(column);
        if (col < 0) {
            throw new IllegalArgumentException(csv + " has no column " + column + ": " + lines.getFirst());
        }
        return lines.stream().map(l -> {
            String[] c = l.split(",", -1);
            c[col] = "";
            return String.join(",", c);
        }).toList();
    }
}
