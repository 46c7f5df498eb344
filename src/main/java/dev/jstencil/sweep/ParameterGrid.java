package dev.jstencil.sweep;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The points of a sweep: every combination of the axes' values. Point {@code i} has the first axis
 * varying fastest, so with two axes index = column + row * columns (the mosaic's layout).
 */
public record ParameterGrid(List<Axis> axes) {
    public ParameterGrid {
        axes = List.copyOf(axes);
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one --vary NAME=FROM:TO:COUNT");
        }
        Set<String> names = new HashSet<>();
        long n = 1;
        for (Axis a : axes) {
            if (!names.add(a.name())) {
                throw new IllegalArgumentException("--vary " + a.name() + " is given twice: vary each parameter once");
            }
            n *= a.count();
            if (n > Axis.MAX_COUNT) {
                throw new IllegalArgumentException("the sweep " + this.axesText(axes) + " has more than " + Axis.MAX_COUNT + " points: "
                        + "use fewer values");
            }
        }
    }

    private String axesText(List<Axis> list) {
        return String.join(" ", list.stream().map(Axis::toString).toList());
    }

    /** Number of points (runs). */
    public int size() {
        int n = 1;
        for (Axis a : axes) {
            n *= a.count();
        }
        return n;
    }

    /** Point {@code index}'s value number along each axis. */
    public int[] coordinates(int index) {
        int[] c = new int[axes.size()];
        int rest = index;
        for (int i = 0; i < c.length; i++) {
            c[i] = rest % axes.get(i).count();
            rest /= axes.get(i).count();
        }
        return c;
    }

    /** Point {@code index}'s parameter values, in the axes' order. */
    public double[] values(int index) {
        int[] c = coordinates(index);
        double[] v = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            v[i] = axes.get(i).value(c[i]);
        }
        return v;
    }

    public List<String> names() {
        return axes.stream().map(Axis::name).toList();
    }

    @Override
    public String toString() {
        return axesText(axes);
    }
}
