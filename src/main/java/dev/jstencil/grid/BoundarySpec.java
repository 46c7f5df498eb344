package dev.jstencil.grid;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The boundaries of a grid: one {@link AxisBoundary} for every axis, or one per axis in the order
 * x, y[, z]. Written {@code periodic}, or {@code neumann,periodic}, or {@code dirichlet=0,neumann,periodic}.
 */
public record BoundarySpec(List<AxisBoundary> axes) {
    public static final BoundarySpec PERIODIC = new BoundarySpec(List.of(AxisBoundary.PERIODIC));

    public BoundarySpec {
        axes = List.copyOf(axes);
        if (axes.isEmpty() || axes.size() > 3) {
            throw new IllegalArgumentException("a boundary gives one kind for every axis or one per axis (x,y or x,y,z), not "
                    + axes.size());
        }
    }

    /** Parses the command line's {@code --bc} value. */
    public static BoundarySpec parse(String text) {
        return new BoundarySpec(List.of(text.split(",", -1)).stream().map(AxisBoundary::parse).toList());
    }

    /** The boundary of each of {@code dims} axes: one kind repeated, or exactly {@code dims} kinds. */
    public List<AxisBoundary> forDims(int dims) {
        if (axes.size() == 1) {
            return java.util.Collections.nCopies(dims, axes.getFirst());
        }
        if (axes.size() != dims) {
            throw new IllegalArgumentException("boundary '" + this + "' names " + axes.size() + " axes but the grid is " + dims
                    + "D: give one kind for every axis or exactly " + dims + " (" + (dims == 2 ? "x,y" : "x,y,z") + ")");
        }
        return axes;
    }

    @Override
    public String toString() {
        return axes.stream().map(AxisBoundary::toString).collect(Collectors.joining(","));
    }
}
