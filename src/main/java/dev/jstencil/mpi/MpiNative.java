package dev.jstencil.mpi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The functions of native/include/jstencil_mpi.h, bound through the FFM API: one static final
 * {@link MethodHandle} each, called with {@code invokeExact}. The first use of this class builds and
 * loads the shim ({@link MpiLibrary}); nothing else in jstencil touches it, so a JVM outside mpirun never
 * loads an MPI library. MpiBindingDriftTest checks {@link #DESCRIPTORS} against the header.
 */
final class MpiNative {
    /** Every function of the header and its descriptor, in the header's order. */
    static final Map<String, FunctionDescriptor> DESCRIPTORS = descriptors();
    static final int ABI_VERSION = 1; // JSTENCIL_MPI_ABI_VERSION
    static final int SUM = 0, MAX = 1, MIN = 2;

    private static Map<String, FunctionDescriptor> descriptors() {
        Map<String, FunctionDescriptor> d = new LinkedHashMap<>();
        d.put("jsmpi_abi_version", FunctionDescriptor.of(JAVA_INT));
        d.put("jsmpi_init_thread", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        d.put("jsmpi_initialized", FunctionDescriptor.of(JAVA_INT));
        d.put("jsmpi_comm_rank", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        d.put("jsmpi_comm_size", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        d.put("jsmpi_barrier", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        d.put("jsmpi_dims_create", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        d.put("jsmpi_cart_create", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        d.put("jsmpi_cart_coords", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        d.put("jsmpi_cart_shift", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        d.put("jsmpi_proc_null", FunctionDescriptor.of(JAVA_INT));
        d.put("jsmpi_request_bytes", FunctionDescriptor.of(JAVA_INT));
        d.put("jsmpi_isend", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        d.put("jsmpi_irecv", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        d.put("jsmpi_waitall", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        d.put("jsmpi_allreduce_long", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS));
        d.put("jsmpi_allreduce_double", FunctionDescriptor.of(JAVA_INT, JAVA_DOUBLE, JAVA_INT, JAVA_INT, ADDRESS));
        d.put("jsmpi_abort", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        d.put("jsmpi_finalize", FunctionDescriptor.of(JAVA_INT));
        d.put("jsmpi_error_string", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        return java.util.Collections.unmodifiableMap(d);
    }

    private static final SymbolLookup LIBRARY = MpiLibrary.load();

    private static MethodHandle bind(String name) {
        MemorySegment address = LIBRARY.find(name).orElseThrow(() -> new MpiException("the MPI shim has no function " + name
                + ": delete it from the kernel cache and run again"));
        return Linker.nativeLinker().downcallHandle(address, DESCRIPTORS.get(name));
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
