/*
 * jstencil_mpi.h: the few MPI calls jstencil makes, as plain C functions of plain types.
 *
 * jstencil never binds to one MPI implementation's ABI (handle types and constants differ between
 * Open MPI and MPICH): native/mpi/jstencil_mpi.c implements these functions with the MPI the machine
 * has, compiled by its `mpicc` into a shared library on first use under mpirun
 * (dev.jstencil.mpi.MpiLibrary), and Java calls them through the FFM API (dev.jstencil.mpi.MpiNative,
 * whose descriptors MpiBindingDriftTest checks against this header). Keep every declaration on the form
 *     <return type> <name>(<type> <name>, ...);
 * using only void, int32_t, int64_t, double and pointers to them.
 *
 * Communicators are small integers: 0 is MPI_COMM_WORLD, jsmpi_cart_create returns the others.
 * Requests live in memory the caller allocates: jsmpi_request_bytes() bytes per request.
 * Every function returning int32_t returns an MPI error code (0: MPI_SUCCESS) unless it says otherwise;
 * errors are returned, never fatal (MPI_ERRORS_RETURN), so Java can report them.
 */
#ifndef JSTENCIL_MPI_H
#define JSTENCIL_MPI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change below; the Java loader refuses a mismatch. */
#define JSTENCIL_MPI_ABI_VERSION 1

/* Reduction operations of the allreduce functions. */
#define JSTENCIL_MPI_SUM 0
#define JSTENCIL_MPI_MAX 1
#define JSTENCIL_MPI_MIN 2

/* Returns JSTENCIL_MPI_ABI_VERSION of the library as built. */
int32_t jsmpi_abi_version(void);

/*
 * MPI_Init_thread asking for `required` (0 single, 1 funneled, 2 serialized, 3 multiple); the level
 * granted goes to *provided. Before it, keeps MPI from taking the JVM's signals (UCX_ERROR_SIGNALS and
 * OMPI_MCA_opal_signal set empty unless already set) and reopens libmpi with RTLD_GLOBAL, which Open
 * MPI's plugins need when the library was loaded by dlopen (as the JVM does).
 */
int32_t jsmpi_init_thread(int32_t required, int32_t *provided);

/* 1 if MPI_Init_thread has been called (and finalize has not), else 0. */
int32_t jsmpi_initialized(void);

/* This process's rank in communicator comm into *rank, and the communicator's size into *size. */
int32_t jsmpi_comm_rank(int32_t comm, int32_t *rank);
int32_t jsmpi_comm_size(int32_t comm, int32_t *size);

int32_t jsmpi_barrier(int32_t comm);

/* MPI_Dims_create: dims[0 .. ndims-1], zero entries chosen, non-zero ones kept. */
int32_t jsmpi_dims_create(int32_t nnodes, int32_t ndims, int32_t *dims);

/* MPI_Cart_create over MPI_COMM_WORLD (reorder off: ranks keep their numbers); the new communicator into *comm. */
int32_t jsmpi_cart_create(int32_t ndims, const int32_t *dims, const int32_t *periods, int32_t *comm);

/* MPI_Cart_coords of `rank` in Cartesian communicator comm, into coords[0 .. maxdims-1]. */
int32_t jsmpi_cart_coords(int32_t comm, int32_t rank, int32_t maxdims, int32_t *coords);

/* MPI_Cart_shift: the ranks `disp` steps back and forward along `direction`; jsmpi_proc_null() where there is none. */
int32_t jsmpi_cart_shift(int32_t comm, int32_t direction, int32_t disp, int32_t *source, int32_t *dest);

/* The value of MPI_PROC_NULL (not an error code). */
int32_t jsmpi_proc_null(void);

/* sizeof(MPI_Request) (not an error code). */
int32_t jsmpi_request_bytes(void);

/* MPI_Isend / MPI_Irecv of `bytes` bytes (at most INT32_MAX) as MPI_BYTE; the request goes to requests[index]. */
int32_t jsmpi_isend(const void *buf, int64_t bytes, int32_t dest, int32_t tag, int32_t comm, void *requests, int32_t index);
int32_t jsmpi_irecv(void *buf, int64_t bytes, int32_t source, int32_t tag, int32_t comm, void *requests, int32_t index);

/* MPI_Waitall of requests[0 .. count-1]. */
int32_t jsmpi_waitall(int32_t count, void *requests);

/* MPI_Allreduce of one value with JSTENCIL_MPI_SUM, _MAX or _MIN, into *result. */
int32_t jsmpi_allreduce_long(int64_t value, int32_t op, int32_t comm, int64_t *result);
int32_t jsmpi_allreduce_double(double value, int32_t op, int32_t comm, double *result);

/* MPI_Abort of MPI_COMM_WORLD with this exit code: ends every rank of the job. */
int32_t jsmpi_abort(int32_t code);

int32_t jsmpi_finalize(void);

/* MPI_Error_string of `code` into text[0 .. length-1], NUL-terminated; returns its length (not an error code). */
int32_t jsmpi_error_string(int32_t code, char *text, int32_t length);

#ifdef __cplusplus
}
#endif

#endif /* JSTENCIL_MPI_H */
