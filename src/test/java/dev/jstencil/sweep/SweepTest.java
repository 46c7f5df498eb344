package dev.jstencil.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.io.Npy;
import dev.jstencil.kernel.vector.VectorKernels;
import dev.jstencil.model.BuiltinModels;
import dev.jstencil.model.Model;
import dev.jstencil.sim.Simulation;
import dev.jstencil.testutil.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pool's runs are the runs one would make alone; a failing run fails alone; one generated class serves every run. */
@Timeout(300)
class SweepTest {
    private static final long STEPS = 300;

    /** Gray-Scott with a comment that makes its text, and so its kernel cache key, new to this JVM. */
    private static Model freshGrayScott(Path dir, String tag) throws Exception {
        Path file = dir.resolve("gs-" + tag + ".model");
        Files.writeString(file, "# " + tag + " " + System.nanoTime() + "\n" + BuiltinModels.text("gray-scott"));
        return Model.resolve(file.toString());
    }

    private static Simulation.Builder builder(Model m, ParameterGrid grid, double[] values) {
        Simulation.Builder b = Simulation.builder(m).size(64, 64);
        for (int i = 0; i < values.length; i++) {
            b.set(grid.names().get(i), values[i]);
        }
        return b;
    }

    @Test
    void aSweepOf4x4GivesEachPointsOwnRunAndGeneratesTheKernelOnce(@TempDir Path dir) throws Exception {
        Model one = freshGrayScott(dir, "one");
        int before = VectorKernels.generatedClasses();
        try (Simulation sim = Simulation.builder(one).size(64, 64).build()) {
            sim.run(1);
        }
        int perModel = VectorKernels.generatedClasses() - before;
        assertTrue(perModel > 0, "a new model text generates its kernel");

        Model m = freshGrayScott(dir, "sweep");
        ParameterGrid grid = new ParameterGrid(List.of(Axis.parse("F=0.02:0.06:4"), Axis.parse("k=0.05:0.065:4")));
        Path fields = Files.createDirectories(dir.resolve("fields"));
        SweepSpec spec = new SweepSpec(grid, v -> builder(m, grid, v), STEPS, m.fields(), "v", fields);
        int beforeSweep = VectorKernels.generatedClasses();
        Sweep.Summary s = Sweep.run(spec, dir.resolve("out"), "test", 2, new JobRunner(spec), new Cancellation(), null);
        assertEquals(perModel, VectorKernels.generatedClasses() - beforeSweep,
                "16 runs of one model and grid generate what one run does: parameters are slots, not code");
        assertEquals(16, s.ok());
        assertEquals(16, s.ran());

        for (int i = 0; i < grid.size(); i++) {
            try (Simulation alone = builder(m, grid, grid.values(i)).build()) {
                alone.run(STEPS);
                for (String f : m.fields()) {
                    Npy.Array kept = Npy.read(fields.resolve(String.format("%06d-%s.npy", i, f)));
                    assertArrayEquals(alone.field(f).toArray(), kept.data(), "point " + i + " field " + f);
                }
            }
        }
        List<String> rows = Files.readAllLines(dir.resolve("out/runs.csv"));
        assertEquals(17, rows.size());
        assertTrue(rows.get(0).startsWith("index,F,k,status,steps,seconds,pattern,u_mean,"), rows.get(0));
        assertTrue(rows.get(6).startsWith("5,0.0333333333333,0.055,ok,300,"), rows.get(6));
        assertTrue(Files.size(dir.resolve("out/map.png")) > 1000);
    }

    /** A model whose runs blow up when p > 0 (du/dt = p u^2 from u = 1) and cannot start when D is over the stability limit. */
    private static Model blowUp(Path dir) throws Exception {
        Path file = dir.resolve("blowup.model");
        Files.writeString(file, """
                grid 16 16
                boundary periodic
                fields u
                param p = 0
                param D = 0.1
                du/dt = D*lap(u) + p*u*u
                init one {
                  u = 1 + 0.01*x
                }
                """);
        return Model.resolve(file.toString());
    }

    @Test
    void aFailingRunIsRecordedWithItsCauseAndStepAndTheOthersAreRight(@TempDir Path dir) throws Exception {
        Model m = blowUp(dir);
        ParameterGrid grid = new ParameterGrid(List.of(Axis.parse("p=0:1:2"), Axis.parse("D=0.05:10:2")));
        RunFactory factory = v -> Simulation.builder(m).checkEvery(10).set("p", v[0]).set("D", v[1]);
        RunFactory throwing = v -> {
            if (v[0] == 0 && v[1] == 10) {
                throw new IllegalStateException("forced failure for the test");
            }
            return factory.builder(v);
        };
        Path fields = Files.createDirectories(dir.resolve("fields"));
        SweepSpec spec = new SweepSpec(grid, throwing, 200, m.fields(), "u", fields);
        Sweep.Summary s = Sweep.run(spec, dir.resolve("out"), "test", 2, new JobRunner(spec), new Cancellation(), null);
        assertEquals(1, s.ok());
        assertEquals(3, s.failed());
        List<String> rows = Files.readAllLines(dir.resolve("out/runs.csv"));
        assertTrue(rows.get(1).startsWith("0,0,0.05,ok,200,"), rows.get(1));
        String[] nan = rows.get(2).split(",");
        assertTrue(rows.get(2).startsWith("1,1,0.05,failed,") && Long.parseLong(nan[4]) % 10 == 0 && Long.parseLong(nan[4]) < 200
                && rows.get(2).contains("step " + nan[4]), "failed at a NaN scan (every 10 steps), its step in the cause: " + rows.get(2));
        assertTrue(rows.get(3).startsWith("2,0,10,failed,0,") && rows.get(3).contains("forced failure for the test"), rows.get(3));
        assertTrue(rows.get(4).startsWith("3,1,10,failed,0,") && rows.get(4).contains("unstable"), rows.get(4));
        try (Simulation alone = factory.builder(grid.values(0)).build()) {
            alone.run(200);
            assertArrayEquals(alone.field("u").toArray(), Npy.read(fields.resolve("000000-u.npy")).data());
        }
        try (Stream<Path> kept = Files.list(fields)) {
            assertEquals(1, kept.count(), "only the run that finished keeps its field");
        }
    }

    /** Without NaN scans a run that blew up still fails: its fields are checked once at the end. */
    @Test
    void aRunThatEndsWithNaNFailsEvenWithoutScans(@TempDir Path dir) throws Exception {
        Model m = blowUp(dir);
        ParameterGrid grid = new ParameterGrid(List.of(Axis.parse("p=0:1:2")));
        SweepSpec spec = new SweepSpec(grid, v -> Simulation.builder(m).checkEvery(0).set("p", v[0]), 200, m.fields(), "u", null);
        Sweep.Summary s = Sweep.run(spec, dir.resolve("out"), "test", 1, new JobRunner(spec), new Cancellation(), null);
        assertEquals(1, s.ok());
        List<String> rows = Files.readAllLines(dir.resolve("out/runs.csv"));
        assertTrue(rows.get(2).startsWith("1,1,failed,200,") && rows.get(2).contains("u holds NaN or Inf after the last step 200"),
                rows.get(2));
    }

    @Test
    void aResumedSweepRunsOnlyWhatIsMissingAndEndsWithTheSameFiles(@TempDir Path dir) throws Exception {
        Model m = Model.builtin("gray-scott");
        ParameterGrid grid = new ParameterGrid(List.of(Axis.parse("F=0.02:0.06:3"), Axis.parse("k=0.05:0.065:2")));
        SweepSpec spec = new SweepSpec(grid, v -> builder(m, grid, v).size(32, 32), 200, m.fields(), "v", null);
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Sweep.run(spec, a, "test", 2, new JobRunner(spec), new Cancellation(), null);
        Sweep.run(spec, b, "test", 1, new JobRunner(spec), new Cancellation(), null);
        Files.delete(b.resolve("runs/000001.txt"));
        Files.delete(b.resolve("runs/000004.txt"));
        Files.delete(b.resolve("map.png"));
        Sweep.Summary again = Sweep.run(spec, b, "test", 2, new JobRunner(spec), new Cancellation(), null);
        assertEquals(2, again.ran());
        assertEquals(4, again.resumed());
        assertEquals(Csv.withoutColumn(a.resolve("runs.csv"), "seconds"), Csv.withoutColumn(b.resolve("runs.csv"), "seconds"));
        assertArrayEquals(Files.readAllBytes(a.resolve("map.png")), Files.readAllBytes(b.resolve("map.png")));
    }

    @Test
    void aDirectoryOfAnotherSweepIsRefused(@TempDir Path dir) throws Exception {
        Model m = Model.builtin("gray-scott");
        ParameterGrid grid = new ParameterGrid(List.of(Axis.parse("F=0.02:0.06:2")));
        SweepSpec spec = new SweepSpec(grid, v -> builder(m, grid, v).size(16, 16), 10, m.fields(), "v", null);
        Sweep.run(spec, dir, "one sweep", 1, new JobRunner(spec), new Cancellation(), null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Sweep.run(spec, dir, "another sweep", 1, new JobRunner(spec), new Cancellation(), null));
        assertTrue(e.getMessage().contains("another sweep") && e.getMessage().contains("--out"), e.getMessage());
    }
}
