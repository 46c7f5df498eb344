package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Precision;
import dev.jstencil.io.Npy;
import dev.jstencil.io.AtomicFile;
import dev.jstencil.testutil.Cli;
import dev.jstencil.testutil.Vti;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --every N --out DIR --format ...}: the files of a series, end to end, and its bad inputs. */
@Timeout(120)
class SeriesCommandTest {
    @TempDir
    Path dir;

    /**
     * Each snapshot is the state of a run of exactly that many steps: its .npy has the same bytes as that
     * run's --npy, its .vti the same values bit for bit, and the .pvd lists it with time step * dt.
     */
    @ParameterizedTest(name = "{0} {1} {2} warmup {3}")
    @CsvSource({
            "gray-scott, 24x20, f64, 0, 0.5",
            "gray-scott-3d, 10x8x6, f32, 0, 1",
            "brusselator, 17x9, f32, 5, 0.01",
    })
    void everySnapshotIsTheStateAfterThatManySteps(String model, String size, String precision, int warmup, double dt) throws Exception {
        Path out = dir.resolve("series");
        List<String> common = List.of("run", model, "--size", size, "--precision", precision, "--dt", Double.toString(dt), "--threads", "1",
                "--seed", "3");
        Cli.Result r = Cli.run(concat(common, "--steps", "30", "--warmup", Integer.toString(warmup), "--every", "10", "--out", out.toString(),
                "--format", "npy,vti,png"));
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        List<Long> steps = Stream.of(10L, 20L, 30L).filter(s -> s > warmup).toList(); // warm-up steps count: 5 + 30 = 35
        assertEquals(Integer.toString(steps.size()), r.json().get("snapshots"), r.toString());
        assertTrue(r.out().lines().findFirst().orElseThrow().contains(steps.size() + " snapshots (npy, vti, png) -> " + out), r.out());

        List<Vti.DataSet> sets = Vti.collection(out.resolve(model + ".pvd"));
        assertEquals(steps.stream().map(s -> new Vti.DataSet(s * dt, model + "_%06d.vti".formatted(s))).toList(), sets);
        Precision p = Precision.parse(precision);
        for (long step : steps) {
            Path ref = dir.resolve("ref" + step);
            Cli.Result exact = Cli.run(concat(common, "--steps", Long.toString(step), "--npy", ref.toString()));
            assertEquals(Main.EXIT_OK, exact.exitCode(), exact.toString());
            Vti.Image img = Vti.read(out.resolve(model + "_%06d.vti".formatted(step)));
            for (String f : img.arrays().keySet()) {
                Path npy = out.resolve(f + "_%06d.npy".formatted(step));
                assertArrayEquals(Files.readAllBytes(ref.resolve(f + ".npy")), Files.readAllBytes(npy), f + " at step " + step);
                assertArrayEquals(Vti.bitsOf(Npy.read(npy).data(), p), img.arrays().get(f).bits(), f + " in the .vti at step " + step);
                BufferedImage png = ImageIO.read(out.resolve(f + "_%06d.png".formatted(step)).toFile());
                assertNotNull(png, f + " png");
                long[] shape = Npy.read(npy).shape();
                assertEquals(shape[shape.length - 1], png.getWidth());
                assertEquals(shape[shape.length - 2], png.getHeight());
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertFalse(names.stream().anyMatch(n -> n.endsWith(AtomicFile.TMP_SUFFIX)), "no temporary file left: " + names);
            assertEquals(1 + steps.size() * (1 + 2 * fieldsPerStep(names)), names.size(), names.toString());
        }
    }

    /** Fields per snapshot, from the .npy names of the first step. */
    private static int fieldsPerStep(List<String> names) {
        String first = names.stream().filter(n -> n.endsWith(".npy")).sorted().findFirst().orElseThrow();
        String tag = first.substring(first.lastIndexOf('_'));
        return (int) names.stream().filter(n -> n.endsWith(tag)).count();
    }

    @Test
    void fieldsChoosesWhichFieldsAndTheGrayScottCommandWritesSeriesToo() throws Exception {
        Path out = dir.resolve("gs");
        Cli.Result r = Cli.run("gray-scott", "--size", "16x12", "--steps", "20", "--every", "10", "--no-png", "--threads", "1",
                "--out", out.toString(), "--fields", "v", "--format", "vti,npy");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.toString());
        assertEquals("2", r.json().get("snapshots"));
        assertEquals(List.of("v"), List.copyOf(Vti.read(out.resolve("gray-scott_000020.vti")).arrays().keySet()));
        assertTrue(Files.exists(out.resolve("v_000010.npy")));
        assertFalse(Files.exists(out.resolve("u_000010.npy")), "u was not chosen");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--every 0|--every 0 is not allowed: use a step count >= 1",
            "--every -4|--every -4 is not allowed: use a step count >= 1",
            "--every ten|'ten'",
            "--every 50|--every 50 writes no snapshot in a run of 20 steps: use N <= 20",
            "--every 5 --format vti,mp4|--format 'mp4' is not one of [vti, npy, png]",
            "--every 5 --fields u,w|--fields 'w' is not a field of this model; fields: u, v",
            "--out OUT|--out belongs to an output series: add --every N",
            "--format npy|--format belongs to an output series: add --every N",
            "--every 5 --out FILE|is a file, not a directory",
    })
    void badSeriesOptionsGiveOneLineNamingTheValue(String options, String expected) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        List<String> args = new ArrayList<>(List.of("run", "gray-scott", "--size", "8", "--steps", "20", "--threads", "1"));
        for (String o : options.split(" ")) {
            args.add(o.replace("OUT", dir.resolve("o").toString()).replace("FILE", file.toString()));
        }
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().getFirst().startsWith("jstencil: error: ") && r.errLines().getFirst().contains(expected), r.errLines().getFirst());
        assertFalse(Files.exists(dir.resolve("o")), "nothing created for a refused run");
    }

    /**
     * The output directory replaced by a file while the run goes on: the run stops with exit 1 and one line
     * naming the file it could not write; what was written before (now elsewhere) is complete and valid.
     */
    @Test
    void aDirectoryReplacedMidRunStopsTheRunWithOneMessageAndKeepsTheWrittenFiles() throws Exception {
        Path out = dir.resolve("live"), moved = dir.resolve("moved");
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread run = new Thread(() -> result.set(Cli.run("run", "gray-scott", "--size", "32", "--steps", "2000000000", "--every", "5",
                "--threads", "1", "--format", "vti,npy", "--out", out.toString())));
        run.start();
        Path pvd = out.resolve("gray-scott.pvd");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!(Files.exists(pvd) && Files.readString(pvd).split("<DataSet").length > 3)) {
            assertTrue(System.nanoTime() < deadline, "no snapshots appeared");
            Thread.sleep(5);
        }
        Files.move(out, moved);
        Files.writeString(out, "not a directory any more");
        run.join(60_000);
        assertFalse(run.isAlive(), "the run did not stop");
        Cli.Result r = result.get();
        assertEquals(Main.EXIT_FAILURE, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        String line = r.errLines().getFirst();
        assertTrue(line.matches("jstencil: error: cannot write " + java.util.regex.Pattern.quote(out.toString())
                + "/\\S+: .+ \\(the run stopped at step \\d+; the files written before it are complete\\)"), line);

        List<Vti.DataSet> sets = Vti.collection(moved.resolve("gray-scott.pvd"));
        assertTrue(sets.size() >= 3, sets.toString());
        for (Vti.DataSet s : sets) {
            Vti.Image img = Vti.read(moved.resolve(s.file()));
            assertEquals(32 * 32, img.arrays().get("v").bits().length, s.file());
        }
        try (Stream<Path> files = Files.list(moved)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".vti")) {
                    Vti.read(f);
                } else if (n.endsWith(".npy")) {
                    assertArrayEquals(new long[] {32, 32}, Npy.read(f).shape(), n);
                }
            }
        }
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(Arrays.asList(tail));
        return all.toArray(String[]::new);
    }
}
