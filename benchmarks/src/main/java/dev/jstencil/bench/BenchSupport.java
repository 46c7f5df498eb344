package dev.jstencil.bench;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.RunConstants;
import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.FieldSet;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Halo;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.kernel.Kernels;
import dev.jstencil.kernel.StencilKernel;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import dev.jstencil.sim.TemporalBlocking;
import java.lang.foreign.MemorySegment;

/**
 * Set-up shared by the benchmarks: a model's kernel with clear failures, and a steady, finite
 * workload of its fields.
 */
final class BenchSupport {
    /** JVM options every fork needs (kept in step with the {@code @Fork} annotations). */
    static final String VECTOR = "--add-modules=jdk.incubator.vector";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** The noise seed of every workload (only models with {@code rand()} read it). */
    static final long SEED = 0;
    /** The initial condition a workload starts from when its model has one by this name. */
    static final String PREFERRED_INIT = "gauss";

    private BenchSupport() {
    }

    /**
     * Bands of whole rows (2D) or planes (3D) of {@code cells} cells in all that tile the grid,
     * handed out in turn so that the whole working set stays in play as in a real step.
     */
    static final class Bands {
        private final int units;
        private final int perBand;
        private int next;

        Bands(GridShape shape, int cells) {
            this.units = shape.bandAxisSize();
            if (!fits(shape.dims(), shape.nx(), shape.ny(), units, cells)) {
                String unit = shape.dims() == 3 ? "plane" : "row";
                StringBuilder ok = new StringBuilder();
                for (int n = 1; n <= cells && Math.pow(n, shape.dims()) <= GridShape.MAX_CELLS; n *= 2) {
                    if (fits(shape.dims(), n, n, n, cells)) {
                        ok.append(ok.isEmpty() ? "" : ", ").append(n);
                    }
                }
                throw new IllegalArgumentException("grid " + describe(shape) + " does not work here: every invocation updates "
                        + cells + " cells as whole " + unit + "s tiling the grid, so " + cells + " must be a whole number of "
                        + unit + "s and the grid a whole number of such bands (sizes that work: " + ok + ")");
            }
            this.perBand = (int) (cells / unitCells(shape.dims(), shape.nx(), shape.ny()));
        }

        private static long unitCells(int dims, int nx, int ny) {
            return dims == 3 ? (long) nx * ny : nx;
        }

        private static boolean fits(int dims, int nx, int ny, int units, int cells) {
            long unit = unitCells(dims, nx, ny);
            return cells % unit == 0 && units % (cells / unit) == 0;
        }

        /** Rows or planes per band. */
        int rows() {
            return perBand;
        }

        /** The first row (plane) of the next band. */
        int next() {
            int from = next;
            int to = from + perBand;
            next = to == units ? 0 : to;
            return from;
        }
    }

    static String describe(GridShape shape) {
        return shape.dims() == 3 ? shape.nx() + "x" + shape.ny() + "x" + shape.nz() : shape.nx() + "x" + shape.ny();
    }

    /** A built-in model by name, or a model file by path (as the CLI's MODEL argument). */
    static Model model(String nameOrPath) {
        return Model.resolve(nameOrPath);
    }

    /**
     * The kernel for {@code backend}, made as {@link Simulation} makes it (the model's default
     * parameters, dt and h, noise seed {@link #SEED}), or an exception whose message says why it
     * cannot run (JMH prints it and goes on with the next parameter combination). VECTOR must really
     * be the Vector API kernel: a silent fallback to the interpreter would measure the wrong thing.
     */
    static StencilKernel kernel(Backend backend, Model model, Lowered lowered, GridShape shape) {
        double[] slots = new RunConstants(model.defaultParams(), model.dt(), model.h(), shape).slotValues(lowered);
        StencilKernel k;
        try {
            k = Kernels.create(backend, model.text(), lowered, slots, SEED);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("backend " + backend.cliName() + " " + lowered.precision().cliName() + " for model "
                    + model.name() + " is unavailable: " + e.getMessage(), e); // the library's message says why and what to do
        }
        if (k.backend() != backend) {
            throw new IllegalStateException("asked for backend " + backend.cliName() + " but got " + k.description()
                    + ": is --add-modules=jdk.incubator.vector missing from the fork's JVM options?");
        }
        return k;
    }

    /**
     * A model's fields in a {@link FieldSet} (both buffers, placed as a simulation places them) with
     * its kernel and halo. Both buffers hold the model's initial condition ({@value #PREFERRED_INIT}
     * if it has one, else its first; for gray-scott that is the smooth Gaussian start, every cell a
     * normal nonzero number) with the ghost layer filled. The benchmarks read {@link #cur} and write
     * {@link #next} and never swap, so every invocation does identical work on identical data: no
     * drift from iteration to iteration and no subnormal numbers (a state evolving from gray-scott's
     * square start makes them within a few hundred steps, and they are slow on x86, so a benchmark
     * that let the state evolve would measure how long it had run). Memory traffic per update is that
     * of a real step: read every field with its neighbours, write every field.
     *
     * <p>The initial state is computed by a {@link Simulation} of the same model, grid and precision
     * (so it is exactly what {@code jstencil run} starts from) and copied into both buffers; for that
     * moment the set-up holds the fields twice.
     */
    static final class Workload implements AutoCloseable {
        final Model model;
        final GridShape shape;
        final Precision precision;
        final Lowered lowered;
        final StencilKernel kernel;
        final Halo halo;
        final FieldSet fields;
        /** Buffer 0 of every field: what kernels read. */
        final Field[] cur;
        /** Buffer 1 of every field: what kernels write. */
        final Field[] next;

        private Workload(Model model, GridShape shape, Precision precision, Lowered lowered, StencilKernel kernel, Halo halo,
                         FieldSet fields) {
            this.model = model;
            this.shape = shape;
            this.precision = precision;
            this.lowered = lowered;
            this.kernel = kernel;
            this.halo = halo;
            this.fields = fields;
            this.cur = fields.buffers(0);
            this.next = fields.buffers(1);
        }

        static Workload create(String modelName, Backend backend, Precision precision, GridShape shape) {
            Model model = model(modelName);
            Lowered lowered = Lowering.kernel(model, shape.dims(), precision);
            StencilKernel kernel = kernel(backend, model, lowered, shape);
            Halo halo = new Halo(model.boundary().orElse(BoundarySpec.PERIODIC).forDims(shape.dims()), model.dirichlet());
            FieldSet fields = new FieldSet(precision, shape, Math.max(1, lowered.radius()), model.fields(), lowered.rowShifts());
            try {
                initialise(model, fields);
                return new Workload(model, shape, precision, lowered, kernel, halo, fields);
            } catch (RuntimeException | Error e) {
                fields.close();
                throw e;
            }
        }

        private static void initialise(Model model, FieldSet fields) {
            GridShape shape = fields.shape();
            int[] size = shape.dims() == 3 ? new int[] {shape.nx(), shape.ny(), shape.nz()} : new int[] {shape.nx(), shape.ny()};
            Simulation.Builder b = Simulation.builder(model).size(size).precision(fields.precision())
                    .backend(Backend.INTERPRETED) // the cheapest kernel to make: this simulation never steps
                    .temporalBlocking(TemporalBlocking.OFF)
                    .seed(SEED)
                    .parallel(ParallelMode.PLATFORM, Runtime.getRuntime().availableProcessors());
            if (model.init(PREFERRED_INIT).isPresent()) {
                b.init(PREFERRED_INIT);
            }
            try (Simulation sim = b.build()) {
                for (int f = 0; f < fields.size(); f++) {
                    Field from = sim.field(f);
                    for (int p = 0; p < 2; p++) {
                        Field to = fields.buffer(p, f);
                        MemorySegment src = from.segment(), dst = to.segment();
                        if (!from.sameLayout(to) || src.byteSize() != dst.byteSize()) {
                            throw new IllegalStateException("the simulation's field " + model.fields().get(f) + " (" + from
                                    + ") is not laid out as the benchmark's (" + to + "): the set-up no longer matches Simulation");
                        }
                        MemorySegment.copy(src, 0, dst, 0, src.byteSize()); // interior and ghost layer
                    }
                }
            }
        }

        /** Updates rows (planes) [from, to) of {@link #next} from {@link #cur}. */
        void update(int from, int to, long step) {
            kernel.update(cur, next, from, to, step);
        }

        @Override
        public void close() {
            fields.close();
        }
    }
}
