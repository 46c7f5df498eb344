package dev.jstencil.cli;

/** {@code --vector-bits auto|256|512}: sets the property the vector kernels read once, when they first load. */
final class VectorBits {
    private VectorBits() {
    }

    static void apply(String value) {
        if (!value.equals("auto") && !value.equals("256") && !value.equals("512")) {
            throw new IllegalArgumentException("--vector-bits '" + value + "' is not allowed: use auto, 256 or 512");
        }
        if (!value.equals("auto")) {
            System.setProperty("jstencil.vector.bits", value);
        }
    }
}
