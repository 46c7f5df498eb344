package dev.jstencil.mpi;

import dev.jstencil.ffm.KernelCache;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The MPI shim (native/mpi/jstencil_mpi.c with native/include/jstencil_mpi.h pasted in) compiled by the
 * machine's {@code mpicc} ({@code $JSTENCIL_MPICC} overrides it) into jstencil's kernel cache, where it is
 * kept like a generated kernel: named by a hash of its source, the compiler's version and the CPU, compiled
 * once (the ranks of a job that start together wait for one compiler under the cache's lock), checksummed.
 * Only a JVM that mpirun started gets here: a single process never needs mpicc or the MPI library.
 */
final class MpiLibrary {
    static final String MPICC_ENV = "JSTENCIL_MPICC";
    private static final String HEADER = "jstencil_mpi.h", SOURCE = "jstencil_mpi.c";

    private MpiLibrary() {
    }

    /** The C text the cache compiles: the shim with its header in place of the #include. */
    static String source() {
        String c = resource(SOURCE), h = resource(HEADER);
        String include = "#include \"" + HEADER + "\"";
        if (!c.contains(include)) {
            throw new IllegalStateException(SOURCE + " does not include " + HEADER);
        }
        return c.replace(include, "/* ---- " + HEADER + " ---- */\n" + h + "\n/* ---- end of " + HEADER + " ---- */");
    }

    private static String resource(String name) {
        try (InputStream in = MpiLibrary.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the class path (rebuild jstencil)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading resource " + name + ": " + e.getMessage(), e);
        }
    }

    /** Compiles the shim if the cache has no intact copy, and loads it (once per JVM, never unloaded). */
    static SymbolLookup load() {
        String mpicc = System.getenv(MPICC_ENV);
        KernelCache standard = KernelCache.standard();
        KernelCache cache = new KernelCache(standard.directory(), mpicc == null || mpicc.isBlank() ? "mpicc" : mpicc.trim());
        Path wrapper = KernelCache.executable(cache.compiler()).orElseThrow(() -> new MpiException("the MPI shim is compiled with "
                + cache.compiler() + ", which was not found (install libopenmpi-dev and openmpi-bin, or set $" + MPICC_ENV
                + " to your MPI's C compiler wrapper)"));
        Path library;
        try {
            // The cache names a library by the compiler's version, and every MPI's wrapper reports its gcc's: the
            // wrapper's real path (mpicc.openmpi, mpicc.mpich, ...) in the source keeps two MPIs' shims apart.
            String built = "/* built with " + wrapper.toRealPath() + " */\n" + source();
            library = cache.obtain("jstencil-mpi", built).library();
        } catch (java.io.IOException e) {
            throw new MpiException("cannot resolve " + wrapper + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MpiException("cannot build the MPI shim with " + cache.compiler() + " (install libopenmpi-dev, or set $" + MPICC_ENV
                    + "): " + e.getMessage(), e);
        }
        return SymbolLookup.libraryLookup(library, Arena.global());
    }
}
