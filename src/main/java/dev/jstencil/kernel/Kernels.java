package dev.jstencil.kernel;

import dev.jstencil.grid.Precision;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Picks a kernel implementation at run time, in the manner of Lucene's VectorizationProvider: the
 * Vector API kernels live in their own package and are only loaded when {@code jdk.incubator.vector}
 * is in the boot layer; otherwise {@link Backend#VECTOR} falls back to the scalar kernel with one
 * warning. The native kernel is loaded the same way, and says why when it cannot be.
 */
public final class Kernels {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_FACTORY = "dev.jstencil.kernel.vector.VectorKernels";
    private static final String NATIVE_FACTORY = "dev.jstencil.ffm.NativeKernels";
    private static final AtomicBoolean warned = new AtomicBoolean();

    private Kernels() {
    }

    /** The scalar reference kernel. */
    public static GrayScottKernel scalar(Precision precision) {
        return switch (Objects.requireNonNull(precision)) {
            case F64 -> new ScalarKernelF64();
            case F32 -> new ScalarKernelF32();
        };
    }

    /**
     * A kernel for {@code backend}. VECTOR degrades to SCALAR (with one warning on stderr) when the
     * incubator module is absent; NATIVE throws {@link KernelUnavailableException} with the reason.
     */
    public static GrayScottKernel create(Backend backend, Precision precision) {
        return switch (Objects.requireNonNull(backend)) {
            case SCALAR -> scalar(precision);
            case VECTOR -> vectorUnavailableReason().isEmpty()
                    ? invokeFactory(VECTOR_FACTORY, precision)
                    : warnAndFallBack(precision);
            case NATIVE -> invokeFactory(NATIVE_FACTORY, precision);
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

    private static GrayScottKernel warnAndFallBack(Precision precision) {
        if (warned.compareAndSet(false, true)) {
            System.err.println("jstencil: warning: vector backend unavailable: " + vectorUnavailableReason().orElseThrow()
                    + "; using the scalar kernel");
        }
        return scalar(precision);
    }

    private static GrayScottKernel invokeFactory(String className, Precision precision) {
        try {
            Class<?> factory = Class.forName(className);
            return (GrayScottKernel) factory.getMethod("create", Precision.class).invoke(null, precision);
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
