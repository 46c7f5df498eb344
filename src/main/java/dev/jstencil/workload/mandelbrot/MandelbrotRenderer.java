package dev.jstencil.workload.mandelbrot;

import dev.jstencil.parallel.StepEngine;
import dev.jstencil.workload.Schedule;

/**
 * Renders a {@link MandelbrotImage} in parallel, one row as the unit of work. Row costs differ by
 * orders of magnitude (rows through the set spend maxIter iterations per pixel, rows above it a few),
 * which is what makes the choice of {@link Schedule} visible.
 */
public final class MandelbrotRenderer {
    private MandelbrotRenderer() {
    }

    public static MandelbrotImage render(Viewport view, int maxIter, Schedule schedule, StepEngine engine) {
        MandelbrotImage image = new MandelbrotImage(view, maxIter);
        schedule.run(engine, view.height(), image::renderRows);
        return image;
    }
}
