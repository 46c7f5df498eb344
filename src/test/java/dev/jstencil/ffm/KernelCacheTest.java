package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.RunConstants;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.KernelUnavailableException;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import dev.jstencil.testutil.Cli;
import dev.jstencil.testutil.Grids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of compiled kernels: where it lives, what names a library, that a second use loads the
 * first one's library, that a damaged library is rebuilt, that processes racing for one library
 * compile it once, and that a missing or failing compiler is one clear line.
 */
class KernelCacheTest {
    @TempDir
    Path tmp;

    /** A model no other test compiles, so its library is this test's own. */
    private static Model model(String tag) {
        return Model.parse(tag + ".model", "# " + tag + "\nfields c\nparam a = 0.2\ndc/dt = a*lap(c) - 0.05*c*c*c\ninit flat {\n  c = x*y\n}\n");
    }

    private static Lowered lowered(Model m) {
        return Lowering.kernel(m, 2, Precision.F64);
    }

    private KernelCache cache() {
        NativeTestSupport.requireCompiler();
        return new KernelCache(tmp.resolve("cache"), KernelCache.compilerFrom(System.getenv()));
    }

    @Test
    void theDirectoryComesFromThePropertyThenTheEnvironmentThenXdgThenHome() {
        Map<String, String> env = new HashMap<>(Map.of("JSTENCIL_CACHE_DIR", "/a/own", "XDG_CACHE_HOME", "/x/cache"));
        assertEquals(Path.of("/p/dir"), KernelCache.directory(" /p/dir ", env, "/home/u"));
        assertEquals(Path.of("/a/own"), KernelCache.directory(null, env, "/home/u"));
        env.remove("JSTENCIL_CACHE_DIR");
        assertEquals(Path.of("/x/cache/jstencil"), KernelCache.directory("", env, "/home/u"));
        env.put("XDG_CACHE_HOME", "relative/cache"); // the XDG spec says to ignore a relative path
        assertEquals(Path.of("/home/u/.cache/jstencil"), KernelCache.directory(null, env, "/home/u"));
        assertEquals(Path.of("/home/u/.cache/jstencil"), KernelCache.directory(null, Map.of(), "/home/u"));
        assertEquals("gcc", KernelCache.compilerFrom(Map.of()));
        assertEquals("clang", KernelCache.compilerFrom(Map.of("JSTENCIL_CC", " clang ")));
    }

    /** The hash behind names and checksums: parts are delimited, and a change of one bit or of the length changes it. */
    @Test
    void theContentHashTellsInputsApart() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        byte[] base = new byte[37];
        seen.add(ContentHash.of(base));
        for (int bit = 0; bit < base.length * 8; bit++) {
            byte[] b = base.clone();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            assertTrue(seen.add(ContentHash.of(b)), "bit " + bit);
        }
        for (int n = 0; n < 37; n++) {
            assertTrue(seen.add(ContentHash.of(new byte[n])), "length " + n);
        }
        assertNotEquals(new ContentHash().add("ab".getBytes()).add("c".getBytes()).hex(),
                new ContentHash().add("a".getBytes()).add("bc".getBytes()).hex());
        assertEquals(32, ContentHash.of(base).length());
    }

    @Test
    void theKeyDependsOnTheSourceAndTheCompiler() throws IOException {
        KernelCache gcc = cache();
        String a = NativeKernels.source(model("a").text(), lowered(model("a")));
        String b = NativeKernels.source(model("b").text(), lowered(model("b")));
        assertEquals(gcc.key(a), gcc.key(a));
        assertNotEquals(gcc.key(a), gcc.key(b));
        Path other = script("other-cc", "echo 'othercc 9.9'");
        assertNotEquals(gcc.key(a), new KernelCache(tmp.resolve("cache"), other.toString()).key(a));
    }

    @Test
    void aSecondUseLoadsTheLibraryTheFirstCompiled() throws IOException {
        KernelCache cache = cache();
        Model m = model("second-use");
        String source = NativeKernels.source(m.text(), lowered(m));
        KernelCache.Library first = cache.obtain("t", source);
        assertTrue(first.compiled(), "nothing was cached yet");
        KernelCache.Library second = cache.obtain("t", source);
        assertFalse(second.compiled(), "the second use finds the first one's library");
        assertEquals(first.library(), second.library());
        assertEquals(source, Files.readString(second.source(), StandardCharsets.UTF_8), "the source is kept beside the library");
        assertTrue(Files.isRegularFile(sibling(first.library(), ".log")), "the compiler's log is kept");
        String hash = ContentHash.of(Files.readAllBytes(first.library()));
        assertTrue(Files.readString(sibling(first.library(), ".so.checksum")).startsWith(hash + "  "), "the checksum is the library's");
        try (var files = Files.list(cache.directory())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary file is left behind");
        }
    }

    /** NAME.so -> NAME + suffix. */
    private static Path sibling(Path library, String suffix) {
        String name = library.getFileName().toString();
        return library.resolveSibling(name.substring(0, name.length() - ".so".length()) + suffix);
    }

    /** A library cut short (a crash mid-copy, a full disk) or overwritten is rebuilt, and the rebuilt one computes the right bits. */
    @Test
    void aDamagedLibraryIsRebuilt() throws IOException {
        KernelCache cache = cache();
        Model m = model("damaged");
        Lowered lowered = lowered(m);
        String source = NativeKernels.source(m.text(), lowered);
        Path lib = cache.obtain("t", source).library();
        byte[] whole = Files.readAllBytes(lib);
        Files.write(lib, java.util.Arrays.copyOf(whole, whole.length / 2));
        KernelCache.Library rebuilt = cache.obtain("t", source);
        assertTrue(rebuilt.compiled(), "a truncated library is compiled again");
        assertEquals(whole.length, Files.size(rebuilt.library()));
        byte[] garbled = Files.readAllBytes(lib);
        garbled[garbled.length / 2] ^= 0x5a;
        Files.write(lib, garbled);
        assertTrue(cache.obtain("t", source).compiled(), "a library whose bytes changed is compiled again");
        assertFalse(cache.obtain("t", source).compiled());

        GridShape shape = GridShape.of2d(21, 13);
        double[] slots = new RunConstants(m.defaultParams(), 0.1, 1, shape).slotValues(lowered);
        try (Simulation nat = Simulation.builder(m).size(21, 13).dt(0.1).parallel(ParallelMode.SERIAL, 1)
                .kernel(NativeKernels.create(cache, m.text(), lowered, slots, 0)).build();
             Simulation ref = Simulation.builder(m).size(21, 13).dt(0.1).parallel(ParallelMode.SERIAL, 1).backend(Backend.INTERPRETED).build()) {
            assertEquals(Backend.NATIVE, nat.kernel().backend());
            nat.run(15);
            ref.run(15);
            Grids.assertBitwiseEquals(ref.field(0).toArray(), nat.field(0).toArray(), 21, "the rebuilt library's result");
        }
    }

    /** Two processes started together, with an empty cache, need one library: one compiles it, the other waits and loads it. */
    @Test
    void twoProcessesStartedTogetherCompileOnceAndBothRun() throws Exception {
        NativeTestSupport.requireCompiler();
        Path dir = tmp.resolve("shared-cache");
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path out = tmp.resolve("race-" + i + ".txt");
            outputs.add(out);
            List<String> cmd = Cli.command(List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"),
                    CacheRaceMain.class.getName(), List.of(dir.toString()));
            processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start());
        }
        List<String> results = new ArrayList<>();
        int compiled = 0;
        for (int i = 0; i < 2; i++) {
            Process p = processes.get(i);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                processes.forEach(Process::destroyForcibly);
                throw new AssertionError("process " + i + " did not finish in 120 s");
            }
            String out = Files.readString(outputs.get(i));
            assertEquals(0, p.exitValue(), "process " + i + ":\n" + out);
            String line = out.lines().filter(l -> l.startsWith("compiled=")).findFirst().orElseThrow(() -> new AssertionError(out));
            compiled += line.startsWith("compiled=true") ? 1 : 0;
            results.add(line.substring(line.indexOf(" result=")));
        }
        assertEquals(1, compiled, "exactly one process compiles: " + results);
        assertEquals(results.get(0), results.get(1), "both compute the same");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".so")).count(), "one library");
        }
    }

    private Path script(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** `cc --version` runs once per compiler file: its answer is kept in the cache, and asked again when the file changes. */
    @Test
    void theCompilersVersionIsAskedOncePerCompilerFile() throws IOException {
        Path count = tmp.resolve("asked");
        Path cc = script("counting-cc", "echo x >> " + count + "; echo 'countcc 1.0'");
        KernelCache cache = new KernelCache(tmp.resolve("cache"), cc.toString());
        String first = cache.key("int x;");
        assertEquals(first, new KernelCache(tmp.resolve("cache"), cc.toString()).key("int x;"));
        assertEquals(1, Files.readAllLines(count).size(), "asked once");
        try (var files = Files.list(cache.directory())) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("compiler-")).count(), "the answer is kept in the cache");
        }
        script("counting-cc", "echo x >> " + count + "; echo 'countcc 2.0, upgraded'");
        assertNotEquals(first, cache.key("int x;"), "a changed compiler gives other libraries");
        assertEquals(2, Files.readAllLines(count).size(), "asked again after the change");
    }

    @Test
    void aMissingCompilerIsOneLineNamingIt() {
        KernelCache none = new KernelCache(tmp.resolve("cache"), tmp.resolve("no-such-gcc").toString());
        String m = assertThrows(KernelUnavailableException.class, () -> none.obtain("t", "int x;")).getMessage();
        assertTrue(m.contains("compiler '" + tmp.resolve("no-such-gcc") + "' was not found (no such executable file)")
                && m.contains("install gcc"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void aFailingCompilerIsOneLineWithItsFirstErrorsAndTheLog() throws IOException {
        Path cc = script("failing-cc", """
                if [ "$1" = --version ]; then echo 'failcc 1.0'; exit 0; fi
                echo 'kernel.c:12:5: error: something broke' >&2
                echo 'kernel.c:13:1: error: and more' >&2
                echo 'compilation terminated.' >&2
                echo 'a fourth line nobody needs in the message' >&2
                exit 1""");
        KernelCache failing = new KernelCache(tmp.resolve("cache"), cc.toString());
        String m = assertThrows(KernelUnavailableException.class, () -> failing.obtain("t", "int x;")).getMessage();
        assertTrue(m.contains(cc + " exited with status 1") && m.contains("error: something broke | kernel.c:13:1: error: and more"), m);
        assertFalse(m.contains("fourth line") || m.contains("\n"), m);
        String log = m.substring(m.indexOf("full log: ") + "full log: ".length(), m.indexOf(";", m.indexOf("full log: ")));
        assertTrue(Files.readString(Path.of(log)).contains("fourth line"), "the whole output is in the log");
        try (var files = Files.list(failing.directory())) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".so")), "no library is published");
        }
    }

    /** The user's view: no gcc on PATH, --backend native is one line and exit 2; the vector backend still runs. */
    @Test
    void withoutGccOnPathTheNativeBackendSaysSoAndTheOthersRun() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", tmp.resolve("empty-bin").toString());
        env.put("JSTENCIL_CC", null);
        List<String> jvm = List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Djstencil.cache.dir=" + tmp.resolve("cli-cache"));
        Cli.Result r = Cli.spawn(jvm, List.of("run", "heat", "--backend", "native", "--steps", "2", "--size", "16"), env, 120);
        List<String> lines = r.err().lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING:")).toList();
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, lines.size(), "one line: " + lines);
        assertTrue(lines.getFirst().contains("compiler 'gcc' was not found (not on PATH)") && lines.getFirst().contains("--backend vector"),
                lines.getFirst());
        Cli.Result vector = Cli.spawn(jvm, List.of("run", "heat", "--backend", "vector", "--steps", "2", "--size", "16"), env, 120);
        assertEquals(0, vector.exitCode(), vector.err());
    }
}
