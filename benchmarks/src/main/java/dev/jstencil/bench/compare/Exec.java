package dev.jstencil.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs one external program to completion (with a time limit) and reads its JSON result line. */
final class Exec {
    private Exec() {
    }

    /** What a finished process left behind. */
    record Output(int exitCode, String stdout, String stderr, boolean timedOut) {
        boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** The last non-empty lines of stderr (or stdout), for an error message. */
        String tail() {
            String text = stderr.isBlank() ? stdout : stderr;
            List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        }
    }

    /** Runs {@code command}; stdout and stderr go through files in {@code logDir} (no pipe to drain). */
    static Output run(List<String> command, Map<String, String> env, Path logDir, String name, double timeoutSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Output(-1, "", "cannot start " + command.getFirst() + ": " + e.getMessage(), false);
        }
        boolean finished = p.waitFor((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
        if (!finished) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
        }
        return new Output(finished ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), !finished);
    }

    /** The fields of the last line of {@code stdout} that looks like a JSON object, or null. */
    static Map<String, String> lastJsonLine(String stdout) {
        List<String> lines = stdout.lines().map(String::strip).filter(l -> l.startsWith("{") && l.endsWith("}")).toList();
        if (lines.isEmpty()) {
            return null;
        }
        String line = lines.getLast();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            fields.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return fields;
    }

    /** "key": "string" or "key": number/true/false/null (the flat objects both programs print). */
    private static final Pattern FIELD = Pattern.compile("\"([^\"]+)\"\\s*:\\s*(?:\"([^\"]*)\"|([^,}\\s]+))");
}
