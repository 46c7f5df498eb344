package dev.jstencil.grid;

import dev.jstencil.util.CliNames;

/** What the ghost cells beyond one axis's ends hold. */
public enum BoundaryKind {
    /** Wrap-around: the ghost beyond the last cell is the first cell, and so on. */
    PERIODIC,
    /** Zero flux: every ghost cell copies the nearest interior cell (the edge cell). */
    NEUMANN,
    /** Fixed value: ghost cells hold V (one value for every field, or each field's own). */
    DIRICHLET;

    public String cliName() {
        return CliNames.of(this);
    }
}
