package dev.jstencil.kernel.vector;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.VectorSweepGenerator;
import dev.jstencil.grid.Field;
import dev.jstencil.kernel.KernelUnavailableException;
import dev.jstencil.kernel.StencilKernel;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.VectorShape;

/**
 * Entry point looked up reflectively by {@code dev.jstencil.kernel.Kernels}, so that nothing outside
 * this package links against {@code jdk.incubator.vector} and a JVM without the module still runs
 * the interpreted backend. Generates a model's sweep class once per (model text, dimension,
 * precision, vector width, field layout) and defines it as a hidden class: later kernels for the
 * same model and grid, with any parameter values, reuse it. The layout (the byte distance to each
 * row and plane the model reads) is written into the code as constants; the class with deltas as
 * arguments serves the row kernel of temporal blocking, whose rows come from rotating buffers.
 */
public final class VectorKernels {
    private record Key(String modelText, int dims, String precision, boolean flushes, int bits, VectorSweepGenerator.Layout layout) {
    }

    /** A generated class, loaded, with what it needs to run. */
    record Compiled(VectorSweep sweep, VectorSweepGenerator.Generated generated) {
    }

    private static final Map<Key, Compiled> CACHE = new ConcurrentHashMap<>();
    private static final AtomicInteger GENERATED = new AtomicInteger();

    private VectorKernels() {
    }

    /**
     * A kernel for {@code lowered} bound to this run's slot values and noise seed.
     *
     * @param modelText the model's text: the cache key, with the dimension and precision
     */
    public static StencilKernel create(String modelText, Lowered lowered, double[] slots, long seed) {
        return new VectorStencilKernel(modelText, lowered, slots, seed);
    }

    /**
     * Generates and loads (or finds cached) the sweep class for a model.
     *
     * @param layout the field layout to write into the code, or null to read it from the arguments
     */
    static Compiled compile(String modelText, Lowered lowered, VectorSweepGenerator.Layout layout) {
        Objects.requireNonNull(lowered, "lowered");
        int bits = VectorWidth.shape().vectorBitSize();
        Key key = new Key(modelText, lowered.dims(), lowered.precision().name(), lowered.flushesSubnormals(), bits, layout);
        return CACHE.computeIfAbsent(key, k -> define(lowered, bits, layout));
    }

    /** How many classes this JVM has generated: a sweep's runs of one model and grid must not add any after the first (tests). */
    public static int generatedClasses() {
        return GENERATED.get();
    }

    private static Compiled define(Lowered lowered, int bits, VectorSweepGenerator.Layout layout) {
        GENERATED.incrementAndGet();
        VectorSweepGenerator.Generated g = VectorSweepGenerator.generate(lowered, bits, VectorShape.preferredShape().vectorBitSize(),
                layout);
        if (g.sweepBytecodeSize() > VectorSweepGenerator.HUGE_METHOD_LIMIT) {
            throw new KernelUnavailableException("the model's vector kernel is " + g.sweepBytecodeSize() + " bytes of bytecode, over the "
                    + VectorSweepGenerator.HUGE_METHOD_LIMIT + " HotSpot compiles (HugeMethodLimit): simplify the formulas (lets shared by "
                    + "several fields are computed once) or use --backend interpreted");
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(g.bytes(), true);
            VectorSweep sweep = (VectorSweep) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class)).invoke();
            return new Compiled(sweep, g);
        } catch (Throwable e) {
            throw new KernelUnavailableException("the generated vector kernel could not be loaded: " + e, e);
        }
    }

    /**
     * Writes the generated class file of a model, as it sweeps fields laid out as {@code layout},
     * into {@code dir} (for javap -c -p); returns the file.
     */
    public static Path dump(String modelText, Lowered lowered, Field layout, String modelName, Path dir) throws IOException {
        Compiled c = compile(modelText, lowered, VectorStencilKernel.layout(lowered.rowShifts(), layout));
        Files.createDirectories(dir);
        Path file = dir.resolve(modelName + "-" + lowered.dims() + "d-" + lowered.precision().cliName() + ".class");
        Files.write(file, c.generated().bytes());
        return file;
    }
}
