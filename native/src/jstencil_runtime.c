/*
 * jstencil_runtime.c: the part of every generated kernel library that does not depend on the model,
 * pasted by dev.jstencil.codegen.CSourceGenerator into each generated C file after jstencil.h, the
 * definition of `real` (double or float) and JS_F64 (1 for double). The noise generator is written here once for C, and
 * once for Java in dev.jstencil.codegen.Noise; a test compares them on millions of keys. The helpers
 * give C the exact results of the Java operations they stand for.
 */
#include <math.h>
#include <string.h>

#define JS_GOLDEN UINT64_C(0x9E3779B97F4A7C15)

static inline uint64_t js_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static inline uint64_t js_noise_bits(uint64_t key, uint64_t cell) {
    return js_mix64(key + cell * JS_GOLDEN);
}

int32_t jstencil_abi_version(void) {
    return JSTENCIL_ABI_VERSION;
}

int64_t jstencil_noise_key(int64_t seed, int64_t step, int32_t stream) {
    uint64_t k = js_mix64((uint64_t) seed ^ UINT64_C(0x243F6A8885A308D3));
    k = js_mix64(k ^ (uint64_t) step * JS_GOLDEN);
    return (int64_t) js_mix64(k ^ (uint64_t) (int64_t) stream * UINT64_C(0xD1B54A32D192ED03));
}

void jstencil_noise_bits(int64_t key, int64_t cell0, int64_t count, int64_t *out) {
    for (int64_t i = 0; i < count; i++) {
        out[i] = (int64_t) js_noise_bits((uint64_t) key, (uint64_t) (cell0 + i));
    }
}

/*
 * The helpers in the kernel's precision: JS_F64 (1 or 0) and `real` are defined before this file. One
 * definition each, over `real` and the unsigned integer of its width.
 */
#if JS_F64
typedef uint64_t js_bits;
#define JS_ROUND 0x1.8p52           /* k + this holds k in the low mantissa bits */
#define JS_BIAS 1023
#define JS_MANTISSA 52
#else
typedef uint32_t js_bits;
#define JS_ROUND 0x1.8p23f
#define JS_BIAS 127
#define JS_MANTISSA 23
#endif

/* Uniform in [-1, 1): (bits >>> 11) * 2^-52 - 1 in f64, (bits >>> 40) * 2^-23 - 1 in f32, exactly as Noise.f64 and Noise.f32. */
static inline real js_rand(uint64_t bits) {
#if JS_F64
    return (double) (int64_t) (bits >> 11) * 0x1.0p-52 - 1.0;
#else
    return (float) (int32_t) (bits >> 40) * 0x1.0p-23f - 1.0f;
#endif
}

static inline js_bits js_to_bits(real v) {
    js_bits b;
    memcpy(&b, &v, sizeof b);
    return b;
}

static inline real js_from_bits(js_bits b) {
    real v;
    memcpy(&v, &b, sizeof v);
    return v;
}

/*
 * Math.min and Math.max: NaN if either is NaN (the first NaN), and -0 < +0. When a == b the two
 * differ at most in the sign of a zero, so OR-ing (min) or AND-ing (max) their bits picks the right
 * zero. Written without branches so gcc vectorizes them.
 */
static inline real js_min(real a, real b) {
    real m = a == b ? js_from_bits(js_to_bits(a) | js_to_bits(b)) : (a < b ? a : b);
    return a != a ? a : (b != b ? b : m);
}

static inline real js_max(real a, real b) {
    real m = a == b ? js_from_bits(js_to_bits(a) & js_to_bits(b)) : (a > b ? a : b);
    return a != a ? a : (b != b ? b : m);
}

/* 2^k for integral k in the normal range, from the exponent bits, as Semantics.pow2. */
static inline real js_pow2(real k) {
    return js_from_bits((js_to_bits(k + JS_ROUND) + JS_BIAS) << JS_MANTISSA);
}
