/*
 * The Gray-Scott band and row kernels of jstencil.h in portable C99. Written so that gcc -O3 vectorizes the
 * inner loop (restrict pointers, unit stride, no branches). Compiled with -ffp-contract=off (the
 * default for -std=c99; build.sh spells it out) so no multiply-add is fused and every result is
 * bit-identical to the Java kernels, which never fuse.
 */
#include "jstencil.h"

int32_t jstencil_abi_version(void) {
    return JSTENCIL_ABI_VERSION;
}

void jstencil_noop(void) {
}

#define GS_T double
#define GS_NAME jstencil_gs_band_f64
#define GS_ROW_NAME jstencil_gs_row_f64
#define GS_CELLS gs_cells_f64
#define GS_C(x) (x)
#include "gs_band.inc"
#undef GS_T
#undef GS_NAME
#undef GS_ROW_NAME
#undef GS_CELLS
#undef GS_C

#define GS_T float
#define GS_NAME jstencil_gs_band_f32
#define GS_ROW_NAME jstencil_gs_row_f32
#define GS_CELLS gs_cells_f32
#define GS_C(x) (x##f)
#include "gs_band.inc"
#undef GS_T
#undef GS_NAME
#undef GS_ROW_NAME
#undef GS_CELLS
#undef GS_C
