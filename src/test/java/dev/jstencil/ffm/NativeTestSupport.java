package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jstencil.kernel.KernelUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared checks of the native tests: they fail loudly, never skip, when the native parts are missing. */
final class NativeTestSupport {
    private NativeTestSupport() {
    }

    /** The C compiler the native backend runs, or fails the test saying why (CI installs gcc, so this must work there). */
    static void requireCompiler() {
        try {
            KernelCache.standard().compilerVersion();
        } catch (KernelUnavailableException e) {
            fail("the native backend is needed by this test but cannot compile: " + e.getMessage(), e);
        }
    }

    /** The standalone 2D C benchmark built by native/build.sh, or a failure saying why it is missing. */
    static Path requireBench() {
        return requireProgram("jstencil.native.bench", "target/native/grayscott-bench");
    }

    /** The standalone 3D C benchmark (native/bench/grayscott3d_bench.c) built by native/build.sh, or a failure saying why it is missing. */
    static Path requireBench3d() {
        return requireProgram("jstencil.native.bench3d", "target/native/grayscott3d-bench");
    }

    private static Path requireProgram(String property, String where) {
        String p = System.getProperty(property);
        if (p == null) {
            fail("system property " + property + " is not set (surefire sets it to " + where + ")");
        }
        Path bench = Path.of(p);
        if (!Files.isExecutable(bench)) {
            fail(bench + " does not exist or is not executable: native/build.sh did not build it (needs gcc with OpenMP); "
                    + "run mvn package and check its warnings");
        }
        return bench;
    }
}
