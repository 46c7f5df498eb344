/*
 * jstencil_mpi.c: native/include/jstencil_mpi.h on the machine's MPI. Compiled by mpicc at run time
 * (dev.jstencil.mpi.MpiLibrary pastes the header in place of the #include below).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <mpi.h>
#include "jstencil_mpi.h"

#define MAX_COMMS 16

static MPI_Comm comms[MAX_COMMS];
static int comm_count = 0;

static int comm_of(int32_t id, MPI_Comm *out) {
    if (id == 0) {
        *out = MPI_COMM_WORLD;
        return MPI_SUCCESS;
    }
    if (id < 0 || id >= comm_count) {
        return MPI_ERR_COMM;
    }
    *out = comms[id];
    return MPI_SUCCESS;
}

static MPI_Op op_of(int32_t op) {
    switch (op) {
    case JSTENCIL_MPI_MAX: return MPI_MAX;
    case JSTENCIL_MPI_MIN: return MPI_MIN;
    default: return MPI_SUM;
    }
}

int32_t jsmpi_abi_version(void) {
    return JSTENCIL_MPI_ABI_VERSION;
}

int32_t jsmpi_init_thread(int32_t required, int32_t *provided) {
    /* The JVM handles SIGSEGV and friends itself (null checks, safepoints): MPI must not replace its handlers. */
    setenv("UCX_ERROR_SIGNALS", "", 0);
    setenv("OMPI_MCA_opal_signal", "", 0);
    /* Open MPI's plugins resolve symbols of libmpi, which the JVM's dlopen loaded RTLD_LOCAL. */
    Dl_info info;
    if (dladdr((void *) &MPI_Init_thread, &info) && info.dli_fname != NULL) {
        dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
    }
    int got = 0;
    int rc = MPI_Init_thread(NULL, NULL, required, &got);
    if (rc != MPI_SUCCESS) {
        return rc;
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    comm_count = 1;
    *provided = got;
    return MPI_SUCCESS;
}

int32_t jsmpi_initialized(void) {
    int init = 0, fin = 0;
    MPI_Initialized(&init);
    MPI_Finalized(&fin);
    return init && !fin;
}

int32_t jsmpi_comm_rank(int32_t comm, int32_t *rank) {
    MPI_Comm c;
    int rc = comm_of(comm, &c), r = 0;
    if (rc == MPI_SUCCESS && (rc = MPI_Comm_rank(c, &r)) == MPI_SUCCESS) {
        *rank = r;
    }
    return rc;
}

int32_t jsmpi_comm_size(int32_t comm, int32_t *size) {
    MPI_Comm c;
    int rc = comm_of(comm, &c), s = 0;
    if (rc == MPI_SUCCESS && (rc = MPI_Comm_size(c, &s)) == MPI_SUCCESS) {
        *size = s;
    }
    return rc;
}

int32_t jsmpi_barrier(int32_t comm) {
    MPI_Comm c;
    int rc = comm_of(comm, &c);
    return rc != MPI_SUCCESS ? rc : MPI_Barrier(c);
}

int32_t jsmpi_dims_create(int32_t nnodes, int32_t ndims, int32_t *dims) {
    int d[8];
    if (ndims < 1 || ndims > 8) {
        return MPI_ERR_DIMS;
    }
    for (int i = 0; i < ndims; i++) {
        d[i] = dims[i];
    }
    int rc = MPI_Dims_create(nnodes, ndims, d);
    if (rc == MPI_SUCCESS) {
        for (int i = 0; i < ndims; i++) {
            dims[i] = d[i];
        }
    }
    return rc;
}

int32_t jsmpi_cart_create(int32_t ndims, const int32_t *dims, const int32_t *periods, int32_t *comm) {
    int d[8], p[8];
    if (ndims < 1 || ndims > 8) {
        return MPI_ERR_DIMS;
    }
    if (comm_count >= MAX_COMMS) {
        return MPI_ERR_NO_MEM;
    }
    for (int i = 0; i < ndims; i++) {
        d[i] = dims[i];
        p[i] = periods[i] != 0;
    }
    MPI_Comm c;
    int rc = MPI_Cart_create(MPI_COMM_WORLD, ndims, d, p, 0, &c);
    if (rc != MPI_SUCCESS) {
        return rc;
    }
    if (c == MPI_COMM_NULL) { /* this rank is not in the grid: the caller asked for fewer ranks than the job has */
        return MPI_ERR_TOPOLOGY;
    }
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
    comms[comm_count] = c;
    *comm = comm_count++;
    return MPI_SUCCESS;
}

int32_t jsmpi_cart_coords(int32_t comm, int32_t rank, int32_t maxdims, int32_t *coords) {
    int c8[8];
    MPI_Comm c;
    int rc = comm_of(comm, &c);
    if (rc != MPI_SUCCESS) {
        return rc;
    }
    if (maxdims < 1 || maxdims > 8) {
        return MPI_ERR_DIMS;
    }
    rc = MPI_Cart_coords(c, rank, maxdims, c8);
    if (rc == MPI_SUCCESS) {
        for (int i = 0; i < maxdims; i++) {
            coords[i] = c8[i];
        }
    }
    return rc;
}

int32_t jsmpi_cart_shift(int32_t comm, int32_t direction, int32_t disp, int32_t *source, int32_t *dest) {
    MPI_Comm c;
    int rc = comm_of(comm, &c), s = 0, d = 0;
    if (rc == MPI_SUCCESS && (rc = MPI_Cart_shift(c, direction, disp, &s, &d)) == MPI_SUCCESS) {
        *source = s;
        *dest = d;
    }
    return rc;
}

int32_t jsmpi_proc_null(void) {
    return MPI_PROC_NULL;
}

int32_t jsmpi_request_bytes(void) {
    return (int32_t) sizeof(MPI_Request);
}

/* The communicator of a point-to-point call of `bytes` bytes into *c, or an error code. */
static int p2p(int32_t comm, int64_t bytes, MPI_Comm *c) {
    if (bytes < 0 || bytes > INT_MAX) {
        return MPI_ERR_COUNT;
    }
    return comm_of(comm, c);
}

int32_t jsmpi_isend(const void *buf, int64_t bytes, int32_t dest, int32_t tag, int32_t comm, void *requests, int32_t index) {
    MPI_Comm c;
    int rc = p2p(comm, bytes, &c);
    return rc != MPI_SUCCESS ? rc : MPI_Isend(buf, (int) bytes, MPI_BYTE, dest, tag, c, (MPI_Request *) requests + index);
}

int32_t jsmpi_irecv(void *buf, int64_t bytes, int32_t source, int32_t tag, int32_t comm, void *requests, int32_t index) {
    MPI_Comm c;
    int rc = p2p(comm, bytes, &c);
    return rc != MPI_SUCCESS ? rc : MPI_Irecv(buf, (int) bytes, MPI_BYTE, source, tag, c, (MPI_Request *) requests + index);
}

int32_t jsmpi_waitall(int32_t count, void *requests) {
    return MPI_Waitall(count, (MPI_Request *) requests, MPI_STATUSES_IGNORE);
}

int32_t jsmpi_allreduce_long(int64_t value, int32_t op, int32_t comm, int64_t *result) {
    MPI_Comm c;
    int rc = comm_of(comm, &c);
    long long in = value, out = 0;
    if (rc == MPI_SUCCESS && (rc = MPI_Allreduce(&in, &out, 1, MPI_LONG_LONG, op_of(op), c)) == MPI_SUCCESS) {
        *result = out;
    }
    return rc;
}

int32_t jsmpi_allreduce_double(double value, int32_t op, int32_t comm, double *result) {
    MPI_Comm c;
    int rc = comm_of(comm, &c);
    double out = 0;
    if (rc == MPI_SUCCESS && (rc = MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, op_of(op), c)) == MPI_SUCCESS) {
        *result = out;
    }
    return rc;
}

int32_t jsmpi_abort(int32_t code) {
    return MPI_Abort(MPI_COMM_WORLD, code);
}

int32_t jsmpi_finalize(void) {
    for (int i = 1; i < comm_count; i++) {
        MPI_Comm_free(&comms[i]);
    }
    comm_count = 0;
    return MPI_Finalize();
}

int32_t jsmpi_error_string(int32_t code, char *text, int32_t length) {
    char s[MPI_MAX_ERROR_STRING];
    int n = 0;
    if (length < 1) {
        return 0;
    }
    if (MPI_Error_string(code, s, &n) != MPI_SUCCESS) {
        n = 0;
    }
    if (n > length - 1) {
        n = length - 1;
    }
    memcpy(text, s, (size_t) n);
    text[n] = '\0';
    return n;
}
