package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * native/include/jstencil.h is the source of truth for the binding: every function-pointer typedef
 * there has a class of the same name in jextract's shape (a static {@code invoke(MemorySegment
 * funcPtr, ...)}, {@code descriptor()}, a {@code Function} interface) with the same signature, and
 * {@link jstencil_h} names exactly the header's typedefs. A small parser reads the C declarations.
 */
class BindingDriftTest {
    static final Path HEADER = Path.of(System.getProperty("basedir", "."), "native", "include", "jstencil.h");
    private static final String PACKAGE = "dev.jstencil.ffm.";

    record CTypedef(String returnType, String name, List<String> parameterTypes) {
    }

    record Header(Map<String, CTypedef> typedefs, Map<String, Long> intMacros) {
    }

    // ---- the parser ------------------------------------------------------------------------------

    private static final Pattern TYPEDEF = Pattern.compile(
            "typedef\\s+([A-Za-z_][\\w\\s*]*?)\\s*\\(\\s*\\*\\s*([A-Za-z_]\\w*)\\s*\\)\\s*\\(([^()]*)\\)\\s*;");
    private static final Pattern INT_MACRO = Pattern.compile("(?m)^\\s*#\\s*define\\s+([A-Za-z_]\\w*)\\s+(-?\\d+)[LlUu]*\\s*$");
    private static final Pattern NAMED_PARAMETER = Pattern.compile("^(.*[\\s*])([A-Za-z_]\\w*)$");

    static Header parse(String text) {
        Map<String, Long> macros = new LinkedHashMap<>();
        String noComments = text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
        Matcher m = INT_MACRO.matcher(noComments);
        while (m.find()) {
            macros.put(m.group(1), Long.parseLong(m.group(2)));
        }
        String declarations = noComments
                .replaceAll("(?m)^\\s*#.*$", " ")                 // preprocessor lines
                .replaceAll("extern\\s+\"C\"\\s*\\{", " ")      // C++ guard
                .replaceAll("}", " ");
        Map<String, CTypedef> typedefs = new LinkedHashMap<>();
        Matcher p = TYPEDEF.matcher(declarations);
        StringBuilder rest = new StringBuilder();
        while (p.find()) {
            p.appendReplacement(rest, " ");
            List<String> params = new ArrayList<>();
            String list = p.group(3).trim();
            if (!list.equals("void") && !list.isEmpty()) {
                for (String param : list.split(",")) {
                    params.add(typeOf(param));
                }
            }
            CTypedef f = new CTypedef(normalize(p.group(1)), p.group(2), List.copyOf(params));
            if (typedefs.put(f.name(), f) != null) {
                throw new IllegalArgumentException("typedef " + f.name() + " is declared twice");
            }
        }
        p.appendTail(rest);
        if (!rest.toString().isBlank()) {
            throw new IllegalArgumentException("the header has declarations this parser does not understand: " + rest.toString().trim());
        }
        return new Header(typedefs, macros);
    }

    /** "const double *u" -> "double*", "void **in" -> "void**", "int32_t nx" -> "int32_t". */
    private static String typeOf(String parameter) {
        String t = parameter.trim();
        Matcher named = NAMED_PARAMETER.matcher(t);
        if (named.matches() && !named.group(1).isBlank()) {
            t = named.group(1);
        }
        return normalize(t);
    }

    private static String normalize(String cType) {
        return cType.replaceAll("\\bconst\\b", " ").replaceAll("\\s+", " ").replace(" *", "*").trim();
    }

    /** The FFM layout a C type maps to (empty for void); fails on a type the binding rules do not cover. */
    static Optional<MemoryLayout> layoutOf(String cType) {
        if (cType.equals("void")) {
            return Optional.empty();
        }
        if (cType.endsWith("*")) {
            return Optional.of(ValueLayout.ADDRESS);
        }
        return Optional.of(switch (cType) {
            case "int32_t" -> ValueLayout.JAVA_INT;
            case "int64_t" -> ValueLayout.JAVA_LONG;
            case "double" -> ValueLayout.JAVA_DOUBLE;
            case "float" -> ValueLayout.JAVA_FLOAT;
            default -> throw new IllegalArgumentException("C type '" + cType + "' has no binding rule: use void, int32_t, int64_t, "
                    + "float, double or a pointer");
        });
    }

    private static MemoryLayout parameterLayout(CTypedef f, String cType) {
        return layoutOf(cType).orElseThrow(() -> new IllegalArgumentException(f.name() + " has a void parameter"));
    }

    // ---- the comparison --------------------------------------------------------------------------

    /** The Java signature of the {@code apply} jextract generates for {@code f} ({@code invoke} adds the pointer first). */
    static MethodType expectedType(CTypedef f) {
        Class<?> ret = layoutOf(f.returnType()).<Class<?>>map(l -> ((ValueLayout) l).carrier()).orElse(void.class);
        List<Class<?>> params = f.parameterTypes().stream()
                .<Class<?>>map(t -> ((ValueLayout) parameterLayout(f, t)).carrier()).toList();
        return MethodType.methodType(ret, params);
    }

    /** Problems of the binding classes against the header. */
    static List<String> problems(Header header) {
        List<String> problems = new ArrayList<>();
        for (CTypedef f : header.typedefs().values()) {
            Class<?> binding;
            try {
                binding = Class.forName(PACKAGE + f.name());
            } catch (ClassNotFoundException e) {
                problems.add(f.name() + ": no binding class " + PACKAGE + f.name());
                continue;
            }
            MethodType expected = expectedType(f);
            Method invoke = only(binding, "invoke", problems, f.name());
            if (invoke != null) {
                MethodType actual = MethodType.methodType(invoke.getReturnType(), invoke.getParameterTypes());
                MethodType wanted = expected.insertParameterTypes(0, MemorySegment.class);
                if (!actual.equals(wanted) || !Modifier.isStatic(invoke.getModifiers())) {
                    problems.add(f.name() + ": invoke is " + actual + " but the header says " + wanted + " (" + f + ")");
                }
            }
            try {
                Class<?> function = Class.forName(PACKAGE + f.name() + "$Function");
                Method apply = only(function, "apply", problems, f.name() + ".Function");
                if (apply != null && !MethodType.methodType(apply.getReturnType(), apply.getParameterTypes()).equals(expected)) {
                    problems.add(f.name() + ": Function.apply does not match the header (" + f + ")");
                }
            } catch (ClassNotFoundException e) {
                problems.add(f.name() + ": no Function interface");
            }
            problems.addAll(descriptorProblems(f, binding));
        }
        Set<String> layouts = new TreeSet<>();
        for (Field field : jstencil_h.class.getDeclaredFields()) {
            if (field.getType() == AddressLayout.class && field.getName().endsWith("_fn")) {
                layouts.add(field.getName());
            }
        }
        if (!layouts.equals(new TreeSet<>(header.typedefs().keySet()))) {
            problems.add("jstencil_h names the typedefs " + layouts + " but the header declares " + header.typedefs().keySet());
        }
        return problems;
    }

    private static Method only(Class<?> type, String name, List<String> problems, String what) {
        List<Method> ms = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && Modifier.isPublic(m.getModifiers())) {
                ms.add(m);
            }
        }
        if (ms.size() != 1) {
            problems.add(what + ": expected one public " + name + ", found " + ms.size());
            return null;
        }
        return ms.getFirst();
    }

    private static List<String> descriptorProblems(CTypedef f, Class<?> binding) {
        List<String> problems = new ArrayList<>();
        FunctionDescriptor d;
        try {
            d = (FunctionDescriptor) binding.getMethod("descriptor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return List.of(f.name() + ": no static descriptor(): " + e);
        }
        Optional<MemoryLayout> expectedReturn = layoutOf(f.returnType());
        Optional<MemoryLayout> actualReturn = d.returnLayout().map(BindingDriftTest::plain);
        if (!expectedReturn.equals(actualReturn)) {
            problems.add(f.name() + ": returns " + actualReturn + " but the header says " + f.returnType());
        }
        List<MemoryLayout> expectedArgs = f.parameterTypes().stream().map(t -> parameterLayout(f, t)).toList();
        List<MemoryLayout> actualArgs = d.argumentLayouts().stream().map(BindingDriftTest::plain).toList();
        if (!expectedArgs.equals(actualArgs)) {
            problems.add(f.name() + ": descriptor arguments " + actualArgs + " but the header says " + f.parameterTypes() + " = " + expectedArgs);
        }
        return problems;
    }

    /** C_POINTER carries a target layout; the ABI only cares that it is an address. */
    private static MemoryLayout plain(MemoryLayout l) {
        return l instanceof AddressLayout a ? a.withoutTargetLayout() : l;
    }

    private static Header realHeader() throws IOException {
        if (!Files.isRegularFile(HEADER)) {
            fail("header not found at " + HEADER.toAbsolutePath() + " (tests run from the project directory)");
        }
        return parse(Files.readString(HEADER));
    }

    // ---- the tests -------------------------------------------------------------------------------

    @Test
    void parserReadsEveryTypedefOfTheHeader() throws IOException {
        Header h = realHeader();
        assertEquals(new TreeSet<>(List.of("jstencil_abi_version_fn", "jstencil_noise_key_fn", "jstencil_noise_bits_fn", "jstencil_band_fn",
                "jstencil_row_fn", "jstencil_plane_fn")), new TreeSet<>(h.typedefs().keySet()));
        CTypedef band = h.typedefs().get("jstencil_band_fn");
        assertEquals("void", band.returnType());
        assertEquals(List.of("void**", "void**", "double*", "int64_t*", "int32_t", "int32_t", "int64_t*"), band.parameterTypes());
        assertEquals(List.of(), h.typedefs().get("jstencil_abi_version_fn").parameterTypes());
        assertEquals("int32_t", h.typedefs().get("jstencil_abi_version_fn").returnType());
    }

    @Test
    void everyTypedefHasAMatchingBindingAndEveryBindingATypedef() throws IOException {
        List<String> problems = problems(realHeader());
        assertTrue(problems.isEmpty(), "the binding has drifted from " + HEADER + " (regenerate with native/jextract.sh):\n  "
                + String.join("\n  ", problems));
    }

    /** The regeneration script asks jextract for exactly the header's typedefs, so regenerating loses none. */
    @Test
    void theRegenerationScriptIncludesEveryTypedefOfTheHeader() throws IOException {
        Path script = Path.of(System.getProperty("basedir", "."), "native", "jextract.sh");
        Set<String> included = new TreeSet<>();
        Matcher m = Pattern.compile("--include-typedef\\s+(\\w+)").matcher(Files.readString(script));
        while (m.find()) {
            included.add(m.group(1));
        }
        assertEquals(new TreeSet<>(realHeader().typedefs().keySet()), included, script + " vs " + HEADER);
    }

    @Test
    void abiVersionMacroMatchesTheBinding() throws IOException {
        Long version = realHeader().intMacros().get("JSTENCIL_ABI_VERSION");
        assertEquals(Long.valueOf(jstencil_h.JSTENCIL_ABI_VERSION()), version, "JSTENCIL_ABI_VERSION in the header vs the binding");
    }

    /** The checks catch drift: a changed parameter, a new typedef, a removed one. */
    @Test
    void driftIsDetected() throws IOException {
        String text = Files.readString(HEADER);
        String changedType = text.replace("const int64_t *geometry, int32_t from, int32_t to", "const int64_t *geometry, int64_t from, int32_t to");
        assertFalse(changedType.equals(text), "the mutation must apply");
        assertTrue(problems(parse(changedType)).stream().anyMatch(s -> s.startsWith("jstencil_band_fn:")),
                "a changed parameter type must be reported");

        String anchor = "typedef int32_t (*jstencil_abi_version_fn)(void);";
        assertTrue(text.contains(anchor), "the anchor must be in the header");
        String added = text.replace(anchor, anchor + "\ntypedef int64_t (*jstencil_new_thing_fn)(const float *p);");
        assertTrue(problems(parse(added)).stream().anyMatch(s -> s.contains("jstencil_new_thing_fn")),
                "a typedef without a binding must be reported");

        String removed = text.replace(anchor, "");
        assertTrue(problems(parse(removed)).stream().anyMatch(s -> s.contains("jstencil_abi_version_fn")),
                "a binding without a typedef must be reported");
    }

    @Test
    void unsupportedDeclarationsAreRejectedNotSkipped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> expectedType(parse("typedef unsigned short (*jstencil_x_fn)(long double y);").typedefs().get("jstencil_x_fn")));
        assertTrue(e.getMessage().contains("unsigned short"), e.getMessage());
        IllegalArgumentException junk = assertThrows(IllegalArgumentException.class, () -> parse("struct s { int a; };"));
        assertTrue(junk.getMessage().contains("does not understand"), junk.getMessage());
        IllegalArgumentException prototype = assertThrows(IllegalArgumentException.class, () -> parse("void jstencil_band(void);"));
        assertTrue(prototype.getMessage().contains("does not understand"), "plain prototypes are not part of this ABI");
        assertEquals(List.of("float*", "int32_t"), parse("typedef void (*g)(float *restrict_me, int32_t);").typedefs().get("g")
                .parameterTypes());
    }
}
