package dev.jstencil.mpi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * native/include/jstencil_mpi.h in Java: its constants and each function's FFM descriptor (which
 * {@link MpiNative} binds). MpiBindingDriftTest fails the build when this drifts from the header; reading it
 * loads no library.
 */
final class MpiHeader {
    /** JSTENCIL_MPI_ABI_VERSION. */
    static final int ABI_VERSION = 1;
    /** JSTENCIL_MPI_SUM, _MAX, _MIN. */
    static final int SUM = 0, MAX = 1, MIN = 2;

    /** Every function of the header and its descriptor, in the header's order. */
    static final Map<String, FunctionDescriptor> DESCRIPTORS = descriptors();
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

    private MpiHeader() {
    }
}
