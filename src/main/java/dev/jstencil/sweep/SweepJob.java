package dev.jstencil.sweep;

/** One point of the grid to run: its index (the record's name and the tile's place) and parameter values. */
public record SweepJob(int index, double[] values) {
}
