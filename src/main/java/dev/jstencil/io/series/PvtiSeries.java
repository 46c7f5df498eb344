package dev.jstencil.io.series;

import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The index of a VTK series whose grid is split among processes, each writing its piece
 * ({@link SnapshotFormat.VtiPiece}): per snapshot a {@code <prefix>_<step>.pvti} (PImageData: the whole
 * grid's extent, the point arrays, one {@code <Piece Extent Source>} per process), and the
 * {@code <prefix>.pvd} that lists the .pvti files with their times. Its caller adds a snapshot only once
 * every piece of it is written, so the .pvd, like one process's, lists only complete data sets.
 */
public final class PvtiSeries {
    private final SeriesFiles files;
    private final String prefix;
    private final double spacing;
    private final List<String> names;
    private final Precision precision;
    private final GridShape global;
    private final List<Extent> pieces;
    private final PvdWriter pvd;

    /** {@code pieces}: each process's extent, by rank. */
    public PvtiSeries(SeriesFiles files, String prefix, double spacing, List<String> names, Precision precision, GridShape global,
                      List<Extent> pieces) {
        if (names.isEmpty() || pieces.isEmpty()) {
            throw new IllegalArgumentException("a .pvti needs at least one field and one piece: fields " + names + ", " + pieces.size() + " pieces");
        }
        this.files = files;
        this.prefix = prefix;
        this.spacing = spacing;
        this.names = List.copyOf(names);
        this.precision = precision;
        this.global = global;
        this.pieces = List.copyOf(pieces);
        this.pvd = new PvdWriter(files.dir().resolve(prefix + ".pvd"));
    }

    /** Writes the .pvti of the snapshot of {@code step} (its pieces written already) and lists it in the .pvd at {@code time}. */
    public void add(long step, double time) throws IOException {
        Path file = files.file(prefix, step, "pvti");
        String text = text(step);
        AtomicFile.write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
        pvd.add(time, file);
    }

    /** Data sets the .pvd lists. */
    public int count() {
        return pvd.count();
    }

    String text(long step) {
        String h = Xml.number(spacing), type = VtiWriter.dataType(precision);
        StringBuilder sb = new StringBuilder()
                .append("<?xml version=\"1.0\"?>\n")
                .append("<VTKFile type=\"PImageData\" version=\"1.0\" byte_order=\"").append(VtiWriter.byteOrder())
                .append("\" header_type=\"UInt64\">\n")
                .append("  <PImageData WholeExtent=\"").append(Extent.whole(global)).append("\" GhostLevel=\"0\" Origin=\"0 0 0\" Spacing=\"")
                .append(h).append(' ').append(h).append(' ').append(h).append("\">\n")
                .append("    <PPointData Scalars=\"").append(Xml.escape(names.getFirst())).append("\">\n");
        for (String name : names) {
            sb.append("      <PDataArray type=\"").append(type).append("\" Name=\"").append(Xml.escape(name))
                    .append("\" NumberOfComponents=\"1\"/>\n");
        }
        sb.append("    </PPointData>\n");
        for (int rank = 0; rank < pieces.size(); rank++) {
            String source = files.piece(prefix, step, rank, pieces.size(), "vti").getFileName().toString();
            sb.append("    <Piece Extent=\"").append(pieces.get(rank)).append("\" Source=\"").append(Xml.escape(source)).append("\"/>\n");
        }
        return sb.append("  </PImageData>\n").append("</VTKFile>\n").toString();
    }
}
