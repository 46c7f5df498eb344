package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.jstencil.sim.TemporalBlockingTest.assertSameBits;
import static dev.jstencil.sim.TemporalBlockingTest.runs;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.testutil.Cases;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several steps per sweep over the planes of 3D slabs ({@link dev.jstencil.kernel.WavefrontSweep} with plane
 * kernels) must be invisible in the results: bitwise the fields of one step per sweep, for 3D models of
 * radius 1 (noise keyed by cell and step, positions, diagonal neighbours in all three axes), every
 * boundary kind on each axis (the z boundary decides the ring's end planes, x and y each ring plane's
 * ghosts), both Java backends, both precisions, odd shapes, any depth, and slabs on several threads.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TemporalBlocking3dTest {
    /** Everything a plane kernel must get right about which plane, row, cell and step it computes. */
    static final Model NOISY_3D = Model.builder("noisy-drift-3d")
            .fields("a", "b").param("D", 0.1).param("s", 0.02).dt(0.3)
            .equation("a", "D*lap(a) + s*rand() + 0.01*x*y*z - a*b + 0.05*(a[1,1,1] - a[-1,-1,-1])")
            .equation("b", "0.05*lap(b) + 0.5*a*b - 0.02*b + 0.1*(b[1,-1,0] - b[0,1,-1]) + 0.001*iz + 0.002*iy")
            .init("start", "a = 0.5 + 0.4*rand()", "b = 0.25 + 0.2*rand()")
            .build();

    static final List<String> BOUNDARIES = List.of("periodic", "neumann", "dirichlet=0.3", "neumann,periodic,dirichlet=0.5",
            "periodic,dirichlet=0.2,neumann", "dirichlet=0.1,neumann,periodic");

    /** Runs of 1, 2, 7 and 20 steps: a lone step, groups cut every way, many groups. */
    private static final long[] RUNS = {1, 2, 7, 20};

    private static Simulation.Builder builder(String name, Backend b, Precision p, String boundary, int... size) {
        Model m = name.equals(NOISY_3D.name()) ? NOISY_3D : Model.builtin(name);
        Simulation.Builder builder = Simulation.builder(m).size(size).precision(p).backend(b).boundary(BoundarySpec.parse(boundary))
                .seed(7);
        // ADIOS2's noise is 1e-7: too small to show a wrong cell index or step in a few steps
        return name.equals("gray-scott-3d") ? builder.set("noise", 0.05) : builder;
    }

    static Stream<Arguments> modelsAndBoundaries() {
        return Cases.cross(List.of("gray-scott-3d", "heat", NOISY_3D.name()), BOUNDARIES, List.of(Backend.INTERPRETED, Backend.VECTOR,
                Backend.NATIVE), Cases.PRECISIONS);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("modelsAndBoundaries")
    void everyModelAndBoundaryGivesTheSameBits(String name, String boundary, Backend b, Precision p) {
        Simulation.Builder builder = builder(name, b, p, boundary, 11, 7, 9).stepsPerSweep(3);
        assertSameBits(runs(builder, TemporalBlocking.OFF, b, RUNS), runs(builder, TemporalBlocking.ON, b, RUNS), 11, name + " " + boundary);
    }

    static Stream<Arguments> depthsAndShapes() {
        // 14 and 16 cells: a row two cells short of a whole cache line (f64 and f32), and a whole one;
        // 3 planes: fewer than the wavefront's depth
        return Cases.cross(List.of(2, 4, 7), Cases.PRECISIONS,
                Cases.rows(new int[] {14, 5, 6}, new int[] {16, 9, 8}, new int[] {3, 4, 3}, new int[] {9, 3, 17}));
    }

    @ParameterizedTest(name = "k={0} {1} {2}x{3}x{4}")
    @MethodSource("depthsAndShapes")
    void everyDepthAndShapeGivesTheSameBits(int depth, Precision p, int nx, int ny, int nz) {
        for (String bc : List.of("periodic", "neumann,dirichlet=0.4,neumann", "periodic,periodic,dirichlet=0.25")) {
            Simulation.Builder builder = builder(NOISY_3D.name(), Backend.VECTOR, p, bc, nx, ny, nz).stepsPerSweep(depth);
            List<double[][]> off = runs(builder, TemporalBlocking.OFF, Backend.VECTOR, RUNS);
            assertSameBits(off, runs(builder, TemporalBlocking.ON, Backend.VECTOR, RUNS), nx, bc + " k=" + depth);
        }
    }

    /** Slabs meet at different planes for every thread count; each recomputes k-1 planes beyond its edges. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"gray-scott-3d, periodic", "noisy-drift-3d, neumann,periodic,dirichlet=0.5", "heat, dirichlet=0.1,neumann,neumann"})
    void everyModeAndSlabCountGivesTheSameBits(String name, String boundary) {
        Simulation.Builder builder = builder(name, Backend.VECTOR, Precision.F64, boundary, 12, 6, 19).stepsPerSweep(4);
        List<double[][]> reference = runs(builder, TemporalBlocking.OFF, Backend.VECTOR, 13);
        for (ParallelMode mode : ParallelMode.values()) {
            for (int threads : new int[] {1, 2, 3, 5}) {
                for (BarrierKind barrier : mode.usesBarrier() ? BarrierKind.values() : new BarrierKind[] {BarrierKind.JDK}) {
                    List<double[][]> got = runs(builder.parallel(mode, threads).barrier(barrier), TemporalBlocking.ON, Backend.VECTOR, 13);
                    assertSameBits(reference, got, 12, mode + "/" + barrier + "/" + threads + " threads");
                }
            }
        }
    }

    /** The generated C's plane function gives the bits of the interpreter, blocked or not, with every boundary kind. */
    @ParameterizedTest(name = "native {0}")
    @CsvSource({"periodic", "'neumann,periodic,dirichlet=0.5'", "'dirichlet=0.1,neumann,periodic'"})
    void theNativePlaneKernelGivesTheInterpretersBits(String boundary) {
        Simulation.Builder reference = builder(NOISY_3D.name(), Backend.INTERPRETED, Precision.F32, boundary, 13, 6, 10);
        Simulation.Builder generated = builder(NOISY_3D.name(), Backend.NATIVE, Precision.F32, boundary, 13, 6, 10).stepsPerSweep(5)
                .parallel(ParallelMode.PLATFORM, 2);
        assertSameBits(runs(reference, TemporalBlocking.OFF, Backend.INTERPRETED, RUNS), runs(generated, TemporalBlocking.ON, Backend.NATIVE,
                RUNS), 13, "native k=5 against interpreted, " + boundary);
    }

    /** A kernel without a plane kernel: ON says so, AUTO steps one at a time. */
    @Test
    void onIsRefusedForAKernelWithoutPlaneKernel() {
        Model gs = Model.builtin("gray-scott-3d");
        StencilKernel bandOnly = new TemporalBlockingTest.BandOnly(ParallelFailureTest.vectorKernel(gs, GridShape.of3d(8, 8, 8), Precision.F64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Simulation.builder(gs).size(8, 8, 8).kernel(bandOnly).temporalBlocking(TemporalBlocking.ON).build());
        assertEquals("temporal blocking is not possible here: kernel band-only test kernel has no plane kernel", e.getMessage());
        try (Simulation sim = Simulation.builder(gs).size(8, 8, 8).kernel(bandOnly).temporalBlocking(TemporalBlocking.AUTO).build()) {
            assertFalse(sim.temporalBlocking());
        }
    }
}
