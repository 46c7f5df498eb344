package dev.jstencil.io.series;

/** The little XML the series files need: attribute values and numbers. */
final class Xml {
    private Xml() {
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }

    /** A number as VTK and ParaView parse it (strtod): shortest exact text, "1e-05" style exponents kept. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
