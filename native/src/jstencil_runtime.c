/*
 * jstencil_runtime.c: the part of every generated kernel library that does not depend on the model,
 * pasted by dev.jstencil.codegen.CSourceGenerator into each generated C file after jstencil.h and
 * the definition of `real` (double or float). The noise generator is written here once for C, and
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

/* Uniform in [-1, 1): (bits >>> 11) * 2^-52 - 1, exactly as Noise.f64 and Noise.f32. */
static inline double js_rand_f64(uint64_t bits) {
    return (double) (int64_t) (bits >> 11) * 0x1.0p-52 - 1.0;
}

static inline float js_rand_f32(uint64_t bits) {
    return (float) (int32_t) (bits >> 40) * 0x1.0p-23f - 1.0f;
}

/*
 * Math.min and Math.max: NaN if either is NaN (the first NaN), and -0 < +0. When a == b the two
 * differ at most in the sign of a zero, so OR-ing (min) or AND-ing (max) their bits picks the right
 * zero. Written without branches so gcc vectorizes them.
 */
static inline double js_min_f64(double a, double b) {
    uint64_t x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    uint64_t z = x | y;
    double eq;
    memcpy(&eq, &z, 8);
    double m = a == b ? eq : (a < b ? a : b);
    return a != a ? a : (b != b ? b : m);
}

static inline double js_max_f64(double a, double b) {
    uint64_t x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    uint64_t z = x & y;
    double eq;
    memcpy(&eq, &z, 8);
    double m = a == b ? eq : (a > b ? a : b);
    return a != a ? a : (b != b ? b : m);
}

static inline float js_min_f32(float a, float b) {
    uint32_t x, y;
    memcpy(&x, &a, 4);
    memcpy(&y, &b, 4);
    uint32_t z = x | y;
    float eq;
    memcpy(&eq, &z, 4);
    float m = a == b ? eq : (a < b ? a : b);
    return a != a ? a : (b != b ? b : m);
}

static inline float js_max_f32(float a, float b) {
    uint32_t x, y;
    memcpy(&x, &a, 4);
    memcpy(&y, &b, 4);
    uint32_t z = x & y;
    float eq;
    memcpy(&eq, &z, 4);
    float m = a == b ? eq : (a > b ? a : b);
    return a != a ? a : (b != b ? b : m);
}

/* 2^k for integral k in the normal range, from the exponent bits, as Semantics.pow2. */
static inline double js_pow2_f64(double k) {
    double t = k + 0x1.8p52;
    uint64_t b;
    memcpy(&b, &t, 8);
    b = (b + 1023) << 52;
    double r;
    memcpy(&r, &b, 8);
    return r;
}

static inline float js_pow2_f32(float k) {
    float t = k + 0x1.8p23f;
    uint32_t b;
    memcpy(&b, &t, 4);
    b = (b + 127) << 23;
    float r;
    memcpy(&r, &b, 4);
    return r;
}
