package dev.jstencil.ffm;

import dev.jstencil.codegen.CSourceGenerator;
import dev.jstencil.codegen.Lowered;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.KernelUnavailableException;
import dev.jstencil.kernel.StencilKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Entry point looked up reflectively by {@code dev.jstencil.kernel.Kernels} for {@code --backend
 * native}: C generated from the model ({@link CSourceGenerator}), compiled by the machine's gcc into
 * the {@link KernelCache} (or found there), loaded and called through the Foreign Function API.
 */
public final class NativeKernels {
    private NativeKernels() {
    }

    /** The C source of a model's kernels (what the cache compiles, and what {@code --dump-kernel} writes). */
    public static String source(String modelText, Lowered lowered) {
        return CSourceGenerator.generate(lowered, "this model:\n\n" + modelText.strip());
    }

    /** The readable start of the cache's file names for this kernel. */
    public static String stem(Lowered lowered) {
        return "kernel-" + lowered.dims() + "d-" + (lowered.precision() == Precision.F64 ? "f64" : "f32");
    }

    /**
     * @throws KernelUnavailableException if the C cannot be compiled or loaded; the one-line message says why
     */
    public static StencilKernel create(String modelText, Lowered lowered, double[] slots, long seed) {
        return create(KernelCache.standard(), modelText, lowered, slots, seed);
    }

    static StencilKernel create(KernelCache cache, String modelText, Lowered lowered, double[] slots, long seed) {
        Objects.requireNonNull(lowered, "lowered");
        Objects.requireNonNull(slots, "slots");
        return new NativeKernel(lowered, slots, seed, library(cache, modelText, lowered));
    }

    /** The loaded library of a model: cached or compiled now; one that will not load is rebuilt once. */
    static KernelLibrary library(KernelCache cache, String modelText, Lowered lowered) {
        String source = source(modelText, lowered);
        KernelCache.Library lib = cache.obtain(stem(lowered), source);
        try {
            return KernelLibrary.load(lib.library());
        } catch (KernelUnavailableException e) {
            if (lib.compiled()) {
                throw e;
            }
            cache.evict(stem(lowered), source); // intact by its checksum, yet unusable: build it again
            return KernelLibrary.load(cache.obtain(stem(lowered), source).library());
        }
    }

    /** Writes a model's generated C into {@code dir}; returns the file. */
    public static Path dump(String modelText, Lowered lowered, String modelName, Path dir) throws IOException {
        Path file = dir.resolve(modelName.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + lowered.dims() + "d-"
                + (lowered.precision() == Precision.F64 ? "f64" : "f32") + ".c");
        Files.writeString(file, source(modelText, lowered), StandardCharsets.UTF_8);
        return file;
    }
}
