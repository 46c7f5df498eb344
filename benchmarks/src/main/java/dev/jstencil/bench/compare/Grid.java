package dev.jstencil.bench.compare;

import java.util.Collections;

/**
 * The grid one {@code --sizes} entry stands for: {@code side} cells on each of the model's
 * {@code dims} axes (256 in 2D is 256 x 256 cells, 128 in 3D is 128 x 128 x 128). Everything that
 * depends on how many cells a size means (MLUP/s, steps per run, the fields' bytes, labels) asks
 * this.
 */
record Grid(int side, int dims) {
    Grid {
        if (side < 1 || dims < 2 || dims > 3) {
            throw new IllegalArgumentException("grid side " + side + " in " + dims + "D");
        }
    }

    /** Lattice cells updated per step: side², side³. */
    long cells() {
        long cells = 1;
        for (int i = 0; i < dims; i++) {
            cells *= side;
        }
        return cells;
    }

    /** Short label: "256²", "128³". */
    String label() {
        return side + power(dims);
    }

    /** The grid spelled out: "256 × 256", "128 × 128 × 128". */
    String title() {
        return String.join(" × ", Collections.nCopies(dims, Integer.toString(side)));
    }

    /** "²" or "³": how a side becomes a cell count in this many dimensions. */
    static String power(int dims) {
        return dims == 2 ? "²" : "³";
    }
}
