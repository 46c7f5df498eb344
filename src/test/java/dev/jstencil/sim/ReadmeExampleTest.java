package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import org.junit.jupiter.api.Test;

/** The README's library example, as written there (a smaller grid and fewer steps), runs and does what it says. */
class ReadmeExampleTest {
    @Test
    void theLibraryExampleRuns() {
        // A model written in Java (Model.parse(name, text) takes the same as a string, Model.load(path) a file)
        Model model = Model.builder("schnakenberg")
                .fields("u", "v")
                .param("a", 0.1).param("b", 0.9).param("Du", 1).param("Dv", 40)
                .equation("u", "Du*lap(u) + a - u + u*u*v")
                .equation("v", "Dv*lap(v) + b - u*u*v")
                .init("noisy", "u = a + b + 0.01*rand()", "v = b/((a + b)*(a + b))")
                .build();

        try (Simulation sim = Simulation.builder(model)
                .size(16, 16, 16)                            // 3D (the README: 64, 64, 64)
                .precision(Precision.F64)
                .boundary(BoundarySpec.parse("neumann"))
                .set("b", 0.8)                               // parameters are run-time values
                .autoDt()                                    // 0.9 of h^2/(2*3*40)
                .parallel(ParallelMode.PLATFORM, 2)
                .build()) {
            RunResult r = sim.run(200);                      // the README: 2000
            double u = sim.field("u").get(8, 8, 8);
            double[] all = sim.field("v").toArray();
            assertEquals(200, r.steps());
            assertFalse(r.cancelled());
            assertEquals(0.9 / (2 * 3 * 40.0), sim.dt(), 1e-15);
            assertEquals(0.8, sim.param("b"));
            assertTrue(Double.isFinite(u) && u > 0, "u = " + u);
            assertEquals(16 * 16 * 16, all.length);
            assertEquals("neumann,neumann,neumann", sim.boundaries());
        }
    }
}
