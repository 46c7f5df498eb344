package dev.jstencil.cli.settings;

import dev.jstencil.cli.settings.SettingsFile.Member;
import dev.jstencil.cli.settings.SettingsFile.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the ADIOS2 gray-scott example's settings files (examples/simulations/gray-scott in
 * ornladios/ADIOS2, and GrayScott.jl's), read as jstencil options so those files run as they are:
 * <pre>
 *   L                  --size L (an L^3 cube)
 *   Du Dv F k noise    --set NAME=VALUE (gray-scott-3d's parameters have these names)
 *   precision          "Float32"/"Float64" (GrayScott.jl's spelling) -> --precision f32/f64
 *   plotgap            --every N
 *   output             --out DIR ("gs.bp" -> gs: jstencil writes no ADIOS BP, a note says what instead)
 *   checkpoint (true)  --checkpoint-every checkpoint_freq, --checkpoint-dir from checkpoint_output
 *   restart (true)     --restart from restart_input
 *   adios_config adios_span adios_memory_selection mesh_type: ADIOS2's own I/O, ignored with one note
 * </pre>
 * steps and dt are jstencil's own keys already. An alias whose option this build lacks is an error
 * naming both, unless its value turns the feature off (checkpoint: false, restart: false).
 */
public final class AdiosSettings {
    /** The model of a file that looks like ADIOS2's and names none. */
    static final String MODEL = "gray-scott-3d";
    private static final Set<String> PARAMETERS = Set.of("Du", "Dv", "F", "k", "noise");
    private static final List<String> IGNORED = List.of("adios_config", "adios_span", "adios_memory_selection", "mesh_type");
    /** Keys read only together with another: checkpoint_freq with checkpoint, restart_input with restart. */
    private static final Set<String> COMPANIONS = Set.of("checkpoint_freq", "checkpoint_output", "restart_input");
    /** Every key read here, for "did you mean". */
    public static final List<String> KEYS = List.of("L", "Du", "Dv", "F", "k", "noise", "plotgap", "output", "checkpoint", "checkpoint_freq",
            "checkpoint_output", "restart", "restart_input", "adios_config", "adios_span", "adios_memory_selection", "mesh_type");
    /** Keys no jstencil option spells this way: their presence marks an ADIOS2 file. */
    private static final Set<String> ADIOS_ONLY = Set.of("L", "plotgap", "checkpoint_freq", "checkpoint_output", "restart_input",
            "adios_config", "adios_span", "adios_memory_selection", "mesh_type");

    private final Map<String, Member> members = new LinkedHashMap<>();
    private final List<String> ignored = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    AdiosSettings(SettingsFile file) {
        file.members().forEach(m -> members.put(m.key(), m));
    }

    boolean looksLikeAdios() {
        return members.keySet().stream().anyMatch(ADIOS_ONLY::contains);
    }

    /** Whether this key is ADIOS2's: a string "restart" is jstencil's --restart, "precision" is ours unless spelt Float32/Float64. */
    boolean handles(Member m) {
        return switch (m.key()) {
            case "restart" -> m.value().json() instanceof Boolean;
            case "precision" -> juliaPrecision(m.value()) != null;
            default -> KEYS.contains(m.key());
        };
    }

    void apply(Member m, SettingsArguments.Builder b) {
        String key = m.key();
        Value v = m.value();
        if (PARAMETERS.contains(key)) {
            b.parameter(key, v, key);
        } else if (IGNORED.contains(key)) {
            ignored.add(key);
        } else if (!COMPANIONS.contains(key)) {
            switch (key) {
                case "L" -> b.alias("--size", b.integer(key, v, null).toString(), key, v.at());
                case "precision" -> b.alias("--precision", juliaPrecision(v), key, v.at());
                case "plotgap" -> b.alias("--every", b.integer(key, v, null).toString(), key, v.at());
                case "output" -> b.alias("--out", directory(key, b.text(key, v, "a file or directory name")), key, v.at());
                case "checkpoint" -> {
                    if (on(key, v)) {
                        Member freq = companion(m, "checkpoint_freq", "the steps between checkpoints");
                        b.alias("--checkpoint-every", b.integer(freq.key(), freq.value(), null).toString(), key, v.at());
                        Member out = members.get("checkpoint_output");
                        if (out != null) {
                            b.alias("--checkpoint-dir", directory(out.key(), b.text(out.key(), out.value(), "a directory name")),
                                    out.key(), out.value().at());
                        }
                    }
                }
                case "restart" -> {
                    if (on(key, v)) {
                        Member in = companion(m, "restart_input", "the checkpoint to restart from");
                        b.alias("--restart", directory(in.key(), b.text(in.key(), in.value(), "a checkpoint's name")), key, v.at());
                    }
                }
                default -> throw new IllegalStateException("ADIOS2 key without a rule: " + key);
            }
        }
    }

    /** One note for the ignored keys, then the notes on renamed outputs. */
    List<String> notes() {
        List<String> all = new ArrayList<>();
        if (!ignored.isEmpty()) {
            all.add("settings keys " + String.join(", ", ignored) + " configure ADIOS2's own I/O; jstencil ignores them");
        }
        all.addAll(notes);
        return all;
    }

    /** "Float32" -> "f32", "Float64" -> "f64", anything else null. */
    private static String juliaPrecision(Value v) {
        return v.json() instanceof String s && s.toLowerCase(Locale.ROOT).matches("float(32|64)") ? "f" + s.substring(5) : null;
    }

    private static boolean on(String key, Value v) {
        if (v.json() instanceof Boolean on) {
            return on;
        }
        throw SettingsArguments.Builder.wrongType(key, v, "true or false", null);
    }

    private Member companion(Member m, String key, String what) {
        Member c = members.get(key);
        if (c == null) {
            throw new IllegalArgumentException(m.value().at() + ": settings key '" + m.key() + "' is true, so '" + key
                    + "' must give " + what);
        }
        return c;
    }

    /**
     * ADIOS2 names its outputs NAME.bp (a BP directory); jstencil writes other formats, so NAME.bp becomes
     * the directory NAME (not NAME.bp, which ADIOS2 tools would try to read), with a note.
     */
    private String directory(String key, String name) {
        if (!name.toLowerCase(Locale.ROOT).endsWith(".bp") || name.length() == 3) {
            return name;
        }
        String dir = name.substring(0, name.length() - 3);
        notes.add("settings '" + key + "' is the ADIOS2 BP name " + name + "; jstencil writes no ADIOS BP, so it writes "
                + (key.equals("output") ? "the series (.npy or VTK files, see --format)" : "its own files") + " to the directory " + dir
                + " instead");
        return dir;
    }
}
