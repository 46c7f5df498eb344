package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.GrayScottKernel;
import dev.jstencil.kernel.Kernels;
import dev.jstencil.model.GrayScottParams;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.parallel.StepEngine;
import dev.jstencil.parallel.StepFailedException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Failures inside a real Gray-Scott run: a faulty kernel (injected through the builder) or a NaN.
 * The caller gets the cause, the simulation's off-heap memory is released, no thread survives.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails the test instead of stalling the build
class ParallelFailureTest {
    /** Delegates to the vector kernel, but throws when the band starting at row {@code failY0} reaches {@code failStep}. */
    private record FaultyKernel(GrayScottKernel inner, int failY0, long failStep, RuntimeException fault,
                                ConcurrentHashMap<Integer, AtomicLong> calls) implements GrayScottKernel {
        @Override
        public void update(Field2D u, Field2D v, Field2D un, Field2D vn, GrayScottParams p, int y0, int y1) {
            long step = calls.computeIfAbsent(y0, k -> new AtomicLong()).getAndIncrement();
            if (y0 == failY0 && step == failStep) {
                throw fault;
            }
            inner.update(u, v, un, vn, p, y0, y1);
        }

        @Override
        public dev.jstencil.kernel.Backend backend() {
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

    private static List<String> aliveEngineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(StepEngine.THREAD_PREFIX)).toList();
    }

    @ParameterizedTest(name = "{0} {1} fault in band at row {2}, step {3}")
    @CsvSource({"SERIAL,JDK,0,3", "PLATFORM,JDK,0,0", "PLATFORM,SPIN,32,7", "VIRTUAL,JDK,32,7", "VIRTUAL,SPIN,0,19",
            "FORKJOIN,JDK,16,4", "FORKJOIN,JDK,0,0"})
    void faultyKernelStopsTheRunAndReleasesTheFields(ParallelMode mode, BarrierKind barrier, int failY0, long failStep) {
        RuntimeException fault = new UnsupportedOperationException("injected kernel fault");
        ConcurrentHashMap<Integer, AtomicLong> calls = new ConcurrentHashMap<>();
        GrayScottKernel kernel = new FaultyKernel(Kernels.create(Backend.VECTOR, Precision.F64), failY0, failStep, fault, calls);
        GrayScottSimulation sim = GrayScottSimulation.builder().size(64, 64).kernel(kernel).parallel(mode, 2).barrier(barrier).build();
        Field2D u = sim.u();
        StepFailedException e = assertThrows(StepFailedException.class, () -> sim.run(50));
        assertSame(fault, e.getCause());
        assertEquals(failStep, e.step());
        assertEquals(failY0, e.band().y0());
        assertTrue(sim.isClosed(), "the fields must be released after a failed run");
        assertTrue(!u.isAlive(), "field memory freed");
        assertThrows(IllegalStateException.class, () -> sim.run(1), "a released simulation refuses to run");
        assertEquals(List.of(), aliveEngineThreads());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SERIAL,JDK", "PLATFORM,SPIN", "VIRTUAL,JDK", "FORKJOIN,JDK"})
    void nanInAParallelRunIsReportedWithItsStep(ParallelMode mode, BarrierKind barrier) {
        GrayScottSimulation sim = GrayScottSimulation.builder().size(40, 30).parallel(mode, 2).barrier(barrier).checkEvery(10).build();
        sim.run(25);
        sim.v().set(5, 27, Double.NaN); // lands in the second band; spreads to neighbours each step
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(100));
        assertEquals(30, e.step(), "first check after the NaN appeared: total steps 25 + 5");
        assertTrue(e.getMessage().contains("after step 30") && e.getMessage().contains("NaN"), e.getMessage());
        assertTrue(sim.isClosed());
        assertEquals(List.of(), aliveEngineThreads());
    }
}
