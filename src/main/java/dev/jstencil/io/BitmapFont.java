package dev.jstencil.io;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;

/**
 * A 5x7 pixel font (ASCII letters, digits, {@code . - + = , : ( ) _}) for labels drawn into images without
 * AWT's fonts, which need a font configuration a headless server may lack and render differently per machine:
 * a mosaic must be the same bytes wherever it is made. Characters it lacks are drawn as '?'.
 */
public final class BitmapFont {
    /** Glyph height in pixels at scale 1; each character advances {@link #ADVANCE} pixels. */
    public static final int HEIGHT = 7;
    public static final int ADVANCE = 6;
    private static final Map<Character, long[]> GLYPHS = new HashMap<>();

    static {
        String table = """
                0 .###. #...# #..## #.#.# ##..# #...# .###.
                1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.
                2 .###. #...# ....# ...#. ..#.. .#... #####
                3 ##### ...#. ..#.. ...#. ....# #...# .###.
                4 ...#. ..##. .#.#. #..#. ##### ...#. ...#.
                5 ##### #.... ####. ....# ....# #...# .###.
                6 ..##. .#... #.... ####. #...# #...# .###.
                7 ##### ....# ...#. ..#.. .#... .#... .#...
                8 .###. #...# #...# .###. #...# #...# .###.
                9 .###. #...# #...# .#### ....# ...#. .##..
                . ..... ..... ..... ..... ..... .##.. .##..
                - ..... ..... ..... ##### ..... ..... .....
                + ..... ..#.. ..#.. ##### ..#.. ..#.. .....
                = ..... ..... ##### ..... ##### ..... .....
                , ..... ..... ..... ..... .##.. ..#.. .#...
                : ..... .##.. .##.. ..... .##.. .##.. .....
                ( ...#. ..#.. .#... .#... .#... ..#.. ...#.
                ) .#... ..#.. ...#. ...#. ...#. ..#.. .#...
                _ ..... ..... ..... ..... ..... ..... #####
                ? .###. #...# ....# ...#. ..#.. ..... ..#..
                A .###. #...# #...# ##### #...# #...# #...#
                B ####. #...# #...# ####. #...# #...# ####.
                C .###. #...# #.... #.... #.... #...# .###.
                D ###.. #..#. #...# #...# #...# #..#. ###..
                E ##### #.... #.... ####. #.... #.... #####
                F ##### #.... #.... ####. #.... #.... #....
                G .###. #...# #.... #.### #...# #...# .####
                H #...# #...# #...# ##### #...# #...# #...#
                I .###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
                J ..### ...#. ...#. ...#. ...#. #..#. .##..
                K #...# #..#. #.#.. ##... #.#.. #..#. #...#
                L #.... #.... #.... #.... #.... #.... #####
                M #...# ##.## #.#.# #.#.# #...# #...# #...#
                N #...# #...# ##..# #.#.# #..## #...# #...#
                O .###. #...# #...# #...# #...# #...# .###.
                P ####. #...# #...# ####. #.... #.... #....
                Q .###. #...# #...# #...# #.#.# #..#. .##.#
                R ####. #...# #...# ####. #.#.. #..#. #...#
                S .#### #.... #.... .###. ....# ....# ####.
                T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
                U #...# #...# #...# #...# #...# #...# .###.
                V #...# #...# #...# #...# #...# .#.#. ..#..
                W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.
                X #...# #...# .#.#. ..#.. .#.#. #...# #...#
                Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..
                Z ##### ....# ...#. ..#.. .#... #.... #####
                a ..... ..... .###. ....# .#### #...# .####
                b #.... #.... #.##. ##..# #...# #...# ####.
                c ..... ..... .###. #.... #.... #...# .###.
                d ....# ....# .##.# #..## #...# #...# .####
                e ..... ..... .###. #...# ##### #.... .###.
                f ..##. .#..# .#... ###.. .#... .#... .#...
                g ..... .#### #...# #...# .#### ....# .###.
                h #.... #.... #.##. ##..# #...# #...# #...#
                i ..#.. ..... .##.. ..#.. ..#.. ..#.. .###.
                j ...#. ..... ..##. ...#. ...#. #..#. .##..
                k #.... #.... #..#. #.#.. ##... #.#.. #..#.
                l .##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
                m ..... ..... ##.#. #.#.# #.#.# #...# #...#
                n ..... ..... #.##. ##..# #...# #...# #...#
                o ..... ..... .###. #...# #...# #...# .###.
                p ..... ..... ####. #...# ####. #.... #....
                q ..... ..... .##.# #..## .#### ....# ....#
                r ..... ..... #.##. ##..# #.... #.... #....
                s ..... ..... .###. #.... .###. ....# ####.
                t .#... .#... ###.. .#... .#... .#..# ..##.
                u ..... ..... #...# #...# #...# #..## .##.#
                v ..... ..... #...# #...# #...# .#.#. ..#..
                w ..... ..... #...# #...# #.#.# #.#.# .#.#.
                x ..... ..... #...# .#.#. ..#.. .#.#. #...#
                y ..... ..... #...# #...# .#### ....# .###.
                z ..... ..... ##### ...#. ..#.. .#... #####
                """;
        for (String line : table.split("\n")) {
            String[] parts = line.split(" ");
            long[] rows = new long[HEIGHT];
            for (int r = 0; r < HEIGHT; r++) {
                for (int c = 0; c < 5; c++) {
                    rows[r] |= parts[r + 1].charAt(c) == '#' ? 1L << (4 - c) : 0;
                }
            }
            GLYPHS.put(parts[0].charAt(0), rows);
        }
        GLYPHS.put(' ', new long[HEIGHT]);
    }

    private BitmapFont() {
    }

    /** Width in pixels of {@code text} at {@code scale} (no trailing space). */
    public static int width(String text, int scale) {
        return text.isEmpty() ? 0 : (text.length() * ADVANCE - 1) * scale;
    }

    /** Draws {@code text} with its top-left corner at (x, y); pixels outside the image are skipped. */
    public static void draw(BufferedImage img, String text, int x, int y, int scale, int rgb) {
        for (int i = 0; i < text.length(); i++) {
            long[] g = GLYPHS.getOrDefault(text.charAt(i), GLYPHS.get('?'));
            for (int r = 0; r < HEIGHT; r++) {
                for (int c = 0; c < 5; c++) {
                    if ((g[r] >> (4 - c) & 1) != 0) {
                        fill(img, x + (i * ADVANCE + c) * scale, y + r * scale, scale, scale, rgb);
                    }
                }
            }
        }
    }

    /** Fills a rectangle, clipped to the image. */
    public static void fill(BufferedImage img, int x, int y, int w, int h, int rgb) {
        for (int yy = Math.max(0, y); yy < Math.min(img.getHeight(), y + h); yy++) {
            for (int xx = Math.max(0, x); xx < Math.min(img.getWidth(), x + w); xx++) {
                img.setRGB(xx, yy, rgb);
            }
        }
    }
}
