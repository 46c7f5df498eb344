package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.GrayScottSimulation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --backend native} computes what the scalar reference computes. */
class NativeAgreementTest {
    private static final int STEPS = 1000;

    private record Fields(double[] u, double[] v) {
    }

    private static Fields run(Backend backend, Precision precision, int nx, int ny, ParallelMode mode, int threads) {
        return run(backend, precision, nx, ny, mode, threads, STEPS);
    }

    private static Fields run(Backend backend, Precision precision, int nx, int ny, ParallelMode mode, int threads, int steps) {
        try (GrayScottSimulation sim = GrayScottSimulation.builder().size(nx, ny).precision(precision).backend(backend)
                .parallel(mode, threads).build()) {
            assertEquals(backend, sim.kernel().backend(), "kernel backend");
            assertEquals(steps, sim.run(steps).steps());
            return new Fields(sim.u().toArray(), sim.v().toArray());
        }
    }

    @ParameterizedTest(name = "{0}x{1} {2} threads={3} {4}")
    @CsvSource({
        "67, 13, SERIAL, 1, F64, 1e-12",
        "128, 128, SERIAL, 1, F64, 1e-12",
        "100, 37, SERIAL, 1, F64, 1e-12",
        "67, 13, PLATFORM, 2, F64, 1e-12",
        "128, 128, PLATFORM, 2, F64, 1e-12",
        "100, 37, PLATFORM, 2, F64, 1e-12",
        "67, 13, SERIAL, 1, F32, 1e-4",
        "128, 128, PLATFORM, 2, F32, 1e-4",
    })
    void nativeMatchesScalar(int nx, int ny, ParallelMode mode, int threads, Precision precision, double tolerance) {
        NativeTestSupport.requireNativeLibrary();
        Fields scalar = run(Backend.SCALAR, precision, nx, ny, ParallelMode.SERIAL, 1);
        Fields nat = run(Backend.NATIVE, precision, nx, ny, mode, threads);
        double du = NativeTestSupport.maxAbsDiff(scalar.u(), nat.u());
        double dv = NativeTestSupport.maxAbsDiff(scalar.v(), nat.v());
        assertTrue(du <= tolerance && dv <= tolerance, "max |native - scalar|: u " + du + ", v " + dv + " > " + tolerance);
        // The run must have moved away from the start, or agreement means nothing.
        Fields start = run(Backend.SCALAR, precision, nx, ny, ParallelMode.SERIAL, 1, 0);
        assertTrue(NativeTestSupport.maxAbsDiff(start.u(), nat.u()) > 0.01, "u should have changed in " + STEPS + " steps");
    }
}
