package dev.jstencil.kernel;

import dev.jstencil.codegen.Lowered;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Picks a kernel implementation at run time, in the manner of Lucene's VectorizationProvider: the
 * Vector API code lives in its own package and is only loaded when {@code jdk.incubator.vector} is
 * in the boot layer; otherwise {@link Backend#VECTOR} falls back to the interpreter with one
 * warning. The native kernel (C generated from the model, compiled by gcc at run time) is loaded the
 * same way, and says why when it cannot be.
 */
public final class Kernels {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_FACTORY = "dev.jstencil.kernel.vector.VectorKernels";
    private static final String NATIVE_FACTORY = "dev.jstencil.ffm.NativeKernels";
    private static final AtomicBoolean warned = new AtomicBoolean();

    private Kernels() {
    }

    /**
     * A kernel for {@code backend} running {@code lowered} with these slot values and noise seed.
     * VECTOR degrades to INTERPRETED (with one warning on stderr) when the incubator module is absent;
     * NATIVE throws {@link KernelUnavailableException} with the reason.
     *
     * @param modelText the model's text, which keys the cache of generated classes (and opens the generated C)
     */
    public static StencilKernel create(Backend backend, String modelText, Lowered lowered, double[] slots, long seed) {
        Objects.requireNonNull(lowered, "lowered");
        return switch (Objects.requireNonNull(backend)) {
            case INTERPRETED -> new InterpretedKernel(lowered, slots, seed);
            case VECTOR -> vectorUnavailableReason().isEmpty()
                    ? (StencilKernel) invoke(VECTOR_FACTORY, new Class<?>[] {String.class, Lowered.class, double[].class, long.class},
                    modelText, lowered, slots, seed)
                    : warnAndFallBack(lowered, slots, seed);
            case NATIVE -> (StencilKernel) invoke(NATIVE_FACTORY, new Class<?>[] {String.class, Lowered.class, double[].class, long.class},
                    modelText, lowered, slots, seed);
        };
    }

    /** Empty if the Vector API kernels can run in this JVM, else why not. */
    public static Optional<String> vectorUnavailableReason() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return Optional.of("module " + VECTOR_MODULE + " is not in this JVM (start java with --add-modules "
                    + VECTOR_MODULE + ")");
        }
        return Optional.empty();
    }

    private static StencilKernel warnAndFallBack(Lowered lowered, double[] slots, long seed) {
        if (warned.compareAndSet(false, true)) {
            System.err.println("jstencil: warning: vector backend unavailable: " + vectorUnavailableReason().orElseThrow()
                    + "; using the interpreted (scalar) kernel");
        }
        return new InterpretedKernel(lowered, slots, seed);
    }

    private static Object invoke(String className, Class<?>[] types, Object... args) {
        try {
            Class<?> factory = Class.forName(className);
            return factory.getMethod("create", types).invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new KernelUnavailableException("kernel factory " + className + " failed: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new KernelUnavailableException("kernel factory " + className + " could not be loaded: " + e, e);
        }
    }
}
