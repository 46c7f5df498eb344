package dev.jstencil.kernel.vector;

import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.GrayScottKernel;

/**
 * Entry point looked up reflectively by {@code dev.jstencil.kernel.Kernels}, so that nothing outside
 * this package links against {@code jdk.incubator.vector} and a JVM without the module still runs
 * the scalar kernel.
 */
public final class VectorKernels {
    private VectorKernels() {
    }

    public static GrayScottKernel create(Precision precision) {
        return switch (precision) {
            case F64 -> new VectorKernelF64();
            case F32 -> new VectorKernelF32();
        };
    }
}
