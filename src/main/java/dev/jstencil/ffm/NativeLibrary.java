package dev.jstencil.ffm;

import dev.jstencil.kernel.KernelUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads libjstencil.so once per JVM: from {@code -Djstencil.native.path=/path/libjstencil.so} if
 * given, else from the class path resource {@value #RESOURCE} (packaged into the jar by
 * native/build.sh), extracted to a temporary file. The bindings in {@link jstencil_h} then find its
 * symbols through {@code SymbolLookup.loaderLookup()}. The library must report
 * {@link jstencil_h#JSTENCIL_ABI_VERSION()}.
 *
 * <p>The outcome, success or the reason for failure, is decided on first use and kept: a JVM makes
 * one load attempt. Every failure is a {@link KernelUnavailableException} whose one-line message
 * says why and what to do.
 */
final class NativeLibrary {
    static final String PATH_PROPERTY = "jstencil.native.path";
    static final String PLATFORM = "linux-x86_64";
    static final String RESOURCE = "/native/" + PLATFORM + "/libjstencil.so";

    private NativeLibrary() {
    }

    /** Loads the library if this JVM has not tried yet; returns where it came from, or throws why not. */
    static String require() {
        Outcome o = Once.OUTCOME;
        if (o.failure() != null) {
            // A fresh exception per call, so each caller's stack trace is its own.
            throw new KernelUnavailableException(o.failure().getMessage(), o.failure().getCause());
        }
        return o.origin();
    }

    private record Outcome(String origin, KernelUnavailableException failure) {
    }

    /** Class initialisation runs {@link #loadOnce()} exactly once, thread-safely, on first use. */
    private static final class Once {
        static final Outcome OUTCOME = loadOnce();
    }

    private static Outcome loadOnce() {
        try {
            String override = System.getProperty(PATH_PROPERTY);
            if (override != null && !override.isBlank()) {
                Path file = Path.of(override.trim());
                load(file, "-D" + PATH_PROPERTY + "=" + override.trim());
                return new Outcome(file.toAbsolutePath().toString(), null);
            }
            requireSupportedPlatform(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"));
            Path extracted = extractResource();
            try {
                load(extracted, "class path resource " + RESOURCE + " (extracted to " + extracted + ")");
            } finally {
                // On Linux a loaded library stays mapped after its file is gone: delete now, so nothing is
                // left behind even if the JVM dies; fall back to deleteOnExit if that fails.
                try {
                    Files.deleteIfExists(extracted);
                } catch (IOException e) {
                    extracted.toFile().deleteOnExit();
                }
            }
            return new Outcome("jar resource " + RESOURCE, null);
        } catch (KernelUnavailableException e) {
            return new Outcome(null, e);
        }
    }

    static void requireSupportedPlatform(String os, String arch) {
        String o = os.toLowerCase(Locale.ROOT);
        String a = arch.toLowerCase(Locale.ROOT);
        if (!o.startsWith("linux") || !(a.equals("amd64") || a.equals("x86_64"))) {
            throw new KernelUnavailableException("the native backend is built for " + PLATFORM + " only, and this JVM runs on "
                    + os + "/" + arch + "; build libjstencil.so for it (native/build.sh) and pass -D" + PATH_PROPERTY + "=<file>");
        }
    }

    private static Path extractResource() {
        try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new KernelUnavailableException("libjstencil.so is not in this build (no class path resource " + RESOURCE
                        + "): jstencil was built without a C compiler; install gcc and rebuild (mvn package), or pass -D"
                        + PATH_PROPERTY + "=/path/to/libjstencil.so");
            }
            Path tmp = Files.createTempFile("jstencil-", ".so");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return tmp;
        } catch (IOException e) {
            throw new KernelUnavailableException("cannot extract " + RESOURCE + " to a temporary file: " + e, e);
        }
    }

    /**
     * Loads {@code file} into this class loader and checks its ABI version and symbols. Does not
     * cache: {@link #require()} calls it once; tests call it directly with bad files.
     */
    static void load(Path file, String origin) {
        Path abs = file.toAbsolutePath();
        if (!Files.isRegularFile(abs)) {
            throw new KernelUnavailableException(origin + ": no such file " + abs);
        }
        try {
            System.load(abs.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new KernelUnavailableException(origin + ": cannot load it: " + oneLine(e), e);
        } catch (IllegalCallerException e) {
            throw new KernelUnavailableException("native access is not enabled: start java with --enable-native-access=ALL-UNNAMED ("
                    + oneLine(e) + ")", e);
        }
        int version;
        try {
            version = jstencil_h.jstencil_abi_version();
            // Resolve every kernel now, so a library missing a symbol fails here and not mid-run.
            jstencil_h.jstencil_gs_band_f64$handle();
            jstencil_h.jstencil_gs_band_f32$handle();
            jstencil_h.jstencil_noop$handle();
        } catch (LinkageError e) { // UnsatisfiedLinkError, or ExceptionInInitializerError wrapping it
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new KernelUnavailableException(origin + " is not a usable libjstencil.so: " + oneLine(cause), e);
        }
        if (version != jstencil_h.JSTENCIL_ABI_VERSION()) {
            throw new KernelUnavailableException(origin + " has ABI version " + version + " but this jstencil needs "
                    + jstencil_h.JSTENCIL_ABI_VERSION() + ": rebuild it (mvn package) from the same sources");
        }
    }

    private static String oneLine(Throwable t) {
        return String.valueOf(t.getMessage() != null ? t.getMessage() : t.toString()).replace('\n', ' ');
    }
}
