package dev.jstencil.ffm;

import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.RunConstants;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One process of KernelCacheTest's race: obtains a model's library from the cache directory given
 * as its argument, prints whether it compiled it, runs the model natively and prints a checksum of
 * the result. Both processes must run; exactly one must compile.
 */
public final class CacheRaceMain {
    static final String MODEL = """
            fields c
            param a = 0.2
            dc/dt = a*lap(c) - 0.01*c*c + 0.001*rand()
            init flat {
              c = x*y
            }
            """;

    private CacheRaceMain() {
    }

    public static void main(String[] args) {
        KernelCache cache = new KernelCache(Path.of(args[0]), KernelCache.compilerFrom(System.getenv()));
        Model model = Model.parse("race.model", MODEL);
        Lowered lowered = Lowering.kernel(model, 2, Precision.F64);
        KernelCache.Library lib = cache.obtain(NativeKernels.stem(lowered), NativeKernels.source(model.text(), lowered));
        GridShape shape = GridShape.of2d(24, 17);
        double[] slots = new RunConstants(model.defaultParams(), 0.1, 1, shape).slotValues(lowered);
        try (Simulation sim = Simulation.builder(model).size(24, 17).dt(0.1).seed(3).parallel(ParallelMode.SERIAL, 1)
                .kernel(NativeKernels.create(cache, model.text(), lowered, slots, 3)).build()) {
            sim.run(20);
            System.out.println("compiled=" + lib.compiled() + " result=" + Arrays.hashCode(sim.field(0).toArray()));
        }
    }
}
