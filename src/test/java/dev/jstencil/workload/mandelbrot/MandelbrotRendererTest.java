package dev.jstencil.workload.mandelbrot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.io.Colormap;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.parallel.StepEngine;
import dev.jstencil.workload.Schedule;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class MandelbrotRendererTest {
    private static final Viewport VIEW = Viewport.fullSet(96, 70);
    private static final int MAX_ITER = 300;

    private static MandelbrotImage render(Schedule schedule, ParallelMode mode, int threads) {
        return MandelbrotRenderer.render(VIEW, MAX_ITER, schedule, new StepEngine(mode, threads, BarrierKind.SPIN));
    }

    @Test
    void imageIsTheSameToTheBitForEveryScheduleModeAndThreadCount() {
        MandelbrotImage reference = render(Schedule.STATIC, ParallelMode.SERIAL, 1);
        assertTrue(reference.inSetFraction() > 0.05 && reference.inSetFraction() < 0.5,
                "the view holds the set and its outside: " + reference.inSetFraction());
        for (Schedule schedule : Schedule.values()) {
            for (ParallelMode mode : ParallelMode.values()) {
                for (int threads : new int[] {1, 2, 3, 7}) {
                    MandelbrotImage image = render(schedule, mode, threads);
                    String what = schedule + " " + mode + " threads=" + threads;
                    assertArrayEquals(reference.counts(), image.counts(), what + ": escape counts");
                    assertTrue(reference.sameAs(image), what + ": smooth counts");
                }
            }
        }
    }

    @Test
    void fullSetViewIsMirrorSymmetricAboutTheRealAxis() {
        MandelbrotImage m = render(Schedule.DYNAMIC, ParallelMode.PLATFORM, 2);
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                assertEquals(m.count(x, y), m.count(x, m.height() - 1 - y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void fullSetViewContainsTheWholeSetWhateverTheAspectRatio() {
        for (Viewport v : new Viewport[] {Viewport.fullSet(1600, 1200), Viewport.fullSet(100, 1000), Viewport.fullSet(1000, 100)}) {
            assertTrue(v.re(0) <= -2.5 + v.scale() && v.re(v.width() - 1) >= 1.0 - v.scale(), "re span of " + v);
            assertTrue(v.im(0) >= 1.25 - v.scale() && v.im(v.height() - 1) <= -1.25 + v.scale(), "im span of " + v);
        }
    }

    @Test
    void pngPaintsTheSetBlackAndTheOutsideInColour() {
        MandelbrotImage m = render(Schedule.STATIC, ParallelMode.SERIAL, 1);
        BufferedImage img = MandelbrotPng.toImage(m, Colormap.VIRIDIS);
        int inX = -1, inY = -1;
        for (int y = 0; y < m.height() && inX < 0; y++) {
            for (int x = 0; x < m.width() && inX < 0; x++) {
                if (m.inSet(x, y)) {
                    inX = x;
                    inY = y;
                }
            }
        }
        assertTrue(inX >= 0, "some pixel is in the set");
        assertEquals(0x000000, img.getRGB(inX, inY) & 0xFFFFFF);
        assertTrue(!m.inSet(0, 0), "the top-left corner is outside the set");
        assertNotEquals(0x000000, img.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void badSizesAndIterationCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Viewport.fullSet(0, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MandelbrotRenderer.render(VIEW, 0, Schedule.STATIC, new StepEngine(ParallelMode.SERIAL, 1, BarrierKind.SPIN)));
        assertTrue(e.getMessage().contains("max-iter 0"), e.getMessage());
    }
}
