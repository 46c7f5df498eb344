package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.io.Npy;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.RowKernel;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.testutil.Cases;
import dev.jstencil.testutil.Cli;
import dev.jstencil.testutil.Grids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several steps per sweep ({@link dev.jstencil.kernel.WavefrontSweep}) must be invisible in the results:
 * bitwise the same fields as one step per sweep, for every 2D model of radius 1 (one field or two,
 * explicit and diagonal neighbours, noise, position-dependent rates), every boundary kind on each
 * axis, every backend with a row kernel (native for Gray-Scott), precision, shape, step count (odd
 * and even, across several runs, after a warm-up), mode and band count. Where it cannot work (radius 2,
 * no row kernel) ON is an error that says why, and AUTO quietly stays off.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TemporalBlockingTest {
    /**
     * Noise in the rate, rates that depend on the position, diagonal neighbours and an asymmetric
     * stencil: everything a row kernel must get right about which row, cell and step it computes.
     */
    static final Model NOISY = Model.builder("noisy-drift")
            .fields("a", "b").param("D", 0.1).param("s", 0.02).dt(0.5)
            .equation("a", "D*lap(a) + s*rand() + 0.01*x*y - a*b + 0.05*(a[1,1] - a[-1,-1])")
            .equation("b", "0.05*lap(b) + 0.5*a*b - 0.02*b + 0.1*(b[1,-1] - b) + 0.001*iy")
            .init("start", "a = 0.5 + 0.4*rand()", "b = 0.25 + 0.2*rand()")
            .build();
    /** Reads two cells away: radius 2. */
    static final Model WIDE = Model.builder("wide").fields("c").param("D", 0.1)
            .equation("c", "D*(c[2,0] + c[-2,0] - 2*c)").init("step", "c = x < 0.5 ? 1 : 0").build();

    static final Model WIDE_3D = Model.builder("wide3").fields("c").param("D", 0.1)
            .equation("c", "D*(c[0,0,2] + c[0,0,-2] - 2*c)").init("step", "c = z < 0.5 ? 1 : 0").build();

    static final List<String> BOUNDARIES = List.of("periodic", "neumann", "dirichlet=0.3", "neumann,periodic", "periodic,dirichlet=0.5",
            "dirichlet=0.2,neumann");

    private static Model model(String name) {
        return name.equals(NOISY.name()) ? NOISY : Model.builtin(name);
    }

    private static Simulation.Builder builder(Model m, Backend b, Precision p, String boundary, TemporalBlocking tb, int nx, int ny) {
        Simulation.Builder builder = Simulation.builder(m).size(nx, ny).precision(p).backend(b).boundary(BoundarySpec.parse(boundary))
                .seed(5).temporalBlocking(tb);
        return m.name().equals("gray-scott") ? builder.init("gauss") : builder; // smooth and not constant anywhere
    }

    private static Simulation build(Simulation.Builder b, TemporalBlocking tb, Backend backend) {
        Simulation sim = b.build();
        assertEquals(tb == TemporalBlocking.ON, sim.temporalBlocking(), "temporal blocking as asked");
        assertEquals(backend, sim.kernel().backend(), "no silent fallback: " + sim.kernel().description());
        return sim;
    }

    private static double[][] fields(Simulation sim) {
        double[][] out = new double[sim.model().fields().size()][];
        for (int f = 0; f < out.length; f++) {
            out[f] = sim.field(f).toArray();
        }
        return out;
    }

    /** The fields before the first run and after each run. */
    static List<double[][]> runs(Simulation.Builder b, TemporalBlocking tb, Backend backend, long... runs) {
        List<double[][]> out = new ArrayList<>();
        try (Simulation sim = build(b.temporalBlocking(tb), tb, backend)) {
            out.add(fields(sim));
            for (long steps : runs) {
                assertEquals(steps, sim.run(steps).steps());
                out.add(fields(sim));
            }
            return out;
        }
    }

    static void assertSameBits(List<double[][]> expected, List<double[][]> actual, int nx, String what) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            for (int f = 0; f < expected.get(r).length; f++) {
                Grids.assertBitwiseEquals(expected.get(r)[f], actual.get(r)[f], nx, what + ", field " + f + " after run " + r);
            }
        }
        double[][] first = expected.getFirst(), last = expected.getLast();
        boolean moved = false;
        for (int f = 0; f < first.length; f++) {
            moved |= Grids.maxAbsDiff(first[f], last[f]) > 0;
        }
        assertTrue(moved, what + ": the fields must change (else the comparison is vacuous)");
    }

    /** Runs of 1, 2, 7 and 20 steps: a lone step, a pair starting on an odd step, pairs and an odd one, many pairs. */
    private static final long[] RUNS = {1, 2, 7, 20};

    static Stream<Arguments> modelsAndBoundaries() {
        return Cases.cross(List.of("gray-scott", "heat", "brusselator", "fitzhugh-nagumo", "advection", NOISY.name()), BOUNDARIES,
                List.of(Backend.INTERPRETED, Backend.VECTOR, Backend.NATIVE), Cases.PRECISIONS);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("modelsAndBoundaries")
    void everyRadiusOneModelAndBoundaryGivesTheSameBits(String name, String boundary, Backend b, Precision p) {
        Simulation.Builder builder = builder(model(name), b, p, boundary, TemporalBlocking.OFF, 13, 9);
        List<double[][]> off = runs(builder, TemporalBlocking.OFF, b, RUNS);
        List<double[][]> on = runs(builder, TemporalBlocking.ON, b, RUNS);
        assertSameBits(off, on, 13, name + " " + boundary);
    }

    static Stream<Arguments> kernelsAndShapes() {
        // 14 and 16 cells: a row two cells short of a whole cache line (f64 and f32), and a whole one,
        // where a row kernel's write up to the next 64-byte boundary comes closest to the next row
        return Cases.cross(List.of(Backend.INTERPRETED, Backend.VECTOR, Backend.NATIVE), Cases.PRECISIONS,
                Cases.rows(new int[] {67, 41}, new int[] {8, 3}, new int[] {3, 3}, new int[] {17, 4}, new int[] {14, 9}, new int[] {16, 5}));
    }

    @ParameterizedTest(name = "gray-scott {0} {1} {2}x{3}")
    @MethodSource("kernelsAndShapes")
    void everyKernelAndShapeGivesTheSameBits(Backend b, Precision p, int nx, int ny) {
        Simulation.Builder builder = builder(Model.builtin("gray-scott"), b, p, "periodic", TemporalBlocking.OFF, nx, ny);
        assertSameBits(runs(builder, TemporalBlocking.OFF, b, RUNS), runs(builder, TemporalBlocking.ON, b, RUNS), nx, b + " " + p);
    }

    /** The native row kernel with every boundary kind (the halo and the ring's edge rows are Java's). */
    @ParameterizedTest(name = "gray-scott native {0} {1}")
    @MethodSource("nativeBoundaries")
    void theNativeKernelGivesTheSameBitsWithEveryBoundary(String boundary, Precision p) {
        Simulation.Builder builder = builder(Model.builtin("gray-scott"), Backend.NATIVE, p, boundary, TemporalBlocking.OFF, 19, 11);
        List<double[][]> off = runs(builder, TemporalBlocking.OFF, Backend.NATIVE, RUNS);
        assertSameBits(off, runs(builder, TemporalBlocking.ON, Backend.NATIVE, RUNS), 19, boundary);
        // and the same bits as the interpreter, so native agrees with the reference whichever way it sweeps
        Simulation.Builder reference = builder(Model.builtin("gray-scott"), Backend.INTERPRETED, p, boundary, TemporalBlocking.OFF, 19, 11);
        assertSameBits(runs(reference, TemporalBlocking.OFF, Backend.INTERPRETED, RUNS), off, 19, boundary + " native against interpreted");
    }

    static Stream<Arguments> nativeBoundaries() {
        return Cases.cross(BOUNDARIES, Cases.PRECISIONS);
    }

    /** (model, boundary, backend, precision). */
    static Stream<Arguments> bandCases() {
        return Stream.of(Arguments.of("gray-scott", "periodic", Backend.VECTOR, Precision.F64),
                Arguments.of("gray-scott", "neumann", Backend.NATIVE, Precision.F32),
                Arguments.of(NOISY.name(), "dirichlet=0.5,neumann", Backend.INTERPRETED, Precision.F64),
                Arguments.of("advection", "periodic,dirichlet=0.1", Backend.VECTOR, Precision.F32));
    }

    /** Bands meet at different rows for every thread count; the first and last band own the boundary rows. */
    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("bandCases")
    void everyModeAndBandCountGivesTheSameBits(String name, String boundary, Backend b, Precision p) {
        Simulation.Builder builder = builder(model(name), b, p, boundary, TemporalBlocking.OFF, 33, 29);
        List<double[][]> reference = runs(builder, TemporalBlocking.OFF, b, 25);
        for (ParallelMode mode : ParallelMode.values()) {
            for (int threads : new int[] {1, 2, 3, 7}) {
                for (BarrierKind barrier : mode.usesBarrier() ? BarrierKind.values() : new BarrierKind[] {BarrierKind.JDK}) {
                    List<double[][]> got = runs(builder.parallel(mode, threads).barrier(barrier), TemporalBlocking.ON, b, 25);
                    assertSameBits(reference, got, 33, mode + "/" + barrier + "/" + threads + " threads");
                }
            }
        }
    }

    /**
     * Odd runs flip the buffer parity differently from pairs, and the noise is keyed by the global step:
     * consecutive runs (a warm-up, then the rest, in pieces) must still add up to one run.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gray-scott", "noisy-drift"})
    void consecutiveRunsOfAnyLengthAddUp(String name) {
        Simulation.Builder builder = builder(model(name), Backend.VECTOR, Precision.F64, "neumann,periodic", TemporalBlocking.OFF, 30, 20);
        List<double[][]> whole = runs(builder, TemporalBlocking.OFF, Backend.VECTOR, 3 + 4 + 1 + 0 + 6);
        for (ParallelMode mode : List.of(ParallelMode.SERIAL, ParallelMode.PLATFORM)) {
            List<double[][]> pieces = runs(builder.parallel(mode, 3), TemporalBlocking.ON, Backend.VECTOR, 3, 4, 1, 0, 6);
            assertSameBits(List.of(whole.getFirst(), whole.getLast()), List.of(pieces.getFirst(), pieces.getLast()), 30,
                    "3+4+1+0+6 steps, " + mode + ", 3 bands");
        }
    }

    /** The CLI's --warmup is a run before the timed one: with temporal blocking on, the result is that of one plain run. */
    @ParameterizedTest(name = "warm-up {0} + {1} steps")
    @CsvSource({"5, 7", "1, 1", "4, 9", "3, 0"})
    void aWarmUpSplitGivesTheSameBitsAsOneRun(int warmup, int steps, @TempDir Path dir) throws Exception {
        Path modelFile = Files.writeString(dir.resolve("noisy-drift.model"), NOISY.text());
        Path split = dir.resolve("split"), whole = dir.resolve("whole");
        List<String> common = List.of("run", modelFile.toString(), "--size", "21x13", "--seed", "9", "--bc", "dirichlet=0.4,periodic",
                "--threads", "1", "--parallel", "serial", "--no-progress");
        Cli.Result a = Cli.run(concat(common, "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup),
                "--temporal-blocking", "on", "--npy", split.toString()));
        assertEquals(0, a.exitCode(), a.toString());
        assertEquals("true", a.json().get("temporal_blocking"), a.toString());
        assertEquals(Integer.toString(warmup), a.json().get("warmup"));
        Cli.Result b = Cli.run(concat(common, "--steps", Integer.toString(warmup + steps), "--temporal-blocking", "off",
                "--npy", whole.toString()));
        assertEquals(0, b.exitCode(), b.toString());
        assertEquals("false", b.json().get("temporal_blocking"), b.toString());
        for (String f : NOISY.fields()) {
            Npy.Array x = Npy.read(split.resolve(f + ".npy")), y = Npy.read(whole.resolve(f + ".npy"));
            Grids.assertBitwiseEquals(y.data(), x.data(), 21, f);
        }
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void autoStaysOffForSmallGridsAndTheSimulationSaysWhich() {
        try (Simulation sim = builder(Model.builtin("gray-scott"), Backend.VECTOR, Precision.F64, "periodic", TemporalBlocking.AUTO, 64, 64)
                .build()) {
            assertFalse(sim.temporalBlocking());
        }
        try (Simulation sim = builder(Model.builtin("gray-scott"), Backend.VECTOR, Precision.F64, "periodic", TemporalBlocking.ON, 64, 64)
                .build()) {
            assertTrue(sim.temporalBlocking());
        }
    }

    @Test
    void autoSwitchesOnAboveTheLastLevelCacheWithoutAllocating() {
        long cache = TemporalBlocking.autoThresholdBytes();
        assertTrue(cache > 0);
        GridShape fits = GridShape.of2d(16, 16);
        int n = (int) Math.sqrt(cache / 8.0) + 64; // one f64 field of n^2 > cache
        GridShape tooBig = GridShape.of2d(n, n);
        assertFalse(TemporalBlocking.AUTO.resolve(Precision.F64, fits, 1, 2, null));
        assertTrue(TemporalBlocking.AUTO.resolve(Precision.F64, tooBig, 1, 2, null));
        assertFalse(TemporalBlocking.AUTO.resolve(Precision.F64, tooBig, 1, 2, "no row kernel"), "auto never fails");
        assertFalse(TemporalBlocking.OFF.resolve(Precision.F64, tooBig, 1, 2, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TemporalBlocking.ON.resolve(Precision.F64, fits, 1, 2, "no row kernel"));
        assertTrue(e.getMessage().contains("no row kernel"), e.getMessage());

        // every field's two buffers count: a grid where one field's fit and three fields' do not
        int m = 16;
        while (2.0 * Field.byteSize(Precision.F64, GridShape.of2d(m, m), 1) <= cache / 2.0) {
            m += 16;
        }
        GridShape middle = GridShape.of2d(m, m);
        assertTrue(2.0 * Field.byteSize(Precision.F64, middle, 1) <= cache && 2.0 * 3 * Field.byteSize(Precision.F64, middle, 1) > cache);
        assertFalse(TemporalBlocking.AUTO.resolve(Precision.F64, middle, 1, 1, null), "one field fits");
        assertTrue(TemporalBlocking.AUTO.resolve(Precision.F64, middle, 1, 3, null), "three fields do not");
    }

    /** AUTO measures once the fields exceed the cache, counted as at most 32 MiB whatever sysfs says. */
    @Test
    void autoMeasuresBeyondTheCacheCountedAsAtMost32MiB() {
        double bound = Math.min(TemporalBlocking.autoThresholdBytes(), 32L << 20);
        int n = 16;
        while (2.0 * 2 * Field.byteSize(Precision.F64, GridShape.of2d(n, n), 1) <= bound) {
            n += 16;
        }
        assertTrue(TemporalBlocking.worthTuning(Precision.F64, GridShape.of2d(n, n), 1, 2), n + "^2 is over the bound");
        assertFalse(TemporalBlocking.worthTuning(Precision.F64, GridShape.of2d(n - 16, n - 16), 1, 2), (n - 16) + "^2 is not");
        assertTrue(n <= 1040, "at most 32 MiB: 1024^2 f64 Gray-Scott (33.6 MB of fields) is tuned wherever it runs, n = " + n);
        assertFalse(TemporalBlocking.worthTuning(Precision.F64, GridShape.of2d(512, 512), 1, 2), "the default 512^2 run is not");
        try (Simulation small = builder(Model.builtin("gray-scott"), Backend.VECTOR, Precision.F64, "periodic", TemporalBlocking.AUTO,
                64, 64).build()) {
            assertTrue(small.depthTuning().isEmpty(), "no tuning on a grid far inside the cache");
        }
    }

    /** A model that cannot take two steps per sweep: ON names why, AUTO quietly uses one step per sweep. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "wide, 12x9, 'it needs a model of radius 1, and wide reads 2 cells away'",
        "wide3, 9x8x7, 'it needs a model of radius 1, and wide3 reads 2 cells away'",
    })
    void onIsAnErrorWhereTheModelCannotDoIt(String name, String size, String reason) {
        Model m = name.equals("wide") ? WIDE : WIDE_3D;
        int[] dims = Stream.of(size.split("x")).mapToInt(Integer::parseInt).toArray();
        for (Backend b : Cases.JAVA_BACKENDS) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Simulation.builder(m).size(dims).backend(b).temporalBlocking(TemporalBlocking.ON).build());
            assertEquals("temporal blocking is not possible here: " + reason, e.getMessage());
            try (Simulation sim = Simulation.builder(m).size(dims).backend(b).temporalBlocking(TemporalBlocking.AUTO).build()) {
                assertFalse(sim.temporalBlocking(), "auto falls back quietly");
                assertEquals(3, sim.run(3).steps());
            }
        }
    }

    @Test
    void theCliSaysWhyOnCannotBeUsed(@TempDir Path dir) throws Exception {
        Path wide = Files.writeString(dir.resolve("wide.model"), WIDE.text());
        Cli.Result r = Cli.run("run", wide.toString(), "--size", "12x9", "--steps", "2", "--temporal-blocking", "on");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().getFirst().contains("it needs a model of radius 1, and wide reads 2 cells away"), r.toString());
        assertEquals("", r.out());
        r = Cli.run("run", wide.toString(), "--size", "12x9", "--steps", "2", "--temporal-blocking", "auto");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("false", r.json().get("temporal_blocking"));
    }

    /** Delegates to a kernel but offers no row kernel. */
    record BandOnly(StencilKernel inner) implements StencilKernel {
        public Backend backend() {
            return inner.backend();
        }

        public Precision precision() {
            return inner.precision();
        }

        public String description() {
            return "band-only test kernel";
        }

        public void update(Field[] cur, Field[] next, int from, int to, long step) {
            inner.update(cur, next, from, to, step);
        }
    }

    @Test
    void onIsRefusedForAKernelWithoutRowKernel() {
        Model gs = Model.builtin("gray-scott");
        StencilKernel bandOnly = new BandOnly(ParallelFailureTest.vectorKernel(gs, GridShape.of2d(16, 16), Precision.F64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Simulation.builder(gs).size(16, 16).kernel(bandOnly).temporalBlocking(TemporalBlocking.ON).build());
        assertEquals("temporal blocking is not possible here: kernel band-only test kernel has no row kernel", e.getMessage());
        try (Simulation sim = Simulation.builder(gs).size(16, 16).kernel(bandOnly).temporalBlocking(TemporalBlocking.AUTO).build()) {
            assertFalse(sim.temporalBlocking(), "auto falls back quietly");
        }
    }

    /**
     * A cancel lands between phases; the run must report a whole number of steps (a halo phase alone
     * counts for nothing) and leave exactly the state of that many plain steps.
     */
    @ParameterizedTest(name = "{0}, cancel after {1} row updates, {2}")
    @CsvSource({"gray-scott, 30, SERIAL", "gray-scott, 95, PLATFORM", "noisy-drift, 200, VIRTUAL", "noisy-drift, 61, FORKJOIN"})
    void aCancelledRunKeepsTheStateOfTheStepsItReports(String name, int rowCalls, ParallelMode mode) {
        Model m = model(name);
        int n = 24;
        AtomicReference<Simulation> self = new AtomicReference<>();
        AtomicLong calls = new AtomicLong();
        StencilKernel vector = ParallelFailureTest.vectorKernel(m, GridShape.of2d(n, n), Precision.F64);
        StencilKernel cancelling = new StencilKernel() {
            public Backend backend() {
                return vector.backend();
            }

            public Precision precision() {
                return vector.precision();
            }

            public String description() {
                return "cancelling " + vector.description();
            }

            public void update(Field[] cur, Field[] next, int from, int to, long step) {
                vector.update(cur, next, from, to, step);
            }

            public Optional<RowKernel> rowKernel() {
                RowKernel rows = vector.rowKernel().orElseThrow();
                return Optional.of((in, north, centre, south, out, outOffset, nx, y, step) -> {
                    rows.update(in, north, centre, south, out, outOffset, nx, y, step);
                    if (calls.incrementAndGet() == rowCalls) {
                        self.get().control().cancel();
                    }
                });
            }
        };
        try (Simulation sim = Simulation.builder(m).size(n, n).kernel(cancelling).boundary(BoundarySpec.parse("neumann,dirichlet=0.3"))
                .parallel(mode, 2).temporalBlocking(TemporalBlocking.ON).build()) {
            self.set(sim);
            RunResult r = sim.run(1001);
            assertTrue(r.cancelled(), "the cancel landed");
            assertTrue(r.steps() > 0 && r.steps() < 1001 && r.steps() % 2 == 0, "whole pairs: " + r.steps());
            assertEquals(r.steps(), sim.stepsDone());
            Simulation.Builder plain = Simulation.builder(m).size(n, n).backend(Backend.VECTOR)
                    .boundary(BoundarySpec.parse("neumann,dirichlet=0.3"));
            List<double[][]> expected = runs(plain, TemporalBlocking.OFF, Backend.VECTOR, r.steps());
            assertSameBits(List.of(expected.getFirst(), expected.getLast()), List.of(expected.getFirst(), fields(sim)), n, "cancelled run");
        }
    }

    @Test
    void anInjectedNaNIsReportedAtTheFirstPairThatPassesACheckPoint() {
        try (Simulation sim = builder(Model.builtin("gray-scott"), Backend.VECTOR, Precision.F64, "periodic", TemporalBlocking.ON, 33, 21)
                .checkEvery(10).build()) {
            sim.run(3);
            sim.field("u").set(5, 7, Double.NaN);
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> sim.run(1000));
            assertEquals(11, e.step(), "pairs end at 5, 7, 9, 11: the one passing step 10 is checked");
            assertTrue(e.getMessage().contains("after step 11 (fields were finite after step 3)"), e.getMessage());
            assertTrue(sim.isClosed());
        }
    }

    @Test
    void phaseAndCheckBookkeeping() {
        assertEquals(10, WavefrontTask.phases(10, 2), "pairs: one phase per step");
        assertEquals(7, WavefrontTask.phases(7, 2), "an odd last step is one phase");
        assertEquals(0, WavefrontTask.stepsAfter(1, 10, 2), "a halo phase alone is no step");
        assertEquals(2, WavefrontTask.stepsAfter(3, 10, 2));
        assertEquals(10, WavefrontTask.stepsAfter(10, 10, 2));
        assertEquals(6, WavefrontTask.stepsAfter(6, 7, 2));
        assertEquals(7, WavefrontTask.stepsAfter(7, 7, 2), "the odd last phase is one whole step");
        assertEquals(0, WavefrontTask.swapsAfter(0, 2));
        assertEquals(1, WavefrontTask.swapsAfter(1, 2));
        assertEquals(1, WavefrontTask.swapsAfter(2, 2));
        assertEquals(4, WavefrontTask.swapsAfter(7, 2));
        // 11 steps by 4: groups of 4, 4, 3 -> 2 + 2 + 2 phases; by 5: 5, 5, 1 -> 2 + 2 + 1
        assertEquals(6, WavefrontTask.phases(11, 4));
        assertEquals(5, WavefrontTask.phases(11, 5));
        assertEquals(4, WavefrontTask.stepsAfter(3, 11, 4));
        assertEquals(8, WavefrontTask.stepsAfter(5, 11, 4), "the last group's halo phase alone adds no step");
        assertEquals(11, WavefrontTask.stepsAfter(6, 11, 4));
        assertEquals(11, WavefrontTask.stepsAfter(5, 11, 5));
        assertEquals(3, WavefrontTask.swapsAfter(11, 4));
        assertEquals(3, WavefrontTask.swapsAfter(11, 5));
        // pairs from 3: end at 5, 7, ..., 11 (passes 10), 13, ..., 21 (passes 20)
        assertEquals(3, WavefrontTask.lastCheckedBefore(10, 3, 10, 2), "no check point before the pair ending at 11");
        assertEquals(11, WavefrontTask.lastCheckedBefore(20, 3, 10, 2), "the pair ending at 11 passed 10");
        assertEquals(20, WavefrontTask.lastCheckedBefore(21, 0, 10, 2), "from 0 pairs end on even steps: 20 itself");
        // groups of 4 from 3 end at 7, 11 (passes 10), 15, 19, 23 (passes 20)
        assertEquals(11, WavefrontTask.lastCheckedBefore(20, 3, 10, 4), "the group ending at 11 passed 10");
        assertEquals(11, WavefrontTask.lastCheckedBefore(12, 3, 10, 4), "the group after it");
        assertEquals(3, WavefrontTask.lastCheckedBefore(8, 3, 10, 4), "no check point before the group ending at 11");
    }

    static Stream<Arguments> depths() {
        return Cases.cross(List.of("gray-scott", "heat", "advection", NOISY.name()), BOUNDARIES, List.of(3, 4, 7),
                List.of(Backend.VECTOR, Backend.NATIVE));
    }

    /** k steps per sweep give the bits of one step per sweep: runs of 1, 2, 7 and 20 steps cut groups every way. */
    @ParameterizedTest(name = "{0} {1} k={2} {3}")
    @MethodSource("depths")
    void deeperWavefrontsGiveTheSameBits(String name, String boundary, int depth, Backend b) {
        Simulation.Builder builder = builder(model(name), b, Precision.F64, boundary, TemporalBlocking.OFF, 13, 9);
        List<double[][]> off = runs(builder, TemporalBlocking.OFF, b, RUNS);
        builder.stepsPerSweep(depth);
        List<double[][]> on = runs(builder, TemporalBlocking.ON, b, RUNS);
        assertSameBits(off, on, 13, name + " " + boundary + " k=" + depth);
    }

    /** Bands of every height with a deep wavefront: each band recomputes k-1 rows beyond its edges. */
    @ParameterizedTest(name = "threads={0} k={1}")
    @CsvSource({"2, 3", "3, 5", "4, 4", "2, 8"})
    void deepWavefrontsOnSeveralThreadsGiveTheSameBits(int threads, int depth) {
        for (String bc : List.of("periodic", "neumann", "dirichlet=0.25")) {
            Simulation.Builder builder = builder(NOISY, Backend.VECTOR, Precision.F32, bc, TemporalBlocking.OFF, 17, 11);
            List<double[][]> off = runs(builder, TemporalBlocking.OFF, Backend.VECTOR, RUNS);
            builder.stepsPerSweep(depth).parallel(dev.jstencil.parallel.ParallelMode.PLATFORM, threads);
            List<double[][]> on = runs(builder, TemporalBlocking.ON, Backend.VECTOR, RUNS);
            assertSameBits(off, on, 17, bc + " threads=" + threads + " k=" + depth);
        }
    }
}
