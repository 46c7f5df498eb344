package dev.jstencil.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.Precision;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads VTK XML files as VTK's documentation describes them, independently of the writer: a .vti with
 * raw appended data (its XML part parsed by a real XML parser, each array's byte count header and
 * values decoded in the declared byte order), and a .pvd collection.
 */
public final class Vti {
    private static final String APPENDED = "<AppendedData encoding=\"raw\">";

    private Vti() {
    }

    /** One point-data array: its declared type and its values' bits (a double's 64 or a float's 32 bits). */
    public record Array(String name, String type, long[] bits) {
    }

    /** The attributes that locate the image, and its arrays in file order. */
    public record Image(String byteOrder, String headerType, String wholeExtent, String origin, String spacing, String scalars,
                        Map<String, Array> arrays) {
    }

    /** A .pvd entry. */
    public record DataSet(double timestep, String file) {
    }

    public static Image read(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte: indices are byte offsets
        int appended = latin.indexOf(APPENDED);
        assertTrue(appended > 0, file + " has no raw appended data");
        int underscore = latin.indexOf('_', appended + APPENDED.length());
        assertTrue(underscore > 0, file + ": no '_' starts the appended data");
        assertTrue(latin.substring(appended + APPENDED.length(), underscore).isBlank(), "only white space before '_'");
        Document doc = parse(latin.substring(0, underscore) + "</AppendedData></VTKFile>");
        Element root = doc.getDocumentElement();
        assertEquals("VTKFile", root.getTagName());
        assertEquals("ImageData", root.getAttribute("type"));
        Element image = single(root, "ImageData"), piece = single(image, "Piece"), pointData = single(piece, "PointData");
        assertEquals(image.getAttribute("WholeExtent"), piece.getAttribute("Extent"), "one piece covering the image");
        ByteOrder order = switch (root.getAttribute("byte_order")) {
            case "LittleEndian" -> ByteOrder.LITTLE_ENDIAN;
            case "BigEndian" -> ByteOrder.BIG_ENDIAN;
            default -> throw new AssertionError("byte_order " + root.getAttribute("byte_order"));
        };
        int headerBytes = switch (root.getAttribute("header_type")) {
            case "UInt64" -> 8;
            case "UInt32", "" -> 4;
            default -> throw new AssertionError("header_type " + root.getAttribute("header_type"));
        };
        ByteBuffer data = ByteBuffer.wrap(bytes).order(order);
        Map<String, Array> arrays = new LinkedHashMap<>();
        NodeList das = pointData.getElementsByTagName("DataArray");
        long end = 0;
        for (int i = 0; i < das.getLength(); i++) {
            Element da = (Element) das.item(i);
            assertEquals("appended", da.getAttribute("format"));
            int at = underscore + 1 + Integer.parseInt(da.getAttribute("offset"));
            long count = headerBytes == 8 ? data.getLong(at) : Integer.toUnsignedLong(data.getInt(at));
            int size = switch (da.getAttribute("type")) {
                case "Float64" -> 8;
                case "Float32" -> 4;
                default -> throw new AssertionError("type " + da.getAttribute("type"));
            };
            assertEquals(0, count % size, "byte count a multiple of the element size");
            long[] bits = new long[(int) (count / size)];
            for (int k = 0; k < bits.length; k++) {
                int p = at + headerBytes + k * size;
                bits[k] = size == 8 ? data.getLong(p) : Integer.toUnsignedLong(data.getInt(p));
            }
            end = Math.max(end, at + headerBytes + count);
            arrays.put(da.getAttribute("Name"), new Array(da.getAttribute("Name"), da.getAttribute("type"), bits));
        }
        String tail = latin.substring((int) end);
        assertTrue(tail.matches("\\s*</AppendedData>\\s*</VTKFile>\\s*"), "the file ends right after the last array: '" + tail + "'");
        return new Image(root.getAttribute("byte_order"), root.getAttribute("header_type"), image.getAttribute("WholeExtent"),
                image.getAttribute("Origin"), image.getAttribute("Spacing"), pointData.getAttribute("Scalars"), arrays);
    }

    /** A piece of a .pvti: the points it holds ("x0 x1 y0 y1 z0 z1") and its file, relative to the .pvti. */
    public record Piece(String extent, String source) {
    }

    /** A .pvti (PImageData): the whole grid's extent, the point arrays it declares (name to type), its pieces in file order. */
    public record Parallel(String wholeExtent, String origin, String spacing, Map<String, String> arrays, List<Piece> pieces) {
    }

    public static Parallel readParallel(Path pvti) throws Exception {
        Element root = parse(Files.readString(pvti)).getDocumentElement();
        assertEquals("PImageData", root.getAttribute("type"));
        Element image = single(root, "PImageData"), pointData = single(image, "PPointData");
        Map<String, String> arrays = new LinkedHashMap<>();
        NodeList das = pointData.getElementsByTagName("PDataArray");
        for (int i = 0; i < das.getLength(); i++) {
            Element da = (Element) das.item(i);
            arrays.put(da.getAttribute("Name"), da.getAttribute("type"));
        }
        List<Piece> pieces = new ArrayList<>();
        NodeList ps = image.getElementsByTagName("Piece");
        for (int i = 0; i < ps.getLength(); i++) {
            Element p = (Element) ps.item(i);
            pieces.add(new Piece(p.getAttribute("Extent"), p.getAttribute("Source")));
        }
        return new Parallel(image.getAttribute("WholeExtent"), image.getAttribute("Origin"), image.getAttribute("Spacing"), arrays, pieces);
    }

    /** The entries of a .pvd collection, in file order. */
    public static List<DataSet> collection(Path pvd) throws Exception {
        Element root = parse(Files.readString(pvd)).getDocumentElement();
        assertEquals("Collection", root.getAttribute("type"));
        NodeList sets = single(root, "Collection").getElementsByTagName("DataSet");
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < sets.getLength(); i++) {
            Element e = (Element) sets.item(i);
            out.add(new DataSet(Double.parseDouble(e.getAttribute("timestep")), e.getAttribute("file")));
        }
        return out;
    }

    /** The bits a .vti of {@code precision} holds for the interior of {@code f}, x fastest. */
    public static long[] expectedBits(Field f, Precision precision) {
        return bitsOf(f.toArray(), precision);
    }

    /** The bits of an .npy array's values as a .vti of {@code precision} would hold them. */
    public static long[] bitsOf(double[] values, Precision precision) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = precision == Precision.F64 ? Double.doubleToRawLongBits(values[i])
                    : Integer.toUnsignedLong(Float.floatToRawIntBits((float) values[i]));
        }
        return bits;
    }

    private static Document parse(String xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try {
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Element single(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        assertEquals(1, l.getLength(), "one <" + tag + "> in <" + parent.getTagName() + ">");
        return (Element) l.item(0);
    }
}
