package dev.jstencil.io.series;

import dev.jstencil.io.AtomicFile;
import dev.jstencil.grid.Field;
import dev.jstencil.io.Colormap;
import dev.jstencil.io.Npy;
import dev.jstencil.io.PngWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Turns a snapshot into files; called on the writer thread, one snapshot at a time, in step order.
 * Each file is written through {@link AtomicFile}, so a failure names the file and leaves no partial one.
 */
public interface SnapshotFormat {
    /** The formats {@link #of} knows. */
    List<String> NAMES = List.of("vti", "npy", "png");

    /** "vti", "npy", "png". */
    String name();

    void write(Snapshot s) throws IOException;

    /**
     * A format by name: {@code vti} ({@code <prefix>_<step>.vti} and {@code <prefix>.pvd}), {@code npy}
     * ({@code <field>_<step>.npy}) or {@code png} ({@code <field>_<step>.png}; 3D: the middle z slice).
     */
    static SnapshotFormat of(String name, SeriesFiles files, String prefix, double spacing) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "vti" -> new Vti(files, prefix, spacing);
            case "npy" -> new FieldFrames(files, "npy", Npy::write);
            case "png" -> new FieldFrames(files, "png", SnapshotFormat::png);
            default -> throw new IllegalArgumentException("format '" + name + "' is not one of " + NAMES);
        };
    }

    /** Writes one file of a field. */
    @FunctionalInterface
    interface FieldFile {
        void write(Path tmp, Field field) throws IOException;
    }

    /** One .vti per snapshot with every field, and the .pvd collection of them with their times. */
    final class Vti implements SnapshotFormat {
        private final SeriesFiles files;
        private final String prefix;
        private final double spacing;
        private final PvdWriter pvd;

        public Vti(SeriesFiles files, String prefix, double spacing) {
            this.files = files;
            this.prefix = prefix;
            this.spacing = spacing;
            this.pvd = new PvdWriter(files.dir().resolve(prefix + ".pvd"));
        }

        @Override
        public String name() {
            return "vti";
        }

        @Override
        public void write(Snapshot s) throws IOException {
            Path file = files.file(prefix, s.step(), "vti");
            AtomicFile.write(file, tmp -> VtiWriter.write(tmp, s.names(), s.fields(), spacing));
            pvd.add(s.time(), file);
        }
    }

    /**
     * One process's piece of a grid split among processes: {@code <prefix>_<step>_<rank>.vti} with the points
     * of {@code extent} ({@link Extent#piece}); the {@code .pvti} that joins the pieces is {@link PvtiSeries}'s.
     */
    record VtiPiece(SeriesFiles files, String prefix, double spacing, Extent extent, int rank, int ranks) implements SnapshotFormat {
        @Override
        public String name() {
            return "vti";
        }

        @Override
        public void write(Snapshot s) throws IOException {
            AtomicFile.write(files.piece(prefix, s.step(), rank, ranks, "vti"), tmp -> VtiWriter.write(tmp, s.names(), s.fields(), spacing, extent));
        }
    }

    /** {@code <field>_<step>.<ext>} for each field, each written by {@code body} (atomically). */
    record FieldFrames(SeriesFiles files, String name, FieldFile body) implements SnapshotFormat {
        @Override
        public void write(Snapshot s) throws IOException {
            for (int i = 0; i < s.fields().size(); i++) {
                Field f = s.fields().get(i);
                AtomicFile.write(files.file(s.names().get(i), s.step(), name), tmp -> body.write(tmp, f));
            }
        }
    }

    /** A PNG of a field (viridis, from its own min to max); 3D: the middle z slice. */
    private static void png(Path file, Field f) throws IOException {
        var img = PngWriter.image(f, f.nz() / 2, Colormap.VIRIDIS);
        try (OutputStream os = Files.newOutputStream(file)) {
            if (!ImageIO.write(img, "png", os)) {
                throw new IOException("no PNG writer in this JVM");
            }
        }
    }
}
