package dev.jstencil.kernel.vector;

import jdk.incubator.vector.VectorShape;

/**
 * Chooses the vector width once per JVM. The Vector API only compiles to straight SIMD code when the
 * species is a constant, so kernels keep it in a {@code static final} field initialised from here:
 * {@code -Djstencil.vector.bits=256|512} forces a width, otherwise the CPU's preferred one is used.
 */
final class VectorWidth {
    static final String PROPERTY = "jstencil.vector.bits";

    private VectorWidth() {
    }

    static VectorShape shape() {
        String forced = System.getProperty(PROPERTY);
        if (forced == null || forced.isBlank() || forced.equals("auto")) {
            return VectorShape.preferredShape();
        }
        VectorShape shape = switch (forced.trim()) {
            case "128" -> VectorShape.S_128_BIT;
            case "256" -> VectorShape.S_256_BIT;
            case "512" -> VectorShape.S_512_BIT;
            default -> throw new IllegalArgumentException(PROPERTY + "=" + forced + " is not allowed: use 128, 256, 512 or auto");
        };
        if (shape.vectorBitSize() > VectorShape.preferredShape().vectorBitSize()) {
            throw new IllegalArgumentException(PROPERTY + "=" + forced + " is wider than this CPU's vectors ("
                    + VectorShape.preferredShape().vectorBitSize() + " bits)");
        }
        return shape;
    }
}
