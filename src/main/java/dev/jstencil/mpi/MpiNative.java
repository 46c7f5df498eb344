package dev.jstencil.mpi;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The functions of native/include/jstencil_mpi.h, bound through the FFM API: one static final
 * {@link MethodHandle} each, called with {@code invokeExact}. The first use of this class builds and
 * loads the shim ({@link MpiLibrary}); nothing else in jstencil touches it, so a JVM outside mpirun never
 * loads an MPI library. The descriptors are {@link MpiHeader}'s.
 */
final class MpiNative {
    private static final SymbolLookup LIBRARY = MpiLibrary.load();

    private static MethodHandle bind(String name) {
        MemorySegment address = LIBRARY.find(name).orElseThrow(() -> new MpiException("the MPI shim has no function " + name
                + ": delete it from the kernel cache and run again"));
        return Linker.nativeLinker().downcallHandle(address, MpiHeader.DESCRIPTORS.get(name));
    }

    static final MethodHandle ABI_VERSION_MH = bind("jsmpi_abi_version");
    static final MethodHandle INIT_THREAD = bind("jsmpi_init_thread");
    static final MethodHandle INITIALIZED = bind("jsmpi_initialized");
    static final MethodHandle COMM_RANK = bind("jsmpi_comm_rank");
    static final MethodHandle COMM_SIZE = bind("jsmpi_comm_size");
    static final MethodHandle BARRIER = bind("jsmpi_barrier");
    static final MethodHandle DIMS_CREATE = bind("jsmpi_dims_create");
    static final MethodHandle CART_CREATE = bind("jsmpi_cart_create");
    static final MethodHandle CART_COORDS = bind("jsmpi_cart_coords");
    static final MethodHandle CART_SHIFT = bind("jsmpi_cart_shift");
    static final MethodHandle PROC_NULL = bind("jsmpi_proc_null");
    static final MethodHandle REQUEST_BYTES = bind("jsmpi_request_bytes");
    static final MethodHandle ISEND = bind("jsmpi_isend");
    static final MethodHandle IRECV = bind("jsmpi_irecv");
    static final MethodHandle WAITALL = bind("jsmpi_waitall");
    static final MethodHandle ALLREDUCE_LONG = bind("jsmpi_allreduce_long");
    static final MethodHandle ALLREDUCE_DOUBLE = bind("jsmpi_allreduce_double");
    static final MethodHandle ABORT = bind("jsmpi_abort");
    static final MethodHandle FINALIZE = bind("jsmpi_finalize");
    static final MethodHandle ERROR_STRING = bind("jsmpi_error_string");

    private MpiNative() {
    }
}
