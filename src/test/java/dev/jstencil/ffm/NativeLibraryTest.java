package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.kernel.KernelUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When libjstencil.so cannot be loaded, the error says why. */
class NativeLibraryTest {
    @TempDir
    Path tmp;

    @Test
    void missingFileIsNamed() {
        Path missing = tmp.resolve("nowhere/libjstencil.so");
        String m = assertThrows(KernelUnavailableException.class, () -> NativeLibrary.load(missing, "test")).getMessage();
        assertTrue(m.contains("no such file") && m.contains(missing.toString()), m);
    }

    @Test
    void fileThatIsNotALibraryGivesTheLoaderError() throws Exception {
        Path junk = Files.writeString(tmp.resolve("libjunk.so"), "this is not an ELF file\n");
        String m = assertThrows(KernelUnavailableException.class, () -> NativeLibrary.load(junk, "test")).getMessage();
        assertTrue(m.contains("cannot load it") && m.contains("libjunk.so"), m);
        assertTrue(!m.contains("\n"), "one line: " + m);
    }

    @Test
    void otherPlatformsAreNamed() {
        String m = assertThrows(KernelUnavailableException.class,
                () -> NativeLibrary.requireSupportedPlatform("Mac OS X", "aarch64")).getMessage();
        assertTrue(m.contains("Mac OS X/aarch64") && m.contains(NativeLibrary.PLATFORM), m);
        NativeLibrary.requireSupportedPlatform("Linux", "amd64"); // no exception
    }

    @Test
    void loadsFromTheBuildAndReportsItsOrigin() {
        NativeTestSupport.requireNativeLibrary();
        String origin = NativeLibrary.require();
        assertTrue(origin.contains("libjstencil.so"), origin);
        assertEquals(jstencil_h.JSTENCIL_ABI_VERSION(), jstencil_h.jstencil_abi_version());
        jstencil_h.jstencil_noop();
    }

    /** The whole path a user sees: {@code --backend native} with a bad -Djstencil.native.path. */
    @Test
    void cliPrintsOneLineSayingWhy() throws Exception {
        Path missing = tmp.resolve("missing/libjstencil.so");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessRunner r = ProcessRunner.run(tmp, List.of(java, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-D" + NativeLibrary.PATH_PROPERTY + "=" + missing, "-cp", System.getProperty("java.class.path"),
                "dev.jstencil.cli.Main", "gray-scott", "--backend", "native", "--size", "16", "--steps", "1", "--no-png"));
        assertEquals(2, r.exitCode(), "a backend this machine cannot run is bad input: " + r);
        List<String> err = r.errorLines();
        assertEquals(1, err.size(), r.toString());
        assertTrue(err.getFirst().startsWith("jstencil: error: ") && err.getFirst().contains(missing.toString())
                && err.getFirst().contains("no such file"), err.getFirst());
    }
}
