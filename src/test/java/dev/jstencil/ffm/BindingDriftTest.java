package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * native/include/jstencil.h is the source of truth for the binding class {@link jstencil_h}: every
 * prototype there must have a binding with the same signature, and no binding may exist without a
 * prototype. A small parser reads the C declarations (return type, name, parameter types).
 */
class BindingDriftTest {
    static final Path HEADER = Path.of(System.getProperty("basedir", "."), "native", "include", "jstencil.h");
    private static final Set<String> ACCESSOR_SUFFIXES = Set.of("$descriptor", "$handle", "$address");

    record CFunction(String returnType, String name, List<String> parameterTypes) {
    }

    record Header(Map<String, CFunction> functions, Map<String, Long> intMacros) {
    }

    // ---- the parser ------------------------------------------------------------------------------

    private static final Pattern PROTOTYPE = Pattern.compile(
            "([A-Za-z_][\\w\\s*]*?)\\s*\\b([A-Za-z_]\\w*)\\s*\\(([^()]*)\\)\\s*;");
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
        Map<String, CFunction> functions = new LinkedHashMap<>();
        Matcher p = PROTOTYPE.matcher(declarations);
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
            CFunction f = new CFunction(normalize(p.group(1)), p.group(2), List.copyOf(params));
            if (functions.put(f.name(), f) != null) {
                throw new IllegalArgumentException("function " + f.name() + " is declared twice");
            }
        }
        p.appendTail(rest);
        if (!rest.toString().isBlank()) {
            throw new IllegalArgumentException("the header has declarations this parser does not understand: " + rest.toString().trim());
        }
        return new Header(functions, macros);
    }

    /** "const double *u" -> "double*", "int32_t nx" -> "int32_t", "float" -> "float". */
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

    private static MemoryLayout parameterLayout(CFunction f, String cType) {
        return layoutOf(cType).orElseThrow(() -> new IllegalArgumentException(f.name() + " has a void parameter"));
    }

    // ---- the comparison --------------------------------------------------------------------------

    /** The Java signature of the wrapper jextract generates for {@code f}. */
    static MethodType expectedType(CFunction f) {
        Class<?> ret = layoutOf(f.returnType()).<Class<?>>map(l -> ((ValueLayout) l).carrier()).orElse(void.class);
        List<Class<?>> params = f.parameterTypes().stream()
                .<Class<?>>map(t -> ((ValueLayout) parameterLayout(f, t)).carrier()).toList();
        return MethodType.methodType(ret, params);
    }

    /** Problems of the binding class against the header, without touching native code. */
    static List<String> signatureProblems(Header header, Class<?> binding) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Method>> byName = new LinkedHashMap<>();
        for (Method m : binding.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                byName.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(m);
            }
        }
        for (CFunction f : header.functions().values()) {
            MethodType expected = expectedType(f);
            List<Method> wrappers = byName.getOrDefault(f.name(), List.of());
            if (wrappers.size() != 1) {
                problems.add(f.name() + ": expected one static wrapper, found " + wrappers.size());
            } else {
                Method w = wrappers.getFirst();
                MethodType actual = MethodType.methodType(w.getReturnType(), w.getParameterTypes());
                if (!actual.equals(expected)) {
                    problems.add(f.name() + ": wrapper is " + actual + " but the header says " + expected + " (" + f + ")");
                }
            }
            checkAccessor(byName, f.name() + "$descriptor", FunctionDescriptor.class, problems);
            checkAccessor(byName, f.name() + "$handle", MethodHandle.class, problems);
            checkAccessor(byName, f.name() + "$address", MemorySegment.class, problems);
        }
        for (String name : byName.keySet()) {
            String base = ACCESSOR_SUFFIXES.stream().filter(name::endsWith).findFirst()
                    .map(s -> name.substring(0, name.length() - s.length())).orElse(name);
            if (!header.functions().containsKey(base) && !header.intMacros().containsKey(base)) {
                problems.add("binding " + name + " has no prototype or #define in " + HEADER.getFileName());
            }
        }
        for (Class<?> holder : binding.getDeclaredClasses()) {
            if (!header.functions().containsKey(holder.getSimpleName())) {
                problems.add("holder class " + holder.getSimpleName() + " has no prototype in " + HEADER.getFileName());
            }
        }
        return problems;
    }

    private static void checkAccessor(Map<String, List<Method>> byName, String name, Class<?> type, List<String> problems) {
        List<Method> ms = byName.getOrDefault(name, List.of());
        if (ms.size() != 1 || ms.getFirst().getParameterCount() != 0 || ms.getFirst().getReturnType() != type) {
            problems.add("missing accessor " + type.getSimpleName() + " " + name + "()");
        }
    }

    /** Problems of the FunctionDescriptors against the header; initialises the holders (needs the library). */
    static List<String> descriptorProblems(Header header) throws ReflectiveOperationException {
        List<String> problems = new ArrayList<>();
        for (CFunction f : header.functions().values()) {
            FunctionDescriptor d = (FunctionDescriptor) jstencil_h.class.getMethod(f.name() + "$descriptor").invoke(null);
            Optional<MemoryLayout> expectedReturn = layoutOf(f.returnType());
            Optional<MemoryLayout> actualReturn = d.returnLayout().map(BindingDriftTest::plain);
            if (!expectedReturn.equals(actualReturn)) {
                problems.add(f.name() + ": returns " + actualReturn + " but the header says " + f.returnType());
            }
            List<MemoryLayout> expectedArgs = f.parameterTypes().stream().map(t -> parameterLayout(f, t)).toList();
            List<MemoryLayout> actualArgs = d.argumentLayouts().stream().map(BindingDriftTest::plain).toList();
            if (!expectedArgs.equals(actualArgs)) {
                problems.add(f.name() + ": descriptor arguments " + actualArgs + " but the header says " + f.parameterTypes()
                        + " = " + expectedArgs);
            }
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
    void parserReadsEveryPrototypeOfTheHeader() throws IOException {
        Header h = realHeader();
        assertEquals(new TreeSet<>(List.of("jstencil_abi_version", "jstencil_noop", "jstencil_gs_band_f64", "jstencil_gs_band_f32",
                        "jstencil_gs_row_f64", "jstencil_gs_row_f32")),
                new TreeSet<>(h.functions().keySet()));
        CFunction band = h.functions().get("jstencil_gs_band_f64");
        assertEquals("void", band.returnType());
        assertEquals(List.of("double*", "double*", "double*", "double*", "int64_t", "int32_t", "int32_t", "int32_t",
                "double", "double", "double", "double", "double", "double"), band.parameterTypes());
        assertEquals(List.of(), h.functions().get("jstencil_noop").parameterTypes());
        assertEquals("int32_t", h.functions().get("jstencil_abi_version").returnType());
    }

    @Test
    void everyPrototypeHasAMatchingBindingAndEveryBindingAPrototype() throws IOException {
        List<String> problems = signatureProblems(realHeader(), jstencil_h.class);
        assertTrue(problems.isEmpty(), "jstencil_h has drifted from " + HEADER + " (regenerate with native/jextract.sh):\n  "
                + String.join("\n  ", problems));
    }

    /** The regeneration script asks jextract for exactly the header's functions, so regenerating loses none. */
    @Test
    void theRegenerationScriptIncludesEveryFunctionOfTheHeader() throws IOException {
        Path script = Path.of(System.getProperty("basedir", "."), "native", "jextract.sh");
        Set<String> included = new TreeSet<>();
        Matcher m = Pattern.compile("--include-function\\s+(\\w+)").matcher(Files.readString(script));
        while (m.find()) {
            included.add(m.group(1));
        }
        assertEquals(new TreeSet<>(realHeader().functions().keySet()), included, script + " vs " + HEADER);
    }

    @Test
    void abiVersionMacroMatchesTheBinding() throws IOException {
        Long version = realHeader().intMacros().get("JSTENCIL_ABI_VERSION");
        assertEquals(Long.valueOf(jstencil_h.JSTENCIL_ABI_VERSION()), version, "JSTENCIL_ABI_VERSION in the header vs the binding");
    }

    @Test
    void descriptorsMatchPrototypes() throws Exception {
        NativeTestSupport.requireNativeLibrary(); // the descriptors live in holder classes that resolve their symbol
        List<String> problems = descriptorProblems(realHeader());
        assertTrue(problems.isEmpty(), "FunctionDescriptors drifted from " + HEADER + ":\n  " + String.join("\n  ", problems));
    }

    /** The checks catch drift: a changed parameter, a new prototype, a removed one. */
    @Test
    void driftIsDetected() throws IOException {
        String text = Files.readString(HEADER);
        String changedType = text.replace("int64_t pitch, int32_t nx, int32_t y0, int32_t y1, double du",
                "int32_t pitch, int32_t nx, int32_t y0, int32_t y1, double du");
        assertFalse(changedType.equals(text), "the mutation must apply");
        assertTrue(signatureProblems(parse(changedType), jstencil_h.class).stream().anyMatch(s -> s.startsWith("jstencil_gs_band_f64:")),
                "a changed parameter type must be reported");

        String added = text.replace("void jstencil_noop(void);", "void jstencil_noop(void);\nint64_t jstencil_new_thing(const float *p);");
        assertTrue(signatureProblems(parse(added), jstencil_h.class).stream().anyMatch(s -> s.contains("jstencil_new_thing")),
                "a prototype without a binding must be reported");

        String removed = text.replace("void jstencil_noop(void);", "");
        assertTrue(signatureProblems(parse(removed), jstencil_h.class).stream().anyMatch(s -> s.contains("jstencil_noop")),
                "a binding without a prototype must be reported");
    }

    @Test
    void unsupportedDeclarationsAreRejectedNotSkipped() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> expectedType(parse("unsigned short jstencil_x(long double y);").functions().get("jstencil_x")));
        assertTrue(e.getMessage().contains("unsigned short"), e.getMessage());
        IllegalArgumentException junk = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> parse("struct s { int a; };"));
        assertTrue(junk.getMessage().contains("does not understand"), junk.getMessage());
        assertEquals(List.of("float*", "int32_t"), Arrays.asList(parse("void g(float *restrict_me, int32_t);")
                .functions().get("g").parameterTypes().toArray(String[]::new)));
    }
}
