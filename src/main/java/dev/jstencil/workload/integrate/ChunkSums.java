package dev.jstencil.workload.integrate;

import dev.jstencil.kernel.Kernels;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Picks the inner loop like {@link Kernels} picks a kernel: the Vector API loop lives in the
 * {@code vector} subpackage and is only loaded, reflectively, when {@code jdk.incubator.vector} is in
 * the JVM; without it, the scalar loop is used with one warning.
 */
public final class ChunkSums {
    private static final String VECTOR_CLASS = "dev.jstencil.workload.integrate.vector.VectorChunkSum";
    private static final AtomicBoolean warned = new AtomicBoolean();

    private ChunkSums() {
    }

    public static ChunkSum scalar() {
        return new ScalarChunkSum();
    }

    /** The Vector API loop, or why it cannot run here. */
    public static ChunkSum vector() {
        Optional<String> why = Kernels.vectorUnavailableReason();
        if (why.isPresent()) {
            throw new IllegalStateException("vector inner loop unavailable: " + why.get());
        }
        try {
            return (ChunkSum) Class.forName(VECTOR_CLASS).getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("vector inner loop failed to start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("vector inner loop could not be loaded: " + e, e);
        }
    }

    /** The vector loop if this JVM has the module, else the scalar one (warning once on stderr). */
    public static ChunkSum best() {
        Optional<String> why = Kernels.vectorUnavailableReason();
        if (why.isEmpty()) {
            return vector();
        }
        if (warned.compareAndSet(false, true)) {
            System.err.println("jstencil: warning: " + why.get() + "; integrating with the scalar loop");
        }
        return scalar();
    }
}
