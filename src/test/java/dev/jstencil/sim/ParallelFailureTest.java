package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.RunConstants;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.Kernels;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.parallel.StepEngine;
import dev.jstencil.parallel.StepFailedException;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Failures inside a real run, 2D (bands of rows) and 3D (bands of planes): a faulty kernel (injected
 * through the builder) or a NaN. The caller gets the cause, the simulation's off-heap memory is
 * released, no thread survives.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails the test instead of stalling the build
class ParallelFailureTest {
    /** Delegates to a real kernel, but throws in the band starting at {@code failFrom} at global step {@code failStep}. */
    private record FaultyKernel(StencilKernel inner, int failFrom, long failStep, RuntimeException fault) implements StencilKernel {
        @Override
        public void update(Field[] cur, Field[] next, int from, int to, long step) {
            if (from == failFrom && step == failStep) {
                throw fault;
            }
            inner.update(cur, next, from, to, step);
        }

        @Override
        public Backend backend() {
            return inner.backend();
        }

        @Override
        public Precision precision() {
            return inner.precision();
        }

        @Override
        public String description() {
            return "faulty " + inner.description();
        }
    }

    /** The vector kernel a simulation of {@code model} with its defaults would use. */
    static StencilKernel vectorKernel(Model model, GridShape shape, Precision p) {
        Lowered lowered = Lowering.kernel(model, shape.dims(), p);
        double[] slots = new RunConstants(model.defaultParams(), model.dt(), model.h(), shape).slotValues(lowered);
        StencilKernel k = Kernels.create(Backend.VECTOR, model.text(), lowered, slots, 0);
        assertEquals(Backend.VECTOR, k.backend(), k.description());
        return k;
    }

    private static List<String> aliveEngineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(StepEngine.THREAD_PREFIX)).toList();
    }

    @ParameterizedTest(name = "{0} {1} {2} fault in band at {3}, step {4}")
    @CsvSource({
        "gray-scott, SERIAL, JDK, 0, 3",
        "gray-scott, PLATFORM, JDK, 0, 0",
        "gray-scott, PLATFORM, SPIN, 32, 7",
        "gray-scott, VIRTUAL, JDK, 32, 7",
        "gray-scott, VIRTUAL, SPIN, 0, 19",
        "gray-scott, FORKJOIN, JDK, 16, 4",
        "gray-scott, FORKJOIN, JDK, 0, 0",
        "gray-scott-3d, SERIAL, JDK, 6, 2",
        "gray-scott-3d, PLATFORM, SPIN, 6, 5",
        "gray-scott-3d, VIRTUAL, JDK, 0, 0",
        "gray-scott-3d, FORKJOIN, JDK, 9, 11",
    })
    void faultyKernelStopsTheRunAndReleasesTheFields(String modelName, ParallelMode mode, BarrierKind barrier, int failFrom,
                                                     long failStep) {
        Model model = Model.builtin(modelName);
        GridShape shape = modelName.endsWith("3d") ? GridShape.of3d(10, 9, 12) : GridShape.of2d(64, 64);
        RuntimeException fault = new UnsupportedOperationException("injected kernel fault");
        StencilKernel kernel = new FaultyKernel(vectorKernel(model, shape, Precision.F64), failFrom, failStep, fault);
        int[] size = shape.dims() == 3 ? new int[] {shape.nx(), shape.ny(), shape.nz()} : new int[] {shape.nx(), shape.ny()};
        Simulation sim = Simulation.builder(model).size(size).kernel(kernel).parallel(mode, 2).barrier(barrier).build();
        assertTrue(sim.engine().bands(shape.bandAxisSize()).stream().anyMatch(b -> b.y0() == failFrom), "a band starts at " + failFrom);
        List<Field> fields = List.of(sim.field(0), sim.field(1));
        StepFailedException e = assertThrows(StepFailedException.class, () -> sim.run(50));
        assertSame(fault, e.getCause());
        assertEquals(failStep, e.step());
        assertEquals(failFrom, e.band().y0());
        assertTrue(sim.isClosed(), "the fields must be released after a failed run");
        assertTrue(fields.stream().noneMatch(Field::isAlive), "field memory freed");
        assertThrows(IllegalStateException.class, () -> sim.run(1), "a released simulation refuses to run");
        assertEquals(List.of(), aliveEngineThreads());
    }

    /** A fault in a later run names that run's step: the engine counts per run, the kernel sees global steps. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"SERIAL", "PLATFORM", "FORKJOIN"})
    void aFaultInALaterRunNamesItsStepWithinThatRun(ParallelMode mode) {
        Model model = Model.builtin("gray-scott");
        RuntimeException fault = new IllegalStateException("injected");
        StencilKernel kernel = new FaultyKernel(vectorKernel(model, GridShape.of2d(20, 12), Precision.F64), 0, 13, fault);
        Simulation sim = Simulation.builder(model).size(20, 12).kernel(kernel).parallel(mode, 2).build();
        assertEquals(10, sim.run(10).steps());
        StepFailedException e = assertThrows(StepFailedException.class, () -> sim.run(10));
        assertSame(fault, e.getCause());
        assertEquals(3, e.step(), "global step 13 is step 3 of the second run");
        assertTrue(sim.isClosed());
        assertEquals(List.of(), aliveEngineThreads());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "gray-scott, SERIAL, JDK",
        "gray-scott, PLATFORM, SPIN",
        "gray-scott, VIRTUAL, JDK",
        "gray-scott, FORKJOIN, JDK",
        "gray-scott-3d, PLATFORM, JDK",
        "gray-scott-3d, FORKJOIN, JDK",
    })
    void nanInAParallelRunIsReportedWithItsStep(String modelName, ParallelMode mode, BarrierKind barrier) {
        boolean is3d = modelName.endsWith("3d");
        Simulation sim = Simulation.builder(Model.builtin(modelName)).size(is3d ? new int[] {12, 10, 30} : new int[] {40, 30})
                .parallel(mode, 2).barrier(barrier).checkEvery(10).build();
        sim.run(25);
        // lands in the second band (row or plane 27 of 30); spreads to neighbours each step
        if (is3d) {
            sim.field("v").set(5, 3, 27, Double.NaN);
        } else {
            sim.field("v").set(5, 27, Double.NaN);
        }
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(100));
        assertEquals(30, e.step(), "first check after the NaN appeared: total steps 25 + 5");
        assertTrue(e.getMessage().contains("after step 30 (fields were finite after step 25)") && e.getMessage().contains("NaN"),
                e.getMessage());
        assertTrue(sim.isClosed());
        assertFalse(sim.field(0).isAlive());
        assertEquals(List.of(), aliveEngineThreads());
    }
}
