package dev.jstencil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Precision;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import dev.jstencil.testutil.Cases;
import dev.jstencil.testutil.Grids;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Results below the smallest normal number are stored as +0 by default, identically in every backend,
 * and kept (strict IEEE) with flushing off. A decaying field crosses into the subnormal range within a
 * few steps, so both branches of the flush are taken.
 */
class SubnormalFlushTest {
    /** c shrinks about 4x every step from values just above the smallest normal number (scale s), with a neighbour mixed in. */
    private static final Model DECAY = Model.parse("decay.model", """
            fields c
            param s = 1e-300
            dc/dt = -0.75*c + 0.01*(c[1,0] - c)
            init ramp {
              c = s*(1 + 40*x) - s*20*y
            }
            """);
    private static final Model DECAY_3D = Model.parse("decay3d.model", """
            fields c
            param s = 1e-300
            dc/dt = -0.75*c + 0.1*lap(c)
            init ramp {
              c = s*(1 + 40*x) - s*20*y + s*z
            }
            """);

    static Stream<Arguments> cases() {
        return Cases.cross(List.of(Backend.INTERPRETED, Backend.VECTOR, Backend.NATIVE), Cases.PRECISIONS, List.of(2, 3));
    }

    private static double[] run(Backend backend, Precision p, int dims, boolean flush) {
        Model m = dims == 2 ? DECAY : DECAY_3D;
        int[] size = dims == 2 ? new int[] {19, 7} : new int[] {11, 5, 4};
        try (Simulation sim = Simulation.builder(m).size(size).precision(p).set("s", p == Precision.F64 ? 1e-306 : 1e-37).dt(1)
                .backend(backend).parallel(ParallelMode.SERIAL, 1).checkEvery(0).flushSubnormals(flush).build()) {
            assertEquals(backend, sim.kernel().backend());
            assertEquals(flush, sim.flushesSubnormals());
            sim.run(4);
            return sim.field(0).toArray();
        }
    }

    private static double minNormal(Precision p) {
        return p == Precision.F64 ? Double.MIN_NORMAL : Float.MIN_NORMAL;
    }

    @ParameterizedTest(name = "{0} {1} {2}D")
    @MethodSource("cases")
    void flushedResultsAreZeroAndTheSameInEveryBackend(Backend backend, Precision p, int dims) {
        double[] flushed = run(backend, p, dims, true);
        double[] strict = run(backend, p, dims, false);
        int subnormal = 0, flushedToZero = 0;
        for (int i = 0; i < strict.length; i++) {
            boolean tiny = strict[i] != 0 && Math.abs(strict[i]) < minNormal(p);
            subnormal += tiny ? 1 : 0;
            assertTrue(flushed[i] == 0 || Math.abs(flushed[i]) >= minNormal(p), "cell " + i + " kept a subnormal: " + flushed[i]);
            assertTrue(Double.doubleToRawLongBits(flushed[i]) != Double.doubleToRawLongBits(-0.0), "flushed to +0, not -0: cell " + i);
            flushedToZero += tiny && flushed[i] == 0 ? 1 : 0;
        }
        assertTrue(subnormal > 0, "strict IEEE keeps subnormal results (else the test shows nothing)");
        assertTrue(flushedToZero > 0, "flushing turned some of them into 0");
        Grids.assertBitwiseEquals(run(Backend.INTERPRETED, p, dims, true), flushed, dims == 2 ? 19 : 11, backend + " flushed vs interpreter");
        Grids.assertBitwiseEquals(run(Backend.INTERPRETED, p, dims, false), strict, dims == 2 ? 19 : 11, backend + " strict vs interpreter");
    }
}
