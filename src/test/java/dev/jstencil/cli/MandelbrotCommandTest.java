package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MandelbrotCommandTest {
    @TempDir
    Path dir;

    /** {stdout, stderr} of a run that must end with {@code expectedExit}. */
    private static String[] run(int expectedExit, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        assertEquals(expectedExit, exit, () -> "exit code; stdout: " + out + "; stderr: " + err);
        return new String[] {out.toString(), err.toString()};
    }

    private String png() {
        return dir.resolve("m.png").toString();
    }

    @Test
    void rendersThePngAndPrintsAHumanAndAJsonLine() throws Exception {
        String[] r = run(0, "mandelbrot", "--size", "64x48", "--max-iter", "100", "--png", png(),
                "--schedule", "static", "--threads", "3", "--parallel", "virtual");
        String[] lines = r[0].strip().split("\n");
        assertEquals(2, lines.length, r[0]);
        assertTrue(lines[0].startsWith("mandelbrot 64x48, max-iter 100: "), lines[0]);
        assertTrue(lines[1].matches("\\{\"command\":\"mandelbrot\",\"width\":64,\"height\":48,\"max_iter\":100,"
                + "\"schedule\":\"static\",\"threads\":3,\"parallel\":\"virtual\",\"seconds\":[0-9.E-]+}"), lines[1]);
        BufferedImage img = ImageIO.read(dir.resolve("m.png").toFile());
        assertEquals(64, img.getWidth());
        assertEquals(48, img.getHeight());
        assertEquals(0x000000, img.getRGB(40, 24) & 0xFFFFFF, "c near -0.1 is in the set: black");
    }

    @Test
    void compareSchedulesPrintsBothTimesAndTheirRatio() {
        String[] r = run(0, "mandelbrot", "--size", "40x30", "--max-iter", "50", "--png", png(), "--compare-schedules", "--threads", "2");
        String json = r[0].strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(json.matches("\\{\"command\":\"mandelbrot\",.*\"schedule\":\"compare\",.*\"static_seconds\":[0-9.E-]+,"
                + "\"dynamic_seconds\":[0-9.E-]+,\"static_over_dynamic\":[0-9.E-]+,\"identical\":true}"), json);
        assertTrue(r[0].contains("static/dynamic"), r[0]);
    }

    @Test
    void badInputIsOneLineNamingTheValueWithExitTwo() {
        assertBad("'0x10'", "--size", "0x10");
        assertBad("'64'", "--size", "64");
        assertBad("'axb'", "--size", "axb");
        assertBad("--max-iter 0", "--max-iter", "0");
        assertBad("schedule 'guided' is not one of [static, dynamic]", "--schedule", "guided");
        assertBad("parallel mode 'gpu'", "--parallel", "gpu");
        assertBad("--threads 0", "--threads", "0");
        assertBad("no-such-dir", "--png", dir.resolve("no-such-dir").resolve("m.png").toString());
        assertBad("--center '1'", "--center", "1");
        assertBad("--center 'a,b'", "--center", "a,b");
        assertBad("--zoom 0.0", "--zoom", "0");
        assertBad("--zoom NaN", "--zoom", "NaN");
    }

    @Test
    void centerAndZoomMoveTheView() throws Exception {
        // Deep inside the main cardioid (|c + 0.1| < 0.01 at zoom 300): every pixel is in the set.
        run(0, "mandelbrot", "--size", "32x24", "--max-iter", "200", "--png", png(), "--center", "-0.1,0.05", "--zoom", "300");
        BufferedImage inside = ImageIO.read(dir.resolve("m.png").toFile());
        // Far outside the set (|c| > 2 everywhere): no pixel is.
        run(0, "mandelbrot", "--size", "32x24", "--max-iter", "200", "--png", png(), "--center", "3,3", "--zoom", "10");
        BufferedImage outside = ImageIO.read(dir.resolve("m.png").toFile());
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                assertEquals(0, inside.getRGB(x, y) & 0xFFFFFF, "inside view, pixel " + x + "," + y);
                assertTrue((outside.getRGB(x, y) & 0xFFFFFF) != 0, "outside view, pixel " + x + "," + y);
            }
        }
    }

    /** Runs mandelbrot with {@code options} (and a writable --png unless given). */
    private void assertBad(String expected, String... options) {
        List<String> args = new ArrayList<>(List.of("mandelbrot"));
        args.addAll(List.of(options));
        if (!args.contains("--png")) {
            args.addAll(List.of("--png", png()));
        }
        String err = run(Main.EXIT_USAGE, args.toArray(String[]::new))[1];
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("jstencil: error: ") && err.contains(expected), err);
    }
}
