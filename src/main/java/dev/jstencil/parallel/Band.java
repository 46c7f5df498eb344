package dev.jstencil.parallel;

/** A contiguous range of interior rows [y0, y1), the unit of work of one worker. */
public record Band(int index, int y0, int y1) {
    public Band {
        if (index < 0 || y0 < 0 || y1 < y0) {
            throw new IllegalArgumentException("bad band #" + index + " rows [" + y0 + ", " + y1 + ")");
        }
    }

    public int rows() {
        return y1 - y0;
    }

    @Override
    public String toString() {
        return "band " + index + " (rows " + y0 + ".." + (y1 - 1) + ")";
    }
}
