package dev.jstencil.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jstencil.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs the jstencil CLI in this JVM (capturing System.out/err) or in a fresh JVM. */
public final class Cli {
    private static final Object STDIO_LOCK = new Object();

    private Cli() {
    }

    /** Exit code and everything written to stdout and stderr. */
    public record Result(int exitCode, String out, String err) {
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        /** The single stdout line that is a JSON object. */
        public String jsonLine() {
            List<String> json = out.lines().filter(l -> l.startsWith("{")).toList();
            assertEquals(1, json.size(), "exactly one JSON line on stdout:\n" + out);
            return json.get(0);
        }

        public Map<String, String> json() {
            return parseFlatJson(jsonLine());
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** {@code Main.execute(args)} with System.out and System.err captured for the duration of the call. */
    public static Result run(String... args) {
        synchronized (STDIO_LOCK) {
            PrintStream oldOut = System.out, oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                System.setOut(o);
                System.setErr(e);
                int code = Main.execute(args);
                o.flush();
                e.flush();
                return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
    }

    /**
     * {@code java <jvmArgs> -cp <classes>:<picocli>:<antlr> dev.jstencil.cli.Main <args>} with this JVM's java
     * binary; fails the test if it does not end within {@code timeoutSeconds} (a hang guard).
     */
    public static Result spawn(List<String> jvmArgs, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        return spawn(jvmArgs, args, Map.of(), timeoutSeconds);
    }

    /** The same with {@code env} changing the child's environment (a null value removes a variable). */
    public static Result spawn(List<String> jvmArgs, List<String> args, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = command(jvmArgs, Main.class.getName(), args);
        Path outFile = Files.createTempFile("jstencil-cli-", ".out");
        Path errFile = Files.createTempFile("jstencil-cli-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("subprocess did not finish within " + timeoutSeconds + " s: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }

    /**
     * {@code java <jvmArgs> -cp <classes>:<test classes>:<picocli>:<antlr> <mainClass> <args>} with this JVM's
     * java binary (the test classes too, so a test may start a main class of its own).
     */
    public static List<String> command(List<String> jvmArgs, String mainClass, List<String> args) {
        String classes = System.getProperty("jstencil.test.classpath");
        assertNotNull(classes, "system property jstencil.test.classpath (set by surefire) is missing");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classes + File.pathSeparator + jarOf(Cli.class) + File.pathSeparator + jarOf(CommandLine.class) + File.pathSeparator
                + jarOf(org.antlr.v4.runtime.Lexer.class));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    private static String jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a one-line JSON object whose values are strings, numbers, booleans or null; strict enough
     * that malformed output fails. Strings come back unquoted, other values as their literal text.
     */
    public static Map<String, String> parseFlatJson(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        int[] pos = {0};
        String s = line.strip();
        expect(s, pos, '{');
        skipSpace(s, pos);
        if (peek(s, pos) == '}') {
            pos[0]++;
        } else {
            while (true) {
                skipSpace(s, pos);
                String key = string(s, pos);
                skipSpace(s, pos);
                expect(s, pos, ':');
                skipSpace(s, pos);
                String value = peek(s, pos) == '"' ? string(s, pos) : literal(s, pos);
                assertTrue(fields.put(key, value) == null, "duplicate JSON key " + key + " in " + line);
                skipSpace(s, pos);
                char c = s.charAt(pos[0]++);
                if (c == '}') {
                    break;
                }
                assertEquals(',', c, "JSON separator at " + (pos[0] - 1) + " in " + line);
            }
        }
        assertEquals(s.length(), pos[0], "trailing text after the JSON object: " + line);
        return fields;
    }

    private static char peek(String s, int[] pos) {
        assertTrue(pos[0] < s.length(), "JSON ends early: " + s);
        return s.charAt(pos[0]);
    }

    private static void skipSpace(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static void expect(String s, int[] pos, char c) {
        assertEquals(c, peek(s, pos), "JSON character at " + pos[0] + " in " + s);
        pos[0]++;
    }

    private static String string(String s, int[] pos) {
        expect(s, pos, '"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = peek(s, pos);
            pos[0]++;
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = peek(s, pos);
                pos[0]++;
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    default -> fail("unsupported JSON escape \\" + e + " in " + s);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private static String literal(String s, int[] pos) {
        int start = pos[0];
        while (pos[0] < s.length() && ",} ".indexOf(s.charAt(pos[0])) < 0) {
            pos[0]++;
        }
        String text = s.substring(start, pos[0]);
        boolean ok = text.equals("true") || text.equals("false") || text.equals("null")
                || text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
        assertTrue(ok, "not a JSON literal: '" + text + "' in " + s);
        return text;
    }
}
