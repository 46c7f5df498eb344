package dev.jstencil.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import dev.jstencil.sim.TemporalBlocking;
import dev.jstencil.testutil.Grids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --backend native} (C generated from the model, compiled by gcc) computes, bit for bit, what
 * the interpreted reference and the vector backend compute: for every shape, precision, band split,
 * boundary and set of parameters (which reach the C code through the model's slots), with two steps
 * per sweep as with one. BackendAgreementTest covers every built-in model and every operation.
 */
class NativeAgreementTest {
    private static final Model GRAY_SCOTT = Model.builtin("gray-scott");

    private static Simulation.Builder builder(Model model, Backend backend, Precision precision, int nx, int ny) {
        Simulation.Builder b = Simulation.builder(model).size(nx, ny).precision(precision).backend(backend)
                .temporalBlocking(TemporalBlocking.OFF);
        return model == GRAY_SCOTT ? b.init("gauss") : b; // not constant anywhere, so every cell and every boundary matters
    }

    private static double[][] run(Simulation.Builder b, Backend backend, int steps) {
        Simulation sim = b.build();
        assertEquals(backend, sim.kernel().backend(), "kernel " + sim.kernel().description());
        return Grids.fieldsAfter(sim, steps);
    }

    private static void assertSameBits(double[][] expected, double[][] actual, int nx, String what) {
        Grids.assertBitwiseEquals(expected[0], actual[0], nx, "u, " + what);
        Grids.assertBitwiseEquals(expected[1], actual[1], nx, "v, " + what);
    }

    @ParameterizedTest(name = "{0}x{1} {2} threads={3} {4}")
    @CsvSource({
        "67, 13, SERIAL, 1, F64",
        "128, 96, SERIAL, 1, F64",
        "100, 37, PLATFORM, 2, F64",
        "67, 13, FORKJOIN, 2, F64",
        "14, 9, VIRTUAL, 3, F64",
        "67, 13, SERIAL, 1, F32",
        "128, 96, PLATFORM, 2, F32",
        "3, 3, SERIAL, 1, F32",
    })
    void nativeMatchesInterpretedAndVector(int nx, int ny, ParallelMode mode, int threads, Precision precision) {
        NativeTestSupport.requireCompiler();
        int steps = 301; // odd: a kernel writing mirrored cells would undo itself in an even number of steps
        double[][] nat = run(builder(GRAY_SCOTT, Backend.NATIVE, precision, nx, ny).parallel(mode, threads), Backend.NATIVE, steps);
        double[][] vector = run(builder(GRAY_SCOTT, Backend.VECTOR, precision, nx, ny), Backend.VECTOR, steps);
        assertSameBits(vector, nat, nx, "native against vector");
        if ((long) nx * ny <= 2000) { // the interpreter is slow: the small grids only
            assertSameBits(run(builder(GRAY_SCOTT, Backend.INTERPRETED, precision, nx, ny), Backend.INTERPRETED, steps), nat, nx,
                    "native against interpreted");
        }
        // The run must have moved away from the start, or agreement means nothing.
        double[][] start = run(builder(GRAY_SCOTT, Backend.NATIVE, precision, nx, ny), Backend.NATIVE, 0);
        assertTrue(Grids.maxAbsDiff(start[0], nat[0]) > 0.01, "u should have changed in " + steps + " steps");
    }

    /** Every coefficient reaches the C code: F, k, Du, Dv (not swapped), dt and h (as 1/h^2). */
    @ParameterizedTest(name = "F={0} k={1} Du={2} Dv={3} dt={4} h={5} {6}")
    @CsvSource({
        "0.04, 0.06, 0.16, 0.08, 1.0, 1.0, F64",
        "0.025, 0.055, 0.2, 0.05, 0.5, 0.9, F64",
        "0.06, 0.0625, 0.1, 0.19, 0.7, 1.3, F64",
        "0.03, 0.05, 0.05, 0.15, 1.25, 1.1, F32",
    })
    void everyParameterReachesTheNativeKernel(double f, double k, double du, double dv, double dt, double h, Precision p) {
        NativeTestSupport.requireCompiler();
        int nx = 23, ny = 17, steps = 151;
        double[][] nat = run(builder(GRAY_SCOTT, Backend.NATIVE, p, nx, ny).set("F", f).set("k", k).set("Du", du).set("Dv", dv)
                .dt(dt).h(h), Backend.NATIVE, steps);
        double[][] ref = run(builder(GRAY_SCOTT, Backend.INTERPRETED, p, nx, ny).set("F", f).set("k", k).set("Du", du).set("Dv", dv)
                .dt(dt).h(h), Backend.INTERPRETED, steps);
        assertSameBits(ref, nat, nx, "native against interpreted");
        double[][] swapped = run(builder(GRAY_SCOTT, Backend.INTERPRETED, p, nx, ny).set("F", f).set("k", k).set("Du", dv).set("Dv", du)
                .dt(dt).h(h), Backend.INTERPRETED, steps);
        assertTrue(Grids.maxAbsDiff(ref[0], swapped[0]) > 0, "Du and Dv matter here (else a swap would go unnoticed)");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"neumann, F64", "'dirichlet=0.5', F32", "'periodic,neumann', F64", "'dirichlet=1,periodic', F64"})
    void nativeMatchesWithEveryBoundary(String boundary, Precision p) {
        NativeTestSupport.requireCompiler();
        int nx = 31, ny = 19, steps = 201;
        BoundarySpec bc = BoundarySpec.parse(boundary);
        double[][] nat = run(builder(GRAY_SCOTT, Backend.NATIVE, p, nx, ny).boundary(bc).parallel(ParallelMode.PLATFORM, 2), Backend.NATIVE,
                steps);
        assertSameBits(run(builder(GRAY_SCOTT, Backend.INTERPRETED, p, nx, ny).boundary(bc), Backend.INTERPRETED, steps), nat, nx,
                boundary);
        double[][] periodic = run(builder(GRAY_SCOTT, Backend.NATIVE, p, nx, ny), Backend.NATIVE, steps);
        assertTrue(Grids.maxAbsDiff(periodic[1], nat[1]) > 0, "the boundary changed the result (else the comparison is vacuous)");
    }

    /** A model of its own, written in Java, runs natively and gives the vector backend's bits. */
    @Test
    void aModelWrittenInJavaRunsNatively() {
        NativeTestSupport.requireCompiler();
        Model copy = Model.builder("my-gray-scott").fields("u", "v").param("F", 0.035).param("k", 0.065).param("Du", 0.2)
                .param("Dv", 0.1).equation("u", "Du*lap(u) - u*v*v + F*(1 - u)").equation("v", "Dv*lap(v) + u*u*v*v - (F + k)*v*v")
                .init("spots", "u = 1 - 0.5*(abs(x - 0.5) < 0.2 ? 1 : 0)", "v = 0.25*(abs(y - 0.4) < 0.1 ? 1 : 0)").build();
        double[][] nat = run(builder(copy, Backend.NATIVE, Precision.F64, 40, 30), Backend.NATIVE, 201);
        assertSameBits(run(builder(copy, Backend.VECTOR, Precision.F64, 40, 30), Backend.VECTOR, 201), nat, 40, "my-gray-scott");
    }
}
