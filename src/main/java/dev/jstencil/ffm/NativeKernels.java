package dev.jstencil.ffm;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.kernel.KernelUnavailableException;
import dev.jstencil.kernel.StencilKernel;
import java.util.Objects;

/**
 * Entry point looked up reflectively by {@code dev.jstencil.kernel.Kernels} for {@code --backend
 * native}: the C Gray-Scott kernel of native/src called through the Foreign Function API, for models
 * whose formulas are Gray-Scott's ({@link GrayScottMatch}).
 */
public final class NativeKernels {
    private NativeKernels() {
    }

    /**
     * @throws KernelUnavailableException if libjstencil.so cannot be loaded or the model is not Gray-Scott; the message says why
     */
    public static StencilKernel create(Lowered lowered, double[] slots) {
        Objects.requireNonNull(lowered, "lowered");
        NativeLibrary.require();
        GrayScottMatch.Coefficients k = GrayScottMatch.match(lowered, slots).orElseThrow(() -> new KernelUnavailableException(
                "the native backend runs only models whose formulas are the built-in gray-scott model's (2D) for now; "
                        + "use --backend vector or interpreted for this one"));
        return new NativeKernel(lowered.precision(), k);
    }
}
