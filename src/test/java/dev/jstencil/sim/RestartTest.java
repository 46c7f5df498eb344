package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Precision;
import dev.jstencil.io.checkpoint.Checkpoint;
import dev.jstencil.io.checkpoint.CheckpointHeader;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.testutil.Grids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run stopped at a checkpoint and restarted from it, with another backend, thread count, parallel
 * mode or temporal blocking, ends bit for bit where the run that was never stopped ends, noise included.
 */
class RestartTest {
    @TempDir
    Path dir;

    /** Gray-Scott 2D with noise in a rate (the built-in 2D models draw noise only in their inits). */
    static final Model NOISY_2D = Model.parse("noisy-gray-scott", """
            fields u v
            param F  = 0.04
            param k  = 0.06
            dt = 1
            du/dt = 0.16*lap(u) - u*v*v + F*(1 - u) + 0.002*rand()
            dv/dt = 0.08*lap(v) + u*v*v - (F + k)*v + 0.001*rand()
            init square {
              let inside = ix >= nx/3 && ix < nx/2 && iy >= ny/3 && iy < ny/2
              u = inside ? 0.5 : 1
              v = inside ? 0.25 : 0
            }
            """);

    /** How a part of a run is computed: none of it may change the values. */
    record Engine(Backend backend, ParallelMode mode, int threads, int stepsPerSweep) {
        Simulation.Builder apply(Simulation.Builder b) {
            b.backend(backend).parallel(mode, threads);
            return stepsPerSweep > 1 ? b.temporalBlocking(TemporalBlocking.ON).stepsPerSweep(stepsPerSweep)
                    : b.temporalBlocking(TemporalBlocking.OFF);
        }

        @Override
        public String toString() {
            return backend.cliName() + "/" + mode.cliName() + "x" + threads + (stepsPerSweep > 1 ? "/tb" + stepsPerSweep : "");
        }
    }

    /** A model on a grid: its builder with everything that must match, fixed. */
    record Physics(String name, Model model, int[] size, Precision precision, long seed) {
        Simulation.Builder builder() {
            Simulation.Builder b = Simulation.builder(model).size(size).precision(precision).seed(seed);
            if (model.paramIndex("noise") >= 0) {
                b.set("noise", 1e-3); // large enough that a wrong step key shows
            }
            return b;
        }

        boolean is2d() {
            return size.length == 2;
        }

        @Override
        public String toString() {
            return name + " " + precision.cliName();
        }
    }

    static final List<Physics> PHYSICS = List.of(
            new Physics("gray-scott 33x17", Model.builtin("gray-scott"), new int[] {33, 17}, Precision.F64, 0),
            new Physics("noisy 2D 33x17", NOISY_2D, new int[] {33, 17}, Precision.F64, 5),
            new Physics("noisy 2D 31x19", NOISY_2D, new int[] {31, 19}, Precision.F32, 6),
            new Physics("gray-scott-3d 16^3", Model.builtin("gray-scott-3d"), new int[] {16, 16, 16}, Precision.F64, 7),
            new Physics("gray-scott-3d 12x10x9", Model.builtin("gray-scott-3d"), new int[] {12, 10, 9}, Precision.F32, 8));

    static Engine engine(Random r, boolean twoD) {
        Backend[] backends = Backend.values();
        ParallelMode[] modes = ParallelMode.values();
        ParallelMode mode = modes[r.nextInt(modes.length)];
        int threads = 1 + r.nextInt(3);
        int[] depths = {1, 2, 4, 8};
        return new Engine(backends[r.nextInt(backends.length)], mode, threads, twoD ? depths[r.nextInt(depths.length)] : 1);
    }

    static Stream<Arguments> restarts() {
        Random r = new Random(13);
        return IntStream.range(0, 16).mapToObj(i -> {
            Physics p = PHYSICS.get(i % PHYSICS.size());
            int total = 20 + r.nextInt(30);
            int at = 1 + r.nextInt(total - 1);
            return Arguments.of(p, total, at, engine(r, p.is2d()), engine(r, p.is2d()));
        });
    }

    static final Engine REFERENCE = new Engine(Backend.VECTOR, ParallelMode.SERIAL, 1, 1);

    /** The reference: serial, vector, one step per sweep, never stopped. */
    private static double[][] uninterrupted(Physics p, long steps) {
        return Grids.fieldsAfter(REFERENCE.apply(p.builder()).build(), steps);
    }

    /** Runs {@code steps} steps of {@code p} on {@code e} and writes their checkpoint as {@code file}, opened. */
    private static Checkpoint checkpointAfter(Physics p, Engine e, long steps, Path file) throws IOException {
        try (Simulation a = e.apply(p.builder()).build()) {
            assertEquals(e.backend(), a.kernel().backend(), "no silent fallback: " + a.kernel().description());
            a.run(steps);
            a.writeCheckpoint(file);
        }
        return Checkpoint.open(file);
    }

    @ParameterizedTest(name = "{0}: {1} steps, stopped at {2}, {3} then {4}")
    @MethodSource("restarts")
    void aRestartedRunEndsBitForBitWhereTheUninterruptedOneEnds(Physics p, int total, int at, Engine first, Engine then) throws IOException {
        double[][] expected = uninterrupted(p, total);
        Path file = dir.resolve("c.jsck");
        Checkpoint c = checkpointAfter(p, first, at, file);
        assertEquals(at, c.header().step());
        assertEquals(at * c.header().dt(), c.header().time());
        try (Simulation b = then.apply(p.builder()).restartFrom(c).build()) {
            assertEquals(then.backend(), b.kernel().backend(), "no silent fallback: " + b.kernel().description());
            assertEquals(at, b.stepsDone());
            assertTrue(b.initDescription().startsWith("checkpoint " + file), b.initDescription());
            assertEquals(then.stepsPerSweep() > 1, b.temporalBlocking());
            assertEquals(total - at, b.run(total - at).steps());
            assertEquals(total, b.stepsDone());
            for (int f = 0; f < expected.length; f++) {
                Grids.assertBitwiseEquals(expected[f], b.field(f).toArray(), p.size()[0], p + " field " + b.model().fields().get(f));
            }
        }
    }

    /** The noise these tests rely on matters: another seed, or the same noise a step off, changes the result. */
    @Test
    void theNoiseIsLargeEnoughToShowAWrongStepKey() throws IOException {
        for (Physics p : List.of(PHYSICS.get(1), PHYSICS.get(3))) {
            double[][] expected = uninterrupted(p, 12);
            // the same fields as a checkpoint of step 5: the noise of the next steps is drawn for other steps
            Checkpoint c = checkpointAfter(p, REFERENCE, 6, dir.resolve("n.jsck"));
            Path shifted = dir.resolve("shifted.jsck");
            CheckpointHeader h = c.header();
            try (Simulation a = p.builder().restartFrom(c).build()) {
                dev.jstencil.io.checkpoint.CheckpointWriter.write(shifted, new CheckpointHeader(h.modelName(), h.modelText(), h.fields(),
                        h.params(), h.grid(), h.boundaries(), h.precision(), 5, 5 * h.dt(), h.dt(), h.h(), h.seed(), h.flushSubnormals()),
                        a.fields());
            }
            try (Simulation b = p.builder().restartFrom(Checkpoint.open(shifted)).build()) {
                b.run(7);
                assertTrue(Grids.maxAbsDiff(expected[0], b.field(0).toArray()) > 0, p + ": the step key changes the noise");
            }
        }
    }

    @Test
    void aCheckpointOfAnotherGridModelOrPhysicsIsRefusedNamingWhatDiffers() throws IOException {
        Physics p = PHYSICS.get(0);
        Path file = dir.resolve("ckpt-600.jsck");
        Checkpoint c = checkpointAfter(p, REFERENCE, 3, file);
        record Wrong(String what, Simulation.Builder builder, String words) {
        }
        List<Wrong> wrongs = List.of(
                new Wrong("grid", p.builder().size(64, 64), "grid 33x17, this run 64x64"),
                new Wrong("model", Simulation.builder(Model.builtin("brusselator")).size(33, 17), "model gray-scott, this run brusselator"),
                new Wrong("parameter", p.builder().set("F", 0.03), "parameter F = 0.04, this run 0.03"),
                new Wrong("precision", p.builder().precision(Precision.F32), "precision f64, this run f32"),
                new Wrong("boundaries", p.builder().boundary(BoundarySpec.parse("neumann")), "boundaries periodic,periodic, this run neumann,neumann"),
                new Wrong("dt", p.builder().dt(0.5), "dt 1.0, this run 0.5"),
                new Wrong("seed", p.builder().seed(3), "seed 0, this run 3"),
                new Wrong("flushing", p.builder().flushSubnormals(true), "flush-subnormals off, this run on"));
        for (Wrong w : wrongs) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.builder().restartFrom(c).build(), w.what());
            assertTrue(e.getMessage().startsWith("checkpoint " + file + ": ") && e.getMessage().contains(w.words()), e.getMessage());
        }
    }

    @Test
    void aCorruptedFieldFoundWhileRestoringFailsTheBuild() throws IOException {
        Physics p = PHYSICS.get(3);
        Path file = dir.resolve("c.jsck");
        Checkpoint c = checkpointAfter(p, REFERENCE, 2, file); // opened while whole, damaged before the fields are read
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 1;
        Files.write(file, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.builder().restartFrom(c).build());
        assertTrue(e.getMessage().contains("field v fails its CRC32C check"), e.getMessage());
    }
}
