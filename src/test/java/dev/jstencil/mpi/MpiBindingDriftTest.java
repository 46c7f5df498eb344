package dev.jstencil.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * native/include/jstencil_mpi.h is the source of truth for the MPI shim's binding: every function it
 * declares has the same descriptor in {@link MpiHeader} (and nothing more), and the constants agree. Reads
 * the header as text; loads no MPI library.
 */
class MpiBindingDriftTest {
    static final Path HEADER = Path.of(System.getProperty("basedir", "."), "native", "include", "jstencil_mpi.h");
    private static final Pattern FUNCTION = Pattern.compile("(?m)^([A-Za-z_][\\w ]*?\\**)\\s*\\b(jsmpi_\\w+)\\s*\\(([^()]*)\\)\\s*;");
    private static final Pattern MACRO = Pattern.compile("(?m)^#define\\s+(JSTENCIL_MPI_\\w+)\\s+(\\d+)\\s*$");

    /** Each declared function's descriptor, from the C types: void, int32_t, int64_t, double, or a pointer. */
    static Map<String, FunctionDescriptor> parse(String header) {
        String text = header.replaceAll("(?s)/\\*.*?\\*/", " ");
        Map<String, FunctionDescriptor> functions = new LinkedHashMap<>();
        Matcher m = FUNCTION.matcher(text);
        while (m.find()) {
            List<MemoryLayout> params = new ArrayList<>();
            String list = m.group(3).trim();
            if (!list.equals("void")) {
                for (String p : list.split(",")) {
                    String type = p.trim().replaceAll("\\bconst\\b", "").replaceAll("\\s*\\w+$", "").replaceAll("\\s+", "");
                    params.add(layout(type, m.group(2)));
                }
            }
            String ret = m.group(1).trim();
            MemoryLayout[] ps = params.toArray(MemoryLayout[]::new);
            functions.put(m.group(2), ret.equals("void") ? FunctionDescriptor.ofVoid(ps) : FunctionDescriptor.of(layout(ret, m.group(2)), ps));
        }
        return functions;
    }

    private static MemoryLayout layout(String cType, String function) {
        if (cType.endsWith("*")) {
            return ValueLayout.ADDRESS;
        }
        return switch (cType) {
            case "int32_t" -> ValueLayout.JAVA_INT;
            case "int64_t" -> ValueLayout.JAVA_LONG;
            case "double" -> ValueLayout.JAVA_DOUBLE;
            default -> throw new IllegalArgumentException(function + ": C type '" + cType + "' has no binding rule");
        };
    }

    @Test
    void everyFunctionOfTheHeaderIsBoundWithItsSignature() throws IOException {
        Map<String, FunctionDescriptor> header = parse(Files.readString(HEADER));
        assertFalse(header.isEmpty(), "no function found in " + HEADER);
        assertEquals(header.keySet(), MpiHeader.DESCRIPTORS.keySet(), "functions of " + HEADER + " against MpiHeader.DESCRIPTORS");
        header.forEach((name, d) -> assertEquals(d, MpiHeader.DESCRIPTORS.get(name), name));
    }

    @Test
    void constantsMatchTheHeader() throws IOException {
        Map<String, Integer> macros = new LinkedHashMap<>();
        Matcher m = MACRO.matcher(Files.readString(HEADER));
        while (m.find()) {
            macros.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertEquals(Map.of("JSTENCIL_MPI_ABI_VERSION", MpiHeader.ABI_VERSION, "JSTENCIL_MPI_SUM", MpiHeader.SUM,
                "JSTENCIL_MPI_MAX", MpiHeader.MAX, "JSTENCIL_MPI_MIN", MpiHeader.MIN), macros);
    }

    @Test
    void theCompiledSourceCarriesTheHeaderInPlaceOfItsInclude() throws IOException {
        String source = MpiLibrary.source();
        assertFalse(source.contains("#include \"jstencil_mpi.h\""), "the cache compiles one self-contained file");
        assertEquals(parse(Files.readString(HEADER)), parse(source.substring(0, source.indexOf("end of jstencil_mpi.h"))),
                "the header's declarations, pasted");
        for (String function : MpiHeader.DESCRIPTORS.keySet()) {
            assertTrue(source.contains(function + "("), function + " is defined");
        }
    }

    @Test
    void theParserSeesADriftedDeclaration() {
        Map<String, FunctionDescriptor> drifted = parse("int32_t jsmpi_barrier(int64_t comm);\nvoid jsmpi_extra(const double *x);\n");
        assertEquals(FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), drifted.get("jsmpi_barrier"));
        assertEquals(FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), drifted.get("jsmpi_extra"));
        assertFalse(drifted.get("jsmpi_barrier").equals(MpiHeader.DESCRIPTORS.get("jsmpi_barrier")));
    }
}
