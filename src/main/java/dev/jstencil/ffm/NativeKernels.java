package dev.jstencil.ffm;

import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.KernelUnavailableException;
import java.util.Objects;

/**
 * Entry point looked up reflectively by {@code dev.jstencil.kernel.Kernels} for
 * {@code --backend native}: the C kernel of native/src/jstencil_grayscott.c called through the
 * Foreign Function API.
 */
public final class NativeKernels {
    private NativeKernels() {
    }

    /**
     * A native kernel of this precision.
     *
     * @throws KernelUnavailableException if libjstencil.so cannot be loaded; the message says why
     */
    public static GrayScottKernel create(Precision precision) {
        Objects.requireNonNull(precision, "precision");
        NativeLibrary.require();
        return switch (precision) {
            case F64 -> new NativeKernelF64();
            case F32 -> new NativeKernelF32();
        };
    }
}
