package dev.jstencil.cli.settings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A settings file read as a JSON object whose every key and value keeps its line and column, so that
 * each later error can point into the file. Jackson's tree model drops locations, hence the small tree
 * of our own built from its streaming parser.
 */
public record SettingsFile(Path path, List<Member> members) {
    /** Where a token starts in the file; prints as {@code file:line:column}. */
    public record Location(Path file, int line, int column) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column;
        }
    }

    /** A number as written in the file: the text travels to the command line unchanged. */
    public record NumberText(String text, boolean integral) {
    }

    /**
     * A JSON value: {@link String}, {@link NumberText}, {@link Boolean}, {@code null}, {@code List<Value>}
     * (an array) or {@code List<Member>} (an object).
     */
    public record Value(Object json, Location at) {
        /** "a string", "a number", ... for "must be X, not Y" messages. */
        public String kind() {
            return switch (json) {
                case null -> "null";
                case String s -> "a string";
                case NumberText n -> n.integral() ? "an integer" : "a number";
                case Boolean b -> b ? "true" : "false";
                case ObjectMembers o -> "an object";
                case List<?> l -> "an array";
                default -> json.getClass().getSimpleName();
            };
        }

        /** True for a JSON object (members), false for an array or a scalar. */
        public boolean isObject() {
            return json instanceof ObjectMembers;
        }

        @SuppressWarnings("unchecked")
        public List<Value> elements() {
            return (List<Value>) json;
        }

        public List<Member> members() {
            return ((ObjectMembers) json).members();
        }
    }

    /** The members of a JSON object (a type of its own so that arrays and objects stay apart). */
    record ObjectMembers(List<Member> members) {
    }

    /** {@code "key": value}, with the key's own location (where "unknown key" points). */
    public record Member(String key, Location keyAt, Value value) {
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a key given twice is a mistake, not "last wins"
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS) // settings files are edited by hand: let people say why
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    /** Reads {@code path}; an IllegalArgumentException names the file (and line:column) and what is wrong, in one line. */
    public static SettingsFile read(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8); JsonParser p = JSON.createParser(reader)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException(path + ": the file is empty; a settings file is one JSON object {\"key\": value, ...}");
            }
            if (first != JsonToken.START_OBJECT) {
                Location at = location(path, p.currentTokenLocation());
                throw new IllegalArgumentException(at + ": a settings file is one JSON object {\"key\": value, ...}, not "
                        + new Value(scalarOrTree(p, path), at).kind());
            }
            List<Member> members = objectMembers(p, path);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException(location(path, p.currentTokenLocation()) + ": text after the settings object");
            }
            return new SettingsFile(path, List.copyOf(members));
        } catch (JacksonException e) {
            String message = e.getOriginalMessage().lines().findFirst().orElse("not valid JSON");
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException((at == null ? path.toString() : location(path, at).toString())
                    + ": not valid JSON: " + message);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--settings " + path + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("--settings " + path + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    /** The members of the object whose START_OBJECT is the current token. */
    private static List<Member> objectMembers(JsonParser p, Path path) throws IOException {
        List<Member> members = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            Location keyAt = location(path, p.currentTokenLocation());
            p.nextToken();
            Location valueAt = location(path, p.currentTokenLocation()); // before an array or object is read to its end
            members.add(new Member(key, keyAt, new Value(scalarOrTree(p, path), valueAt)));
        }
        return members;
    }

    private static Object scalarOrTree(JsonParser p, Path path) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> new ObjectMembers(List.copyOf(objectMembers(p, path)));
            case START_ARRAY -> {
                List<Value> elements = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    Location at = location(path, p.currentTokenLocation());
                    elements.add(new Value(scalarOrTree(p, path), at));
                }
                yield List.copyOf(elements);
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> new NumberText(p.getText(), true);
            case VALUE_NUMBER_FLOAT -> new NumberText(p.getText(), false);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected JSON token " + p.currentToken());
        };
    }

    private static Location location(Path path, JsonLocation at) {
        return new Location(path, at.getLineNr(), at.getColumnNr());
    }
}
