package dev.jstencil.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.sim.Simulation;
import dev.jstencil.sim.TemporalBlocking;
import dev.jstencil.testutil.Cases;
import dev.jstencil.testutil.Grids;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For a given model, kernel and precision, the fields after a run are bitwise identical whatever the
 * mode, barrier and thread count: each cell's update reads only the previous step, and the noise of
 * {@code rand()} is a function of the seed, step and cell, so the band split (rows in 2D, planes in
 * 3D) must not matter. More threads than the 2 cores on purpose, and more threads than planes.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails the test instead of stalling the build
class ParallelDeterminismTest {
    private static final int[] THREADS = {1, 2, 3, 4, 7};

    /**
     * A 2D model whose update reads diagonal neighbours (the x ghost cells of the rows next to a band,
     * which belong to the neighbouring band) and a 3D one reading across planes and rows at once.
     */
    static final Model DIAGONAL_2D = Model.builder("diagonal-2d").fields("c").param("D", 0.1).dt(0.5)
            .equation("c", "D*(c[1,1] + c[-1,-1] + c[1,-1] + c[-1,1] - 4*c) + 0.01*rand()")
            .init("start", "c = 0.5 + 0.5*rand()").build();
    static final Model DIAGONAL_3D = Model.builder("diagonal-3d").fields("c").param("D", 0.05).dt(0.5)
            .equation("c", "D*(c[1,0,1] + c[-1,0,-1] + c[0,1,-1] + c[0,-1,1] - 4*c)")
            .init("start", "c = 0.5 + 0.5*rand()").build();

    /** (model, size, boundary, steps). */
    private record Case(Model model, int[] size, String boundary, int steps) {
        @Override
        public String toString() {
            return model.name() + " " + String.join("x", Arrays.stream(size).mapToObj(Integer::toString).toList()) + " "
                    + boundary + ", " + steps + " steps";
        }
    }

    /**
     * Each case on the vector backend in both precisions, and (smaller, as the interpreter is slow) on
     * the interpreted one: (case, backend, precision).
     */
    static Stream<Arguments> configs() {
        Model gs = Model.builtin("gray-scott"), gs3 = Model.builtin("gray-scott-3d");
        return Stream.of(
                Cases.cross(List.of(new Case(gs, new int[] {67, 41}, "periodic", 60)), List.of(Backend.VECTOR), Cases.PRECISIONS),
                Cases.cross(List.of(new Case(gs, new int[] {29, 23}, "periodic", 20)), List.of(Backend.INTERPRETED), Cases.PRECISIONS),
                // 6 planes: 7 threads leave some without a band
                Cases.cross(List.of(new Case(gs3, new int[] {13, 9, 6}, "periodic", 30)), Cases.JAVA_BACKENDS, Cases.PRECISIONS),
                Cases.cross(List.of(new Case(gs3, new int[] {9, 8, 17}, "neumann,periodic,dirichlet=0.5", 30)), Cases.JAVA_BACKENDS,
                        List.of(Precision.F64)),
                Cases.cross(List.of(new Case(gs, new int[] {45, 37}, "dirichlet=0.2,neumann", 50)), List.of(Backend.VECTOR),
                        Cases.PRECISIONS),
                Cases.cross(List.of(new Case(gs, new int[] {19, 17}, "dirichlet=0.2,neumann", 30)), List.of(Backend.INTERPRETED),
                        List.of(Precision.F32)),
                Cases.cross(List.of(new Case(Model.builtin("heat"), new int[] {31, 29}, "neumann", 60)), List.of(Backend.VECTOR),
                        List.of(Precision.F64))).flatMap(x -> x);
    }

    private static double[][] run(Case c, Backend backend, Precision p, ParallelMode mode, int threads, BarrierKind barrier) {
        Simulation.Builder b = Simulation.builder(c.model()).size(c.size()).precision(p).backend(backend)
                .boundary(BoundarySpec.parse(c.boundary())).seed(3).parallel(mode, threads).barrier(barrier)
                .temporalBlocking(TemporalBlocking.OFF);
        if (c.model().name().equals("gray-scott-3d")) {
            b.set("noise", 1e-2);
        }
        Simulation sim = b.build();
        assertEquals(backend, sim.kernel().backend(), "no silent fallback: " + sim.kernel().description());
        assertEquals(threads, sim.engine().threads());
        return Grids.fieldsAfter(sim, c.steps());
    }

    private static void assertEveryConfigGivesTheSameBits(Case c, Backend backend, Precision p) {
        double[][] reference = run(c, backend, p, ParallelMode.SERIAL, 1, BarrierKind.JDK);
        for (Object[] mb : EngineConfigs.modesAndBarriers()) {
            ParallelMode mode = (ParallelMode) mb[0];
            BarrierKind barrier = (BarrierKind) mb[1];
            for (int threads : THREADS) {
                double[][] got = run(c, backend, p, mode, threads, barrier);
                String what = c + ", " + mode + "/" + barrier + "/" + threads + " threads";
                for (int f = 0; f < reference.length; f++) {
                    Grids.assertBitwiseEquals(reference[f], got[f], c.size()[0], c.model().fields().get(f) + " differs: " + what);
                }
            }
        }
        double[][] start = Grids.fieldsAfter(Simulation.builder(c.model()).size(c.size()).precision(p).backend(backend)
                .boundary(BoundarySpec.parse(c.boundary())).seed(3).build(), 0);
        assertTrue(Grids.maxAbsDiff(start[0], reference[0]) > 0, c + ": the run must change the fields (else vacuous)");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("configs")
    void everyModeBarrierAndThreadCountGivesTheSameBits(Case c, Backend backend, Precision p) {
        assertEveryConfigGivesTheSameBits(c, backend, p);
    }

    static Stream<Arguments> diagonalConfigs() {
        return Cases.cross(List.of(new Case(DIAGONAL_2D, new int[] {23, 17}, "periodic,neumann", 30),
                new Case(DIAGONAL_3D, new int[] {9, 7, 10}, "periodic", 30)), Cases.JAVA_BACKENDS, List.of(Precision.F64));
    }

    /** Diagonal neighbours read ghost cells of the rows (planes) next to a band, which the neighbouring band's halo step fills. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("diagonalConfigs")
    void diagonalStencilsGiveTheSameBitsWhateverTheBands(Case c, Backend backend, Precision p) {
        assertEveryConfigGivesTheSameBits(c, backend, p);
    }

    /** The noise of gray-scott-3d is what the comparison above relies on: it must change the result, and depend on the seed. */
    @Test
    void theNoiseOfGrayScott3dMatters() {
        Model m = Model.builtin("gray-scott-3d");
        double[] noisy0 = Grids.fieldsAfter(Simulation.builder(m).size(13, 9, 6).set("noise", 1e-2).seed(3).build(), 10)[0];
        double[] noisy1 = Grids.fieldsAfter(Simulation.builder(m).size(13, 9, 6).set("noise", 1e-2).seed(4).build(), 10)[0];
        double[] quiet = Grids.fieldsAfter(Simulation.builder(m).size(13, 9, 6).set("noise", 0).seed(3).build(), 10)[0];
        assertTrue(Grids.maxAbsDiff(noisy0, noisy1) > 1e-3, "the seed matters");
        assertTrue(Grids.maxAbsDiff(noisy0, quiet) > 1e-3, "the noise matters");
    }
}
