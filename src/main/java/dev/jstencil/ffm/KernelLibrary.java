package dev.jstencil.ffm;

import dev.jstencil.kernel.KernelUnavailableException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One generated kernel library, loaded: the addresses of the functions of native/include/jstencil.h
 * in it, called through the jextract-shaped {@code jstencil_*_fn.invoke}. Loaded once per path per
 * JVM and never unloaded (a kernel may outlive any one simulation).
 */
final class KernelLibrary {
    private static final Map<Path, KernelLibrary> LOADED = new ConcurrentHashMap<>();

    final Path path;
    final MemorySegment band;
    final MemorySegment row;
    final MemorySegment plane;
    final MemorySegment noiseKey;
    final MemorySegment noiseBits;

    private KernelLibrary(Path path, SymbolLookup lookup) {
        this.path = path;
        MemorySegment abi = find(lookup, "jstencil_abi_version");
        int version = jstencil_abi_version_fn.invoke(abi);
        if (version != jstencil_h.JSTENCIL_ABI_VERSION()) {
            throw new KernelUnavailableException(path + " has ABI version " + version + " but this jstencil needs "
                    + jstencil_h.JSTENCIL_ABI_VERSION() + ": delete it and run again");
        }
        band = find(lookup, "jstencil_band");
        row = find(lookup, "jstencil_row");
        plane = find(lookup, "jstencil_plane");
        noiseKey = find(lookup, "jstencil_noise_key");
        noiseBits = find(lookup, "jstencil_noise_bits");
    }

    private MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new KernelUnavailableException(path + " is not a jstencil kernel library: it has no "
                + name + ""));
    }

    /**
     * @throws KernelUnavailableException if the file cannot be loaded or is not a kernel library of this ABI
     */
    static KernelLibrary load(Path library) {
        Path path = library.toAbsolutePath().normalize();
        return LOADED.computeIfAbsent(path, p -> {
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(p, Arena.global());
            } catch (IllegalArgumentException e) {
                throw new KernelUnavailableException("cannot load " + p + ": " + oneLine(e), e);
            } catch (IllegalCallerException e) {
                throw new KernelUnavailableException("native access is not enabled: start java with --enable-native-access=ALL-UNNAMED ("
                        + oneLine(e) + ")", e);
            }
            return new KernelLibrary(p, lookup);
        });
    }

    private static String oneLine(Throwable t) {
        return String.valueOf(t.getMessage() != null ? t.getMessage() : t.toString()).replace('\n', ' ');
    }
}
