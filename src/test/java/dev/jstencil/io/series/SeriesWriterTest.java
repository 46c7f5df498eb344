package dev.jstencil.io.series;

import dev.jstencil.io.AtomicFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.io.Colormap;
import dev.jstencil.io.Npy;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import dev.jstencil.testutil.Vti;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The background writer: order, back-pressure instead of drops, buffer reuse, failures, the real formats. */
@Timeout(60)
class SeriesWriterTest {
    private static final GridShape SHAPE = GridShape.of2d(9, 5);

    @TempDir
    Path dir;

    private final Field u = Field.allocate(Precision.F64, SHAPE, 1), v = Field.allocate(Precision.F64, SHAPE, 1);

    @AfterEach
    void free() {
        u.close();
        v.close();
    }

    /** u = step, v = -step everywhere. */
    private void stamp(long step) {
        u.fill(step);
        v.fill(-step);
    }

    private SeriesWriter writer(int buffers, Runnable onFailure, SnapshotFormat... formats) {
        return new SeriesWriter(new SnapshotPool(List.of("u", "v"), List.of(u, v), buffers), List.of(formats), onFailure);
    }

    /** A format that records what it saw, slowly. */
    private record Recorder(long sleepMillis, AtomicLong produced, int buffers, List<String> problems, List<Long> steps) implements SnapshotFormat {
        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public void write(Snapshot s) throws IOException {
            long held = produced.get() - (steps.size() + 1) + 1; // this one and those queued behind it
            if (held > buffers) {
                problems.add("step " + s.step() + ": " + held + " snapshots held with " + buffers + " buffers");
            }
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            // read after the sleep: a buffer reused too early would show the values of a later step
            for (double x : s.fields().get(0).toArray()) {
                if (x != s.step()) {
                    problems.add("step " + s.step() + ": u holds " + x);
                    break;
                }
            }
            for (double x : s.fields().get(1).toArray()) {
                if (x != -s.step()) {
                    problems.add("step " + s.step() + ": v holds " + x);
                    break;
                }
            }
            if (s.time() != s.step() * 0.5) {
                problems.add("step " + s.step() + ": time " + s.time());
            }
            steps.add(s.step());
        }
    }

    @ParameterizedTest(name = "{0} buffer(s), writer sleeps {1} ms")
    @CsvSource({"1, 3", "2, 5", "3, 2", "3, 0"})
    void aSlowWriterHoldsUpTheComputationAndNeverLosesASnapshot(int buffers, long sleep) throws IOException {
        AtomicLong produced = new AtomicLong();
        Recorder rec = new Recorder(sleep, produced, buffers, Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()));
        SeriesWriter w = writer(buffers, () -> { }, rec);
        int n = 40;
        for (long step = 10; step <= 10L * n; step += 10) {
            stamp(step);
            w.submit(step, step * 0.5, List.of(u, v));
            produced.incrementAndGet();
        }
        w.close();
        assertEquals(List.of(), rec.problems());
        assertEquals(Stream.iterate(10L, s -> s + 10).limit(n).toList(), rec.steps(), "every snapshot, in order");
        assertEquals(n, w.written());
        assertEquals(n, w.submitted());
        if (sleep >= 3) {
            assertTrue(w.waitedSeconds() > 0.001, "a writer this slow makes submit wait: " + w.waitedSeconds());
        }
    }

    @Test
    void aFailingFormatStopsTheSeriesOnceNamingTheFileAndKeepsTheEarlierFiles() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        SnapshotFormat failsAtThree = new SnapshotFormat() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public void write(Snapshot s) throws IOException {
                Path file = dir.resolve("f_" + s.step() + ".txt");
                AtomicFile.write(file, tmp -> {
                    Files.writeString(tmp, "half");
                    if (s.step() == 3) {
                        throw new IOException("No space left on device");
                    }
                });
            }
        };
        SeriesWriter w = writer(2, cancels::incrementAndGet, failsAtThree);
        List<IOException> thrown = new ArrayList<>();
        for (long step = 1; step <= 10; step++) {
            stamp(step);
            try {
                w.submit(step, step, List.of(u, v));
            } catch (IOException e) {
                thrown.add(e);
                break; // the run stops at the first report
            }
            Thread.sleep(20);
        }
        try {
            w.close();
        } catch (IOException e) {
            thrown.add(e);
        }
        w.close(); // idempotent, reports nothing twice
        assertEquals(1, thrown.size(), "one report: " + thrown);
        String msg = thrown.getFirst().getMessage();
        assertEquals("cannot write " + dir.resolve("f_3.txt") + ": No space left on device", msg);
        assertEquals(1, cancels.get(), "the run is asked to stop once");
        assertEquals(2, w.written());
        assertEquals("half", Files.readString(dir.resolve("f_1.txt")));
        assertEquals("half", Files.readString(dir.resolve("f_2.txt")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("f_1.txt", "f_2.txt"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing after the failure, no temporary file");
        }
    }

    @Test
    void aBugInAFormatIsReportedWithItsStep() throws Exception {
        SnapshotFormat npe = new SnapshotFormat() {
            @Override
            public String name() {
                return "bug";
            }

            @Override
            public void write(Snapshot s) {
                throw new IllegalStateException("bug at " + s.step());
            }
        };
        SeriesWriter w = writer(3, () -> { }, npe);
        stamp(7);
        w.submit(7, 7, List.of(u, v));
        IOException e = assertThrows(IOException.class, w::close);
        assertTrue(e.getMessage().contains("step 7") && e.getMessage().contains("bug at 7"), e.getMessage());
    }

    @Test
    void theRealFormatsWriteEverySnapshotWithNothingTemporaryLeft() throws Exception {
        GridShape shape = GridShape.of3d(6, 4, 5);
        try (Field a = Field.allocate(Precision.F32, shape, 1)) {
            SeriesFiles files = new SeriesFiles(dir, 6);
            List<SnapshotFormat> formats = Stream.of("vti", "npy", "png").map(f -> SnapshotFormat.of(f, files, "run", 0.5)).toList();
            List<double[]> values = new ArrayList<>();
            try (SeriesWriter w = new SeriesWriter(new SnapshotPool(List.of("a"), List.of(a), 2), formats, () -> { })) {
                for (int step = 5; step <= 15; step += 5) {
                    for (int i = 0; i < shape.cells(); i++) {
                        a.set(i % 6, i / 6 % 4, i / 24, step * 1000 + (i / 24 == 2 ? -i : i) * 0.25); // falls in the middle slice only
                    }
                    values.add(a.toArray());
                    w.submit(step, step * 0.1, List.of(a));
                }
            }
            List<Vti.DataSet> sets = Vti.collection(dir.resolve("run.pvd"));
            assertEquals(List.of(new Vti.DataSet(5 * 0.1, "run_000005.vti"), new Vti.DataSet(10 * 0.1, "run_000010.vti"),
                    new Vti.DataSet(15 * 0.1, "run_000015.vti")), sets);
            for (int k = 0; k < 3; k++) {
                int step = 5 * (k + 1);
                Vti.Image img = Vti.read(dir.resolve(sets.get(k).file()));
                assertEquals("0 5 0 3 0 4", img.wholeExtent());
                assertEquals("0.5 0.5 0.5", img.spacing());
                assertArrayEquals(Vti.bitsOf(values.get(k), Precision.F32), img.arrays().get("a").bits(), "step " + step);
                Npy.Array npy = Npy.read(dir.resolve("a_%06d.npy".formatted(step)));
                assertEquals("<f4", npy.descr());
                assertArrayEquals(new long[] {5, 4, 6}, npy.shape());
                assertArrayEquals(values.get(k), npy.data());
                BufferedImage png = ImageIO.read(dir.resolve("a_%06d.png".formatted(step)).toFile());
                assertNotNull(png);
                assertEquals(6, png.getWidth());
                assertEquals(4, png.getHeight());
                // the middle slice (z = 2), scaled from its own min to max: its first cell is its max, its last its min
                assertEquals(0xff000000 | Colormap.VIRIDIS.rgb(1), png.getRGB(0, 0) | 0xff000000, "max at (0, 0)");
                assertEquals(0xff000000 | Colormap.VIRIDIS.rgb(0), png.getRGB(5, 3) | 0xff000000, "min at (5, 3)");
            }
            try (Stream<Path> all = Files.list(dir)) {
                assertFalse(all.anyMatch(p -> p.toString().endsWith(AtomicFile.TMP_SUFFIX)), "no temporary file left");
            }
        }
    }

    /** The README's library example, as written there but for the directory and the grid. */
    @Test
    void theReadmeExampleWritesTenSnapshots() throws Exception {
        try (Simulation sim = Simulation.builder(Model.builtin("gray-scott")).size(20, 16).parallel(ParallelMode.SERIAL, 1).build()) {
            SeriesFiles files = new SeriesFiles(dir, 6);
            List<SnapshotFormat> formats = List.of(SnapshotFormat.of("vti", files, "run", sim.h()),
                    SnapshotFormat.of("npy", files, "run", sim.h()));
            SnapshotPool pool = new SnapshotPool(List.of("u", "v"), List.of(sim.field("u"), sim.field("v")), 3);
            try (SeriesWriter series = new SeriesWriter(pool, formats, sim.control()::cancel)) {
                for (int i = 0; i < 10; i++) {
                    sim.run(100);
                    series.submit(sim.stepsDone(), sim.stepsDone() * sim.dt(), List.of(sim.field("u"), sim.field("v")));
                }
            }
            assertEquals(10, Vti.collection(dir.resolve("run.pvd")).size());
            assertArrayEquals(sim.field("v").toArray(), Npy.read(dir.resolve("v_001000.npy")).data(), "the last snapshot is the final state");
            assertFalse(Arrays.equals(sim.field("v").toArray(), Npy.read(dir.resolve("v_000900.npy")).data()), "the one before is not");
        }
    }

    @Test
    void closeIsIdempotentAndSubmitAfterItIsRefused() throws IOException {
        SeriesWriter w = writer(2, () -> { }, new Recorder(0, new AtomicLong(), 2, new ArrayList<>(), new ArrayList<>()));
        w.close();
        w.close();
        var e = assertThrows(IllegalStateException.class, () -> w.submit(1, 1, List.of(u, v)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void fieldsOfAnotherLayoutAreRefusedByName() throws IOException {
        try (Field other = Field.allocate(Precision.F32, SHAPE, 1);
             SeriesWriter w = writer(2, () -> { }, new Recorder(0, new AtomicLong(), 2, new ArrayList<>(), new ArrayList<>()))) {
            var e = assertThrows(IllegalArgumentException.class, () -> w.submit(1, 1, List.of(u, other)));
            assertTrue(e.getMessage().contains("field 'v'"), e.getMessage());
            w.submit(2, 1, List.of(u, v)); // the buffer went back to the pool
        }
    }
}
