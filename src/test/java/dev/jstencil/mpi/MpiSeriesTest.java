package dev.jstencil.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.testutil.Cli;
import dev.jstencil.testutil.Vti;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code mpirun -np N ... run --every K --format vti,npy,png} against the same series of one process: each snapshot's
 * .npy and .png the same bytes; its .pvti's pieces, put back together, the one-process .vti's values at every point. Odd
 * sizes and 2x2 (2D) or 2x2x1 (3D) blocks, so pieces meet at uneven offsets and at corners. Each mpirun costs N JVM
 * starts: two cases and one failure, on small grids.
 */
class MpiSeriesTest {
    private static final List<Long> STEPS = List.of(4L, 8L, 12L);

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsMpirun() {
        Assumptions.assumeTrue(MpiRunTest.onPath("mpirun"), "mpirun is not on PATH: the MPI tests are skipped (install openmpi-bin and "
                + "libopenmpi-dev, as .ci/run does)");
    }

    @ParameterizedTest(name = "{0} {1} {2} on {3} ranks")
    @CsvSource({
            "gray-scott, 37x23, f64, 4, 'periodic,neumann'",
            "gray-scott-3d, 13x11x17, f32, 4, neumann",
    })
    void theSeriesOfSeveralRanksIsTheSeriesOfOneProcess(String model, String size, String precision, int ranks, String bc) throws Exception {
        Path one = dir.resolve(model + "-one"), many = dir.resolve(model + "-many");
        List<String> args = List.of("run", model, "--size", size, "--precision", precision, "--bc", bc, "--seed", "7", "--steps", "12",
                "--every", "4", "--format", "vti,npy,png");
        Cli.Result ref = Cli.run(concat(args, "--threads", "2", "--out", one.toString()).toArray(String[]::new));
        assertEquals(0, ref.exitCode(), ref.toString());
        Cli.Result r = MpiRunTest.mpirun(dir, ranks, concat(args, "--out", many.toString()));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(Integer.toString(ranks), r.json().get("ranks"), "one report, from rank 0: " + r); // json() asserts one line
        assertEquals("3", r.json().get("snapshots"), r.toString());
        assertTrue(r.out().lines().findFirst().orElseThrow().contains("3 snapshots (vti, npy, png) -> " + many), r.out());

        List<Vti.DataSet> single = Vti.collection(one.resolve(model + ".pvd"));
        assertEquals(STEPS.stream().map(s -> model + "_%06d.vti".formatted(s)).toList(), single.stream().map(Vti.DataSet::file).toList());
        assertEquals(single.stream().map(d -> new Vti.DataSet(d.timestep(), d.file().replace(".vti", ".pvti"))).toList(),
                Vti.collection(many.resolve(model + ".pvd")), "the .pvd lists every step's .pvti at the one-process times");
        for (long step : STEPS) {
            for (String field : List.of("u", "v")) {
                for (String ext : List.of("npy", "png")) {
                    String file = field + "_%06d.".formatted(step) + ext;
                    assertArrayEquals(Files.readAllBytes(one.resolve(file)), Files.readAllBytes(many.resolve(file)), file + " of " + ranks + " ranks");
                }
            }
            Vti.Image whole = Vti.read(one.resolve(model + "_%06d.vti".formatted(step)));
            Vti.Parallel pvti = Vti.readParallel(many.resolve(model + "_%06d.pvti".formatted(step)));
            assertEquals(ranks, pvti.pieces().size(), "one piece per rank: " + pvti);
            assertEquals(whole.wholeExtent(), pvti.wholeExtent());
            assertEquals(whole.spacing(), pvti.spacing());
            assertEquals(List.of("u", "v"), List.copyOf(pvti.arrays().keySet()));
            assertEquals(whole.arrays().get("u").type(), pvti.arrays().get("u"));
            assertPiecesMeet(pvti);
            for (String field : List.of("u", "v")) {
                assertArrayEquals(whole.arrays().get(field).bits(), assemble(many, pvti, field, extent(pvti.wholeExtent())),
                        field + " at step " + step + ": the pieces put together");
            }
        }
        try (Stream<Path> files = Files.list(many)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(1 + STEPS.size() * (1 + ranks + 4), names.size(), "the .pvd; per step a .pvti, the pieces, two .npy, two .png: " + names);
        }
    }

    /** Every piece's upper end along each axis is the grid's, or another piece's lower end: ParaView draws no gap between them. */
    private static void assertPiecesMeet(Vti.Parallel pvti) {
        int[] whole = extent(pvti.wholeExtent());
        List<int[]> pieces = pvti.pieces().stream().map(p -> extent(p.extent())).toList();
        for (int[] p : pieces) {
            for (int a = 0; a < 3; a++) {
                int end = p[2 * a + 1], axis = a;
                assertTrue(end == whole[2 * a + 1] || pieces.stream().anyMatch(q -> q[2 * axis] == end),
                        "piece " + Arrays.toString(p) + " ends at " + end + " along axis " + a + ", where no other piece starts");
            }
        }
    }

    /**
     * The whole grid's values of {@code field} from the pieces (each file read as a .vti of its own extent); a point two
     * pieces hold must have the same bits in both, and every point must be held by one.
     */
    private static long[] assemble(Path dir, Vti.Parallel pvti, String field, int[] whole) throws Exception {
        int nx = whole[1] + 1, ny = whole[3] + 1, nz = whole[5] + 1;
        long[] bits = new long[nx * ny * nz];
        boolean[] held = new boolean[bits.length];
        for (Vti.Piece piece : pvti.pieces()) {
            Path file = dir.resolve(piece.source());
            assertTrue(Files.isRegularFile(file), "the .pvti names " + piece.source() + ", which exists");
            Vti.Image img = Vti.read(file);
            assertEquals(piece.extent(), img.wholeExtent(), piece.source() + ": the file's extent is the .pvti's");
            long[] values = img.arrays().get(field).bits();
            int[] e = extent(piece.extent());
            int px = e[1] - e[0] + 1, py = e[3] - e[2] + 1;
            assertEquals((long) px * py * (e[5] - e[4] + 1), values.length, piece.source() + ": one value per point of its extent");
            for (int i = 0; i < values.length; i++) {
                int x = e[0] + i % px, y = e[2] + (i / px) % py, z = e[4] + i / (px * py);
                int at = (z * ny + y) * nx + x;
                if (held[at]) {
                    assertEquals(bits[at], values[i], field + " at (" + x + ", " + y + ", " + z + "), shared by two pieces, differs");
                }
                bits[at] = values[i];
                held[at] = true;
            }
        }
        for (int i = 0; i < held.length; i++) {
            assertTrue(held[i], "point " + i + " of " + field + " is in no piece");
        }
        return bits;
    }

    private static int[] extent(String text) {
        int[] e = Arrays.stream(text.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        assertEquals(6, e.length, "an extent is six numbers: '" + text + "'");
        return e;
    }

    /**
     * A piece that cannot be written (a directory stands at its name) ends the job, with one message naming the file,
     * from its rank; the .pvd lists no snapshot of which a piece is missing.
     */
    @Test
    void aPieceThatCannotBeWrittenEndsTheJobWithOneMessage() throws Exception {
        Path out = Files.createDirectories(dir.resolve("blocked"));
        Path blocker = Files.createDirectories(out.resolve("gray-scott_000004_1.vti"));
        Files.writeString(blocker.resolve("keep"), "a directory in the way of rank 1's first piece");
        Cli.Result r = MpiRunTest.mpirun(dir, 3, List.of("run", "gray-scott", "--size", "31x19", "--steps", "12", "--every", "4",
                "--out", out.toString()));
        assertNotEquals(0, r.exitCode(), r.toString());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("jstencil: error:")).toList();
        assertEquals(1, errors.size(), "printed once: " + r);
        assertTrue(errors.getFirst().contains("cannot write " + blocker), errors.getFirst());
        assertTrue(errors.getFirst().contains("rank 1 of 3"), errors.getFirst());
        Path pvd = out.resolve("gray-scott.pvd");
        if (Files.exists(pvd)) {
            assertFalse(Vti.collection(pvd).stream().anyMatch(d -> d.file().equals("gray-scott_000004.pvti")),
                    "step 4 is listed, but rank 1's piece of it was never written");
        }
    }

    /** VTK's own reader joins the pieces of the 2D case's last .pvti into the one-process image, where a Python with VTK is installed. */
    @Test
    void vtkReadsThePiecesAsTheWholeImage() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python) && new ProcessBuilder(python.toString(), "-c", "import vtk, numpy").start().waitFor() == 0,
                "no /usr/bin/python3 with the vtk and numpy modules (Debian's python3-vtk9 and python3-numpy, which .ci/run installs): the check through VTK's own reader is skipped");
        Path one = dir.resolve("vtk-one"), many = dir.resolve("vtk-many");
        List<String> args = List.of("run", "gray-scott", "--size", "29x17", "--steps", "4", "--every", "4");
        assertEquals(0, Cli.run(concat(args, "--out", one.toString()).toArray(String[]::new)).exitCode());
        Cli.Result r = MpiRunTest.mpirun(dir, 4, concat(args, "--out", many.toString()));
        assertEquals(0, r.exitCode(), r.toString());
        String script = """
                import sys, vtk
                from vtk.util.numpy_support import vtk_to_numpy
                p = vtk.vtkXMLPImageDataReader(); p.SetFileName(sys.argv[1]); p.Update()
                w = vtk.vtkXMLImageDataReader(); w.SetFileName(sys.argv[2]); w.Update()
                a, b = p.GetOutput(), w.GetOutput()
                assert a.GetDimensions() == b.GetDimensions(), (a.GetDimensions(), b.GetDimensions())
                for name in ("u", "v"):
                    assert (vtk_to_numpy(a.GetPointData().GetArray(name)) == vtk_to_numpy(b.GetPointData().GetArray(name))).all(), name
                print("same")
                """;
        Process p = new ProcessBuilder(python.toString(), "-c", script, many.resolve("gray-scott_000004.pvti").toString(),
                one.resolve("gray-scott_000004.vti").toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), output);
        assertEquals("same", output.strip());
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(more));
        return all;
    }
}
