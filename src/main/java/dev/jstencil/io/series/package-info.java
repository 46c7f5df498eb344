/**
 * Output series written in the background: the stepping thread copies the chosen fields into a
 * pooled off-heap {@link dev.jstencil.io.series.Snapshot} and hands it to one writer thread
 * ({@link dev.jstencil.io.series.SeriesWriter}) through a bounded queue; the writer turns each
 * snapshot into files ({@link dev.jstencil.io.series.SnapshotFormat}: VTK ImageData with a .pvd
 * collection, .npy, PNG), each written under a temporary name and renamed when complete.
 */
package dev.jstencil.io.series;
