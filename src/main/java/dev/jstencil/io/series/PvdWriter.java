package dev.jstencil.io.series;

import dev.jstencil.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A ParaView collection ({@code .pvd}) of the data sets written so far, each with its simulation time
 * as {@code timestep}, so ParaView opens the series as one data set with a time axis. The file is
 * rewritten (atomically) after each data set, so after a crash it lists exactly the complete files.
 */
public final class PvdWriter {
    private final Path file;
    private final StringBuilder entries = new StringBuilder();
    private int count;

    public PvdWriter(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Data sets listed so far. */
    public int count() {
        return count;
    }

    /** Adds {@code dataSet} (a file in the .pvd's directory) at {@code time} and rewrites the collection. */
    public void add(double time, Path dataSet) throws IOException {
        int mark = entries.length();
        entries.append("    <DataSet timestep=\"").append(Xml.number(time)).append("\" group=\"\" part=\"0\" file=\"")
                .append(Xml.escape(dataSet.getFileName().toString())).append("\"/>\n");
        try {
            write();
        } catch (IOException e) {
            entries.setLength(mark); // the file still lists what it listed before
            throw e;
        }
        count++;
    }

    private void write() throws IOException {
        String text = "<?xml version=\"1.0\"?>\n"
                + "<VTKFile type=\"Collection\" version=\"0.1\">\n"
                + "  <Collection>\n" + entries + "  </Collection>\n"
                + "</VTKFile>\n";
        AtomicFile.write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }
}
