/*
 * jstencil.h: the fixed ABI between jstencil (Java) and the C kernels it generates from models.
 *
 * For each model (and dimension and precision) jstencil writes one C file, compiles it with the
 * machine's gcc into a shared library (dev.jstencil.ffm.KernelCache) and calls it through the FFM
 * API. Every such library exports exactly the functions typedef'd below, under the typedef's name
 * without "_fn" (jstencil_band, jstencil_row, ...); nothing else crosses the FFM border. Several
 * libraries live in one JVM, so Java finds each function in its own library (libraryLookup) and
 * calls it through the function pointer, as jextract binds a function-pointer typedef
 * (dev.jstencil.ffm.jstencil_band_fn and friends, in jextract's generated shape; regenerate them with
 * native/jextract.sh). A test parses the typedefs below and fails the build if the binding drifts
 * from them, so keep every declaration on the plain form
 *     typedef <return type> (*<name>_fn)(<type> <name>, ...);
 * using only void, int32_t, int64_t, float, double and pointers to them.
 *
 * Field layout contract (what dev.jstencil.grid.Field allocates and the Java side checks before
 * every call):
 *   - A field is nz planes of ny rows of nx cells (2D: nz = 1) with a ghost layer of width r (the
 *     model's radius) on every side, in the run's precision (the generated file's `real`), row-major
 *     with a row pitch of `pitch` elements and a plane pitch of `plane` elements.
 *   - in[f] and out[f] point at interior cell (0, 0, 0) of model field f's current and next state;
 *     cell (x, y, z) is p[z*plane + y*pitch + x]. in and out fields never overlap.
 *   - geometry = {nx, ny, nz, pitch, plane, x0, y0, z0, gnx, gny}, all in elements: the field's sizes
 *     and pitches, then where it lies in the grid positions and noise are computed in (a block of a
 *     grid shared by several processes; the field itself is the grid when x0 = y0 = z0 = 0, gnx = nx
 *     and gny = ny): its cell (x, y, z) is that grid's (x + x0, y + y0, z + z0), of index
 *     ((z + z0)*gny + y + y0)*gnx + x + x0. jstencil_row and jstencil_plane use only the first five.
 *   - slots are the values the model's lowered formulas read (parameters, dt, h and what is computed
 *     from them alone), already rounded to the precision; keys[s] is the noise key of the model's
 *     noise stream s for this step (see dev.jstencil.codegen.Noise; jstencil_noise_key computes it).
 *
 * Per cell, the generated code evaluates the lowered formulas in the order dev.jstencil.codegen.Node
 * documents, with no fused multiply-add (-std=c99, -ffp-contract=off), so the results are the bits of
 * the interpreter and of the Vector API kernels.
 */
#ifndef JSTENCIL_H
#define JSTENCIL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change of the functions below; the Java loader refuses a mismatch. */
#define JSTENCIL_ABI_VERSION 5

/* Returns JSTENCIL_ABI_VERSION of the library as built. */
typedef int32_t (*jstencil_abi_version_fn)(void);

/* The per-step noise key of one stream: mix64(mix64(mix64(seed ^ salt) ^ step*golden) ^ stream*m). */
typedef int64_t (*jstencil_noise_key_fn)(int64_t seed, int64_t step, int32_t stream);

/* The noise bits of cells cell0 .. cell0 + count - 1 under key, into out[0 .. count-1]. */
typedef void (*jstencil_noise_bits_fn)(int64_t key, int64_t cell0, int64_t count, int64_t *out);

/*
 * One forward-Euler step of rows [from, to) of a 2D grid, or planes [from, to) of a 3D one. Reads
 * the band's cells and the ghost cells and neighbouring rows/planes its stencil reaches (the caller
 * fills them first: the halo step); writes the interior cells of the band in every out field,
 * nothing else. 0 <= from <= to <= ny (2D) or nz (3D).
 */
typedef void (*jstencil_band_fn)(void **in, void **out, const double *slots, const int64_t *geometry, int32_t from, int32_t to, const int64_t *keys);

/*
 * One step of one row of a 2D model of radius 1: the building block of several steps per sweep
 * (dev.jstencil.kernel.WavefrontSweep), whose rows wrap around the grid or live in scratch rows, so
 * they are not at fixed distances from each other. north, centre and south are offsets, in elements,
 * from each in[f] to interior cell x = 0 of the row's north neighbour, the row itself and its south
 * neighbour; out_offset likewise into each out[f]. Reads columns -1 .. nx of the three rows (the
 * centre row's ghost cells must be filled); writes columns 0 .. nx-1 of the output row, nothing
 * else. y is the row's index (for positions and noise). A model of another kind exports a row
 * function that does nothing and is never called.
 */
typedef void (*jstencil_row_fn)(void **in, void **out, const double *slots, int64_t north, int64_t centre, int64_t south, int64_t out_offset, int32_t nx, int32_t y, const int64_t *keys);

/*
 * One step of one plane of a 3D model of radius 1: the building block of several steps per sweep in 3D
 * (dev.jstencil.kernel.WavefrontSweep), whose planes wrap around the grid or live in scratch planes.
 * below, centre and above are offsets, in elements, from each in[f] to interior cell (0, 0) of the
 * plane's z neighbours and the plane itself; out_offset likewise into each out[f]. Every plane, input
 * or output, has the rows of geometry (nx, ny, nz, pitch, plane as for jstencil_band; nz and plane are
 * not used). Reads rows -1 .. ny, columns -1 .. nx of the three planes (the centre plane's ghost cells
 * must be filled); writes rows 0 .. ny-1, columns 0 .. nx-1 of the output plane, nothing else. z is the
 * plane's index (for positions and noise). A model of another kind exports a plane function that does
 * nothing and is never called.
 */
typedef void (*jstencil_plane_fn)(void **in, void **out, const double *slots, const int64_t *geometry, int64_t below, int64_t centre, int64_t above, int64_t out_offset, int32_t z, const int64_t *keys);

#ifdef __cplusplus
}
#endif

#endif /* JSTENCIL_H */
