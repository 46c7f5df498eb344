/*
 * jstencil.h: the C side of jstencil's native backend. This header is the single source of truth
 * for the Java binding (dev.jstencil.ffm.jstencil_h, in jextract's generated shape; regenerate it
 * with native/jextract.sh). A test parses the prototypes below and fails the build if the binding
 * drifts from them, so keep every declaration on the plain form
 *     <return type> <name>(<type> <name>, ...);
 * using only void, int32_t, int64_t, float, double and pointers to them.
 *
 * Field layout contract (what dev.jstencil.grid.Field2D allocates and the Java side checks before
 * every call):
 *   - A field is ny interior rows of nx cells plus a ghost ring of width 1, stored row-major with
 *     a row pitch of `pitch` elements (pitch >= nx + 2 ghost cells; in practice the interior of
 *     each row starts 64 bytes in and the pitch is a multiple of 64 bytes).
 *   - Every pointer argument points at interior cell (x=0, y=0) of its field. Cell (x, y) is
 *     p[y * pitch + x]; x runs -1..nx and y runs -1..ny, the -1 and nx / ny being ghost cells.
 *   - A band call reads, of u and v, columns -1 .. nx of rows [y0, y1) and columns 0 .. nx-1 of
 *     rows y0-1 and y1 (the 5-point stencil never reads a corner), and writes the interior cells
 *     (columns 0 .. nx-1) of rows [y0, y1) of u_next and v_next, nothing else. The caller fills
 *     those ghost cells first (the halo step). u, v, u_next and v_next must not overlap.
 *     0 <= y0 <= y1 <= ny; y0 == y1 does nothing.
 *   - Coefficients: fk = F + k and inv_h2 = 1 / h^2 are precomputed by the caller so every backend
 *     rounds them the same way; the f32 entry point takes them already rounded to float.
 *
 * Per cell, in exactly this order (the operation order of dev.jstencil.kernel.GrayScottKernel; the
 * library is compiled without FMA contraction so results match Java bit for bit):
 *     lap = ((n + s) + (w + e) - 4*c) * inv_h2
 *     uvv = u*v*v
 *     u'  = u + dt*((du*lapU - uvv) + f*(1 - u))
 *     v'  = v + dt*((dv*lapV + uvv) - fk*v)
 */
#ifndef JSTENCIL_H
#define JSTENCIL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change of the functions below; the Java loader refuses a mismatch. */
#define JSTENCIL_ABI_VERSION 2

/* Returns JSTENCIL_ABI_VERSION of the library as built. */
int32_t jstencil_abi_version(void);

/* Does nothing: for measuring the cost of a downcall. */
void jstencil_noop(void);

/* One forward-Euler Gray-Scott step of rows [y0, y1), double precision. */
void jstencil_gs_band_f64(const double *u, const double *v, double *u_next, double *v_next, int64_t pitch, int32_t nx, int32_t y0, int32_t y1, double du, double dv, double f, double fk, double dt, double inv_h2);

/* The same in single precision. */
void jstencil_gs_band_f32(const float *u, const float *v, float *u_next, float *v_next, int64_t pitch, int32_t nx, int32_t y0, int32_t y1, float du, float dv, float f, float fk, float dt, float inv_h2);

/*
 * One step of one row, double precision: the building block of two steps per sweep
 * (dev.jstencil.kernel.TwoStepSweep), whose rows wrap around the grid or live in scratch rows, so
 * they are not at fixed distances from each other. north, centre and south are offsets, in
 * elements, from u and v to interior cell x = 0 of the row's north neighbour, the row itself and
 * its south neighbour; out is the offset from u_next and v_next to cell 0 of the output row. Reads
 * columns -1 .. nx of the centre row (its ghost cells must be filled) and 0 .. nx-1 of the
 * others; writes columns 0 .. nx-1 of the output row, nothing else.
 */
void jstencil_gs_row_f64(const double *u, const double *v, int64_t north, int64_t centre, int64_t south, double *u_next, double *v_next, int64_t out, int32_t nx, double du, double dv, double f, double fk, double dt, double inv_h2);

/* The same in single precision. */
void jstencil_gs_row_f32(const float *u, const float *v, int64_t north, int64_t centre, int64_t south, float *u_next, float *v_next, int64_t out, int32_t nx, float du, float dv, float f, float fk, float dt, float inv_h2);

#ifdef __cplusplus
}
#endif

#endif /* JSTENCIL_H */
