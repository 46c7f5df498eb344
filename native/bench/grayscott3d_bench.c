/*
 * grayscott3d-bench: the 3D Gray-Scott problem of the ADIOS2 gray-scott example (GrayScott.jl),
 * written by hand in plain C with OpenMP, as the native baseline the Java 3D backends are measured
 * against: what a C programmer would write, with no intrinsics and no tricks beyond
 * `#pragma omp simd` on the innermost loop.
 *
 * Forward Euler, 7-point Laplacian divided by 6, periodic on all axes, ghost layer of width 1, and
 * uniform noise in [-1, 1) on u from a counter-based generator (splitmix64 finalizer) keyed by
 * seed, step and cell, so a run's result does not depend on the thread count. Per interior cell,
 * in exactly this order, every operation in T (double for f64, float for f32; no FMA contraction):
 *     lap(a) = ((((a[y-1] + a[y+1]) + (a[x-1] + a[x+1])) + (a[z-1] + a[z+1])) - 6*a) * inv_h2
 *     uvv    = (u*v)*v
 *     u'     = u + dt*(((du*(lap(u)/6) - uvv) + F*(1 - u)) + noise*r)
 *     v'     = v + dt*((dv*(lap(v)/6) + uvv) - fk*v)
 * The field layout (padded pitch, 64-byte aligned interior, one ghost plane and row each side) and
 * the placement of the four buffers in one page-aligned block match the Java side, so both are
 * measured on the same memory; the JSON line names pitch and stagger.
 *
 * One `omp parallel` region spans the whole time loop; each thread owns a slab of z planes and per
 * step fills the ghost cells its slab reads, updates its slab, then meets the others at
 * `omp barrier`. Only the timed loop is timed (omp_get_wtime). Output: one human line and one JSON
 * line on stdout. Exit codes: 0 done, 1 failure (NaN/Inf, memory, I/O), 2 bad input (one line on
 * stderr).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <omp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define HAVE_MXCSR 1
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the .npy writer assumes a little-endian machine"
#endif

#define PROG "grayscott3d-bench"
#define EXIT_USAGE 2
#define ALIGNMENT 64                  /* one cache line: the interior of every row starts on one */
#define PAGE 4096                     /* the block's alignment; buffers are staggered modulo it */
#define MIN_SIDE 3
#define MAX_CELLS (INT64_C(1) << 34)

#define GOLDEN UINT64_C(0x9E3779B97F4A7C15)

#if defined(__clang__)
#define COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define COMPILER "gcc " __VERSION__
#else
#define COMPILER "cc"
#endif

/* ------------------------------------------------------------------------------------------------
 * Messages and number formatting
 * --------------------------------------------------------------------------------------------- */

static void die(int code, const char *fmt, ...) {
    va_list ap;
    fputs(PROG ": error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (code == EXIT_USAGE) {
        fputs(" (see '" PROG " --help')", stderr);
    }
    fputc('\n', stderr);
    exit(code);
}

/* Shortest text that reads back as the same double, in the spirit of Java's Double.toString
 * ("0.16", "1.0", "NaN"), so messages read like the Java CLI's. */
static const char *jnum(char buf[40], double v) {
    if (isnan(v)) {
        return strcpy(buf, "NaN");
    }
    if (isinf(v)) {
        return strcpy(buf, v > 0 ? "Infinity" : "-Infinity");
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, 40, "%.*g", p, v);
        if (strtod(buf, NULL) == v) {
            /* Java writes 1e-3 <= |v| < 1e7 without an exponent: 100.0, not 1e+02 */
            if (fabs(v) >= 1e-3 && fabs(v) < 1e7) {
                int decimals = p - 1 - (int)floor(log10(fabs(v)));
                snprintf(buf, 40, "%.*f", decimals > 0 ? decimals : 0, v);
            }
            break;
        }
    }
    if (!strpbrk(buf, ".e")) {
        strcat(buf, ".0");
    }
    return buf;
}

/* The same for JSON: non-finite values become null. */
static const char *json_num(char buf[40], double v) {
    return isfinite(v) ? jnum(buf, v) : strcpy(buf, "null");
}

static double round_to(double v, int decimals) {
    double scale = pow(10, decimals);
    return round(v * scale) / scale;
}

/* ------------------------------------------------------------------------------------------------
 * Options (defaults: ADIOS2 gray-scott's settings-files.json)
 * --------------------------------------------------------------------------------------------- */

enum precision { F64, F32 };

typedef struct {
    int nx, ny, nz;
    long long steps;
    double f, k, du, dv, noise, dt, h;
    uint64_t seed;
    enum precision prec;
    int threads;
    int ftz; /* set the CPU's flush-to-zero and denormals-are-zero modes in every thread */
    const char *npy;
    long long warmup;
    long long check_every;
} options;

static const char *const HELP =
    "Usage: " PROG " [options]\n"
    "Gray-Scott reaction-diffusion in 3D as in the ADIOS2 gray-scott example (forward Euler, 7-point\n"
    "Laplacian / 6, periodic, uniform noise on u), hand-written in C with OpenMP: the native baseline\n"
    "of jstencil's 3D Gray-Scott, with the same layout and bit-identical results.\n"
    "  --size N|NXxNYxNZ    Grid size: N for NxNxN, or NXxNYxNZ (each >= 3). Default: 64.\n"
    "  --steps S            Timed time steps. Default: 1000.\n"
    "  --warmup N           Run N steps before the timed ones (not timed; the noise counts them). Default: 0.\n"
    "  --F F  --k K         Feed and kill rates. Default: 0.01, 0.05.\n"
    "  --Du D  --Dv D       Diffusion of u and v. Default: 0.2, 0.1.\n"
    "  --noise A            Amplitude of the uniform noise added to u's rate. Default: 1e-7.\n"
    "  --dt DT              Time step, at most the stability limit h^2/max(Du,Dv). Default: 2.\n"
    "  --h H                Grid spacing. Default: 1.\n"
    "  --seed N             Noise seed, an unsigned 64-bit integer (negative: two's complement). Default: 0.\n"
    "  --precision f64|f32  Default: f64.\n"
    "  --threads T          OpenMP threads (default: the number of cores).\n"
    "  --ftz on|off         Flush subnormal results to zero and read subnormal inputs as zero (MXCSR FTZ and\n"
    "                       DAZ, what a C user sets against slow subnormals; not bit-identical to jstencil). Default: off.\n"
    "  --npy DIR            Write u.npy and v.npy (shape (nz, ny, nx), C order) into DIR.\n"
    "  --check-every N      Scan for NaN/Inf every N steps and after the last (0: never). Default: 100.\n"
    "  -h, --help           Show this help.\n"
    "The OpenMP wait policy (OMP_WAIT_POLICY) is reported in the output line.\n";

static long long parse_integer(const char *option, const char *text, long long min, long long max) {
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
        die(EXIT_USAGE, "%s '%s' is not an integer in %lld..%lld", option, text, min, max);
    }
    return v;
}

static double parse_double(const char *option, const char *text) {
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || errno == ERANGE) {
        die(EXIT_USAGE, "%s '%s' is not a number", option, text);
    }
    return v;
}

/* An unsigned 64-bit integer in decimal, or a negative one taken as two's complement. */
static uint64_t parse_seed(const char *text) {
    const char *digits = text[0] == '-' ? text + 1 : text;
    uint64_t v = 0;
    int ok = *digits >= '0' && *digits <= '9';
    if (ok) {
        char *end;
        errno = 0;
        if (text[0] == '-') {
            v = (uint64_t)strtoll(text, &end, 10); /* two's complement, modulo 2^64 */
        } else {
            v = strtoull(text, &end, 10);
        }
        ok = errno == 0 && *end == '\0';
    }
    if (!ok) {
        die(EXIT_USAGE, "--seed '%s' is not an integer in -9223372036854775808..18446744073709551615", text);
    }
    return v;
}

/* N or NXxNYxNZ, each >= 3. */
static void parse_size(const char *text, int *nx, int *ny, int *nz) {
    long side[3];
    int count = 0;
    const char *p = text;
    for (;;) {
        char *end;
        if (!(*p >= '0' && *p <= '9')) {
            goto bad;
        }
        errno = 0;
        long v = strtol(p, &end, 10);
        if (errno || v > INT_MAX) {
            goto bad;
        }
        side[count++] = v;
        if (*end == '\0') {
            break;
        }
        if ((*end != 'x' && *end != 'X') || count == 3) {
            goto bad;
        }
        p = end + 1;
    }
    if (count == 1) {
        side[1] = side[2] = side[0];
    } else if (count != 3) {
        goto bad;
    }
    if (side[0] < MIN_SIDE || side[1] < MIN_SIDE || side[2] < MIN_SIDE) {
        die(EXIT_USAGE, "--size '%s' is too small: each side must be >= %d", text, MIN_SIDE);
    }
    if ((int64_t)side[0] * side[1] > MAX_CELLS || (int64_t)side[0] * side[1] * side[2] > MAX_CELLS) {
        die(EXIT_USAGE, "--size '%s' is too large: at most 2^34 cells", text);
    }
    *nx = (int)side[0];
    *ny = (int)side[1];
    *nz = (int)side[2];
    return;
bad:
    die(EXIT_USAGE, "--size '%s' is not a size: use N or NXxNYxNZ, integers >= %d", text, MIN_SIDE);
}

static void require_finite(const char *name, double value, int zero_allowed) {
    char b[40];
    if (!isfinite(value) || value < 0 || (!zero_allowed && value == 0)) {
        die(EXIT_USAGE, "%s = %s is not allowed: it must be a finite number %s", name, jnum(b, value),
            zero_allowed ? ">= 0" : "> 0");
    }
}

/* Forward Euler with the 7-point Laplacian divided by 6 is stable for dt * D * 12 / (6 h^2) <= 2. */
static double stable_dt_limit(double du, double dv, double h) {
    double d = du > dv ? du : dv;
    return d == 0 ? INFINITY : h * h / d;
}

/* Creates DIR (and parents); returns 0 or an errno. */
static int make_dirs(const char *dir) {
    char *path = strdup(dir);
    if (!path) {
        return ENOMEM;
    }
    int rc = 0;
    for (char *p = path + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            struct stat st;
            if (mkdir(path, 0777) != 0 && errno != EEXIST) {
                rc = errno;
            } else if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
                rc = ENOTDIR;
            }
            *p = saved;
            if (rc || saved == '\0') {
                break;
            }
        }
    }
    free(path);
    return rc;
}

static void parse_options(int argc, char **argv, options *o) {
    const char *size = "64", *steps = "1000", *warmup = "0", *precision = "f64", *threads = NULL;
    const char *f = "0.01", *k = "0.05", *du = "0.2", *dv = "0.1", *noise = "1e-7", *dt = "2", *h = "1";
    const char *seed = "0", *check_every = "100", *ftz = "off";
    struct { const char *name; const char **value; } valued[] = {
        {"--size", &size}, {"--steps", &steps}, {"--warmup", &warmup}, {"--F", &f}, {"--k", &k},
        {"--Du", &du}, {"--Dv", &dv}, {"--noise", &noise}, {"--dt", &dt}, {"--h", &h}, {"--seed", &seed},
        {"--precision", &precision}, {"--threads", &threads}, {"--ftz", &ftz}, {"--npy", &o->npy},
        {"--check-every", &check_every},
    };
    o->npy = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            fputs(HELP, stdout);
            exit(0);
        }
        size_t n = 0;
        const char **target = NULL;
        const char *name = NULL;
        for (size_t j = 0; j < sizeof valued / sizeof valued[0]; j++) {
            n = strlen(valued[j].name);
            if (!strncmp(arg, valued[j].name, n) && (arg[n] == '\0' || arg[n] == '=')) {
                target = valued[j].value;
                name = valued[j].name;
                break;
            }
        }
        if (!target) {
            die(EXIT_USAGE, "unknown option '%s'", arg);
        }
        if (arg[n] == '=') {
            *target = arg + n + 1;
        } else if (i + 1 < argc) {
            *target = argv[++i];
        } else {
            die(EXIT_USAGE, "missing value for option '%s'", name);
        }
    }

    parse_size(size, &o->nx, &o->ny, &o->nz);
    if (!strcmp(precision, "f64") || !strcmp(precision, "F64")) {
        o->prec = F64;
    } else if (!strcmp(precision, "f32") || !strcmp(precision, "F32")) {
        o->prec = F32;
    } else {
        die(EXIT_USAGE, "precision '%s' is not one of [f64, f32]", precision);
    }
    o->threads = threads ? (int)parse_integer("--threads", threads, INT_MIN, INT_MAX) : omp_get_num_procs();
    if (!strcmp(ftz, "on")) {
#ifdef HAVE_MXCSR
        o->ftz = 1;
#else
        die(EXIT_USAGE, "--ftz on needs an x86 CPU (MXCSR)");
#endif
    } else if (!strcmp(ftz, "off")) {
        o->ftz = 0;
    } else {
        die(EXIT_USAGE, "--ftz '%s' is not one of [on, off]", ftz);
    }
    if (o->threads < 1 || o->threads > 4096) {
        die(EXIT_USAGE, "--threads %d is not allowed: use 1..4096", o->threads);
    }
    o->check_every = parse_integer("--check-every", check_every, INT_MIN, INT_MAX);
    if (o->check_every < 0) {
        die(EXIT_USAGE, "--check-every %lld is not allowed: use 0 (off) or a positive step count", o->check_every);
    }
    o->warmup = parse_integer("--warmup", warmup, LLONG_MIN, LLONG_MAX);
    if (o->warmup < 0) {
        die(EXIT_USAGE, "--warmup %lld is not allowed: use a step count >= 0", o->warmup);
    }
    o->steps = parse_integer("--steps", steps, LLONG_MIN, LLONG_MAX);
    if (o->steps < 0) {
        die(EXIT_USAGE, "--steps %lld is not allowed: use a step count >= 0", o->steps);
    }
    o->du = parse_double("--Du", du);
    o->dv = parse_double("--Dv", dv);
    o->f = parse_double("--F", f);
    o->k = parse_double("--k", k);
    o->noise = parse_double("--noise", noise);
    o->dt = parse_double("--dt", dt);
    o->h = parse_double("--h", h);
    require_finite("Du", o->du, 1);
    require_finite("Dv", o->dv, 1);
    require_finite("F", o->f, 1);
    require_finite("k", o->k, 1);
    require_finite("noise", o->noise, 1);
    require_finite("dt", o->dt, 0);
    require_finite("h", o->h, 0);
    double limit = stable_dt_limit(o->du, o->dv, o->h);
    if (!(o->dt <= limit)) {
        char b1[40], b2[40], b3[40], b4[40], b5[40];
        die(EXIT_USAGE, "dt = %s is unstable for Du = %s, Dv = %s, h = %s: forward Euler needs dt <= h^2/max(Du,Dv) = %s",
            jnum(b1, o->dt), jnum(b2, o->du), jnum(b3, o->dv), jnum(b4, o->h), jnum(b5, limit));
    }
    o->seed = parse_seed(seed);
    if (o->npy) {
        int rc = make_dirs(o->npy);
        if (rc) {
            die(EXIT_USAGE, "--npy %s cannot be created: %s", o->npy, strerror(rc));
        }
        if (access(o->npy, W_OK) != 0) {
            die(EXIT_USAGE, "--npy %s is not writable", o->npy);
        }
    }
}

/* ------------------------------------------------------------------------------------------------
 * Fields and state
 *
 * A field is nz + 2 planes of ny + 2 rows of `pitch` elements, plus `lead` elements, so that the
 * interior of every row starts on a cache line: cell (x, y, z), x in -1..nx, y in -1..ny,
 * z in -1..nz, is element ((z + 1) * (ny + 2) + (y + 1)) * pitch + lead + x.
 * --------------------------------------------------------------------------------------------- */

typedef struct {
    enum precision prec;
    size_t esize;
    int nx, ny, nz;
    int64_t lead, pitch, plane; /* elements; plane = (ny + 2) * pitch */
    char *u[2], *v[2];          /* buffer starts (element 0) */
    void *raw;                  /* one block for the four buffers */
    int64_t stagger;            /* bytes between buffers, modulo the page */
    int parity;                 /* which of u[], v[] is current */
} state;

/* A padded pitch: the row rounded up to whole cache lines plus one line, one more if the row
 * would then be a multiple of 512 bytes (rows that alias in the L1 cache). */
static int64_t pitch_elements(size_t esize, int nx) {
    int64_t per_line = ALIGNMENT / (int64_t)esize;
    int64_t pitch = ((int64_t)nx + per_line - 1) / per_line * per_line + per_line;
    if ((pitch * (int64_t)esize) % 512 == 0) {
        pitch += per_line;
    }
    return pitch;
}

/* How close, modulo the page, a store stream comes ahead of a load stream (4K aliasing): over both
 * parities, every loaded buffer against every stored one, at the same cell and one row or one
 * plane apart. */
static int64_t nearest_aliasing_load(int64_t pitch_bytes, int64_t plane_bytes, int64_t stagger) {
    int64_t nearest = PAGE;
    for (int parity = 0; parity < 2; parity++) {
        int64_t loaded[2] = {2 * parity * stagger, (2 * parity + 1) * stagger};
        int64_t stored[2] = {2 * (1 - parity) * stagger, (2 * (1 - parity) + 1) * stagger};
        int64_t offsets[5] = {0, pitch_bytes, -pitch_bytes, plane_bytes, -plane_bytes};
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int r = 0; r < 5; r++) {
                    int64_t ahead = ((stored[b] - loaded[a] - offsets[r]) % PAGE + PAGE) % PAGE;
                    if (ahead != 0 && ahead < nearest) {
                        nearest = ahead;
                    }
                }
            }
        }
    }
    return nearest;
}

/* The multiple of 64 in [64, 4096) that keeps stores farthest from loads; the smallest on ties. */
static int64_t buffer_stagger(int64_t pitch_bytes, int64_t plane_bytes) {
    int64_t best = ALIGNMENT, best_distance = -1;
    for (int64_t st = ALIGNMENT; st < PAGE; st += ALIGNMENT) {
        int64_t d = nearest_aliasing_load(pitch_bytes, plane_bytes, st);
        if (d > best_distance) {
            best = st;
            best_distance = d;
        }
    }
    return best;
}

static inline int64_t index_of(const state *s, int x, int y, int z) {
    return ((int64_t)z + 1) * s->plane + ((int64_t)y + 1) * s->pitch + s->lead + x;
}

static inline char *cell(const state *s, char *buf, int x, int y, int z) {
    return buf + index_of(s, x, y, z) * (int64_t)s->esize;
}

static void set_cell(const state *s, char *buf, int x, int y, int z, double value) {
    if (s->prec == F64) {
        *(double *)cell(s, buf, x, y, z) = value;
    } else {
        *(float *)cell(s, buf, x, y, z) = (float)value;
    }
}

static void state_init(state *s, enum precision prec, int nx, int ny, int nz) {
    s->prec = prec;
    s->esize = prec == F64 ? sizeof(double) : sizeof(float);
    s->nx = nx;
    s->ny = ny;
    s->nz = nz;
    s->lead = ALIGNMENT / (int64_t)s->esize;
    s->pitch = pitch_elements(s->esize, nx);
    s->plane = ((int64_t)ny + 2) * s->pitch;
    s->parity = 0;
    size_t bytes = ((size_t)(nz + 2) * (size_t)s->plane + (size_t)s->lead) * s->esize;
    /* u0, v0, u1, v1 in one page-aligned block, buffer i at i x stride */
    s->stagger = buffer_stagger(s->pitch * (int64_t)s->esize, s->plane * (int64_t)s->esize);
    size_t stride = (bytes + PAGE - 1) / PAGE * PAGE + (size_t)s->stagger;
    if (posix_memalign(&s->raw, PAGE, 4 * stride) != 0) {
        die(1, "cannot allocate %zu bytes for four %dx%dx%d fields", 4 * stride, nx, ny, nz);
    }
    memset(s->raw, 0, 4 * stride);
    for (int i = 0; i < 4; i++) {
        char *buf = (char *)s->raw + (size_t)i * stride;
        if (i % 2 == 0) {
            s->u[i / 2] = buf;
        } else {
            s->v[i / 2] = buf;
        }
    }
}

static void state_free(state *s) {
    free(s->raw);
}

static int max_int(int a, int b) {
    return a > b ? a : b;
}

static int min_int(int a, int b) {
    return a < b ? a : b;
}

/* u = 1, v = 0, except a cube of side 12 in the middle (clipped to the grid): u = 0.25, v = 0.33. */
static void initialize(state *s) {
    char *u = s->u[s->parity], *v = s->v[s->parity];
    int nx = s->nx, ny = s->ny, nz = s->nz;
    for (int z = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                set_cell(s, u, x, y, z, 1.0);
                set_cell(s, v, x, y, z, 0.0);
            }
        }
    }
    int x0 = max_int(nx / 2 - 6, 0), x1 = min_int(nx / 2 + 6, nx);
    int y0 = max_int(ny / 2 - 6, 0), y1 = min_int(ny / 2 + 6, ny);
    int z0 = max_int(nz / 2 - 6, 0), z1 = min_int(nz / 2 + 6, nz);
    for (int z = z0; z < z1; z++) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                set_cell(s, u, x, y, z, 0.25);
                set_cell(s, v, x, y, z, 0.33);
            }
        }
    }
}

/* The periodic halo of planes [z0, z1) of one buffer: the ghost cells their update reads (the
 * 7-point stencil reads no edge or corner ghost). Reads interior cells only, so slabs need no
 * barrier between filling and computing. */
static void copy_cell(const state *s, char *buf, int fx, int fy, int fz, int tx, int ty, int tz) {
    if (s->prec == F64) {
        *(double *)cell(s, buf, tx, ty, tz) = *(const double *)cell(s, buf, fx, fy, fz);
    } else {
        *(float *)cell(s, buf, tx, ty, tz) = *(const float *)cell(s, buf, fx, fy, fz);
    }
}

static void copy_row(const state *s, char *buf, int fy, int fz, int ty, int tz) {
    memcpy(cell(s, buf, 0, ty, tz), cell(s, buf, 0, fy, fz), (size_t)s->nx * s->esize);
}

static void fill_halo(const state *s, char *buf, int z0, int z1) {
    const int nx = s->nx, ny = s->ny, nz = s->nz;
    for (int z = z0; z < z1; z++) {
        for (int y = 0; y < ny; y++) {
            copy_cell(s, buf, nx - 1, y, z, -1, y, z);
            copy_cell(s, buf, 0, y, z, nx, y, z);
        }
        copy_row(s, buf, ny - 1, z, -1, z);
        copy_row(s, buf, 0, z, ny, z);
    }
    if (z0 == 0) {
        for (int y = 0; y < ny; y++) {
            copy_row(s, buf, y, nz - 1, y, -1);
        }
    }
    if (z1 == nz) {
        for (int y = 0; y < ny; y++) {
            copy_row(s, buf, y, 0, y, nz);
        }
    }
}

/* ------------------------------------------------------------------------------------------------
 * Noise: a counter-based generator, the splitmix64 finalizer keyed by seed, step and stream
 * --------------------------------------------------------------------------------------------- */

static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t noise_key(uint64_t seed, uint64_t step, uint64_t stream) {
    return mix64(mix64(mix64(seed ^ UINT64_C(0x243F6A8885A308D3)) ^ (step * GOLDEN)) ^
                 (stream * UINT64_C(0xD1B54A32D192ED03)));
}

/* ------------------------------------------------------------------------------------------------
 * The kernels: planes [z0, z1) of the current buffers into the next ones
 * --------------------------------------------------------------------------------------------- */

typedef struct {
    double du, dv, f, fk, noise, dt, inv_h2; /* fk = F + k and inv_h2 = 1/h^2, rounded once to double */
} coefficients;

static void slab_f64(const state *s, int cur, const coefficients *c, uint64_t key, int z0, int z1) {
    const double *u = (const double *)s->u[cur], *v = (const double *)s->v[cur];
    double *u_next = (double *)s->u[cur ^ 1], *v_next = (double *)s->v[cur ^ 1];
    const int nx = s->nx, ny = s->ny;
    const int64_t pitch = s->pitch, plane = s->plane;
    const double du = c->du, dv = c->dv, f = c->f, fk = c->fk, noise = c->noise, dt = c->dt;
    const double inv_h2 = c->inv_h2;
    for (int z = z0; z < z1; z++) {
        for (int y = 0; y < ny; y++) {
            const int64_t row = index_of(s, 0, y, z);
            const double *restrict uc = u + row, *restrict vc = v + row;
            double *restrict uo = u_next + row, *restrict vo = v_next + row;
            /* the noise counter of cell (x, y, z) is key + ((z*ny + y)*nx + x) * GOLDEN, mod 2^64 */
            const uint64_t row_key = key + ((uint64_t)z * (uint64_t)ny + (uint64_t)y) * (uint64_t)nx * GOLDEN;
#pragma omp simd
            for (int x = 0; x < nx; x++) {
                const double cu = uc[x], cv = vc[x];
                const double lap_u = ((((uc[x - pitch] + uc[x + pitch]) + (uc[x - 1] + uc[x + 1])) +
                                       (uc[x - plane] + uc[x + plane])) - 6.0 * cu) * inv_h2;
                const double lap_v = ((((vc[x - pitch] + vc[x + pitch]) + (vc[x - 1] + vc[x + 1])) +
                                       (vc[x - plane] + vc[x + plane])) - 6.0 * cv) * inv_h2;
                const double uvv = (cu * cv) * cv;
                /* bits >> 11 < 2^53: the signed conversion gives the same double and vectorizes */
                const uint64_t bits = mix64(row_key + (uint64_t)x * GOLDEN);
                const double r = (double)(int64_t)(bits >> 11) * 0x1.0p-52 - 1.0;
                const double rate_u = ((du * (lap_u / 6.0) - uvv) + f * (1.0 - cu)) + noise * r;
                const double rate_v = (dv * (lap_v / 6.0) + uvv) - fk * cv;
                uo[x] = cu + dt * rate_u;
                vo[x] = cv + dt * rate_v;
            }
        }
    }
}

/* The same in float: every constant, coefficient and operation in float. */
static void slab_f32(const state *s, int cur, const coefficients *c, uint64_t key, int z0, int z1) {
    const float *u = (const float *)s->u[cur], *v = (const float *)s->v[cur];
    float *u_next = (float *)s->u[cur ^ 1], *v_next = (float *)s->v[cur ^ 1];
    const int nx = s->nx, ny = s->ny;
    const int64_t pitch = s->pitch, plane = s->plane;
    const float du = (float)c->du, dv = (float)c->dv, f = (float)c->f, fk = (float)c->fk;
    const float noise = (float)c->noise, dt = (float)c->dt, inv_h2 = (float)c->inv_h2;
    for (int z = z0; z < z1; z++) {
        for (int y = 0; y < ny; y++) {
            const int64_t row = index_of(s, 0, y, z);
            const float *restrict uc = u + row, *restrict vc = v + row;
            float *restrict uo = u_next + row, *restrict vo = v_next + row;
            const uint64_t row_key = key + ((uint64_t)z * (uint64_t)ny + (uint64_t)y) * (uint64_t)nx * GOLDEN;
#pragma omp simd
            for (int x = 0; x < nx; x++) {
                const float cu = uc[x], cv = vc[x];
                const float lap_u = ((((uc[x - pitch] + uc[x + pitch]) + (uc[x - 1] + uc[x + 1])) +
                                      (uc[x - plane] + uc[x + plane])) - 6.0f * cu) * inv_h2;
                const float lap_v = ((((vc[x - pitch] + vc[x + pitch]) + (vc[x - 1] + vc[x + 1])) +
                                      (vc[x - plane] + vc[x + plane])) - 6.0f * cv) * inv_h2;
                const float uvv = (cu * cv) * cv;
                /* bits >> 40 < 2^24: exact in float whichever way it is converted */
                const uint64_t bits = mix64(row_key + (uint64_t)x * GOLDEN);
                const float r = (float)(int32_t)(bits >> 40) * 0x1.0p-23f - 1.0f;
                const float rate_u = ((du * (lap_u / 6.0f) - uvv) + f * (1.0f - cu)) + noise * r;
                const float rate_v = (dv * (lap_v / 6.0f) + uvv) - fk * cv;
                uo[x] = cu + dt * rate_u;
                vo[x] = cv + dt * rate_v;
            }
        }
    }
}

/* ------------------------------------------------------------------------------------------------
 * The time loop
 * --------------------------------------------------------------------------------------------- */

typedef struct {
    int z0, z1;
} slab;

/* min(parts, planes) contiguous slabs; the first planes % n get one extra plane. */
static int split(int planes, int parts, slab *out) {
    int n = planes < parts ? planes : parts;
    int base = planes / n, extra = planes % n, z = 0;
    for (int i = 0; i < n; i++) {
        int size = base + (i < extra ? 1 : 0);
        out[i].z0 = z;
        out[i].z1 = z + size;
        z += size;
    }
    return n;
}

/* The first non-finite value found, if any (guarded by `omp critical`). */
typedef struct {
    long long step; /* within the run; -1: none */
    char species;
    int x, y, z;
    double value;
} failure;

/* Planes [z0, z1) of one field; records the first bad cell. */
static void check_finite(const state *s, char species, char *buf, int z0, int z1, long long step, failure *fail) {
    for (int z = z0; z < z1; z++) {
        for (int y = 0; y < s->ny; y++) {
            for (int x = 0; x < s->nx; x++) {
                double value = s->prec == F64 ? *(double *)cell(s, buf, x, y, z) : (double)*(float *)cell(s, buf, x, y, z);
                if (!isfinite(value)) {
#pragma omp critical(grayscott3d_failure)
                    {
                        if (fail->step < 0 || step < fail->step) {
                            fail->step = step;
                            fail->species = species;
                            fail->x = x;
                            fail->y = y;
                            fail->z = z;
                            fail->value = value;
                        }
                    }
                    return;
                }
            }
        }
    }
}

/* --ftz on: set by main before any parallel region; each OpenMP thread sets its own MXCSR. */
static int g_ftz;

static void apply_ftz(void) {
#ifdef HAVE_MXCSR
    if (g_ftz) {
        _mm_setcsr(_mm_getcsr() | 0x8040); /* FTZ (bit 15) and DAZ (bit 6) */
    }
#endif
}

/* Runs `steps` steps on `nb` slabs, the first being step `first_step` of the whole run (for the
 * noise); returns the number of threads OpenMP actually gave. */
static int run_steps(state *s, const coefficients *c, const slab *slabs, int nb, uint64_t seed,
                     long long first_step, long long steps, long long check_every, failure *fail) {
    int team = 0;
    const int start_parity = s->parity;
    fail->step = -1;
    if (steps == 0) {
        return nb;
    }
#pragma omp parallel num_threads(nb)
    {
        const int t = omp_get_thread_num();
        const int nt = omp_get_num_threads(); /* < nb only if the runtime limits threads */
        apply_ftz();
#pragma omp single nowait
        team = nt;
        for (long long step = 0; step < steps; step++) {
            const int cur = (int)((start_parity + step) & 1);
            const long long done = step + 1;
            const int check = check_every > 0 && (done % check_every == 0 || done == steps);
            const uint64_t key = noise_key(seed, (uint64_t)(first_step + step), 0);
            for (int b = t; b < nb; b += nt) {
                const int z0 = slabs[b].z0, z1 = slabs[b].z1;
                fill_halo(s, s->u[cur], z0, z1);
                fill_halo(s, s->v[cur], z0, z1);
                if (s->prec == F64) {
                    slab_f64(s, cur, c, key, z0, z1);
                } else {
                    slab_f32(s, cur, c, key, z0, z1);
                }
                if (check) {
                    check_finite(s, 'u', s->u[cur ^ 1], z0, z1, step, fail);
                    check_finite(s, 'v', s->v[cur ^ 1], z0, z1, step, fail);
                }
            }
#pragma omp barrier
            if (check) {
                /* Every thread sees the same value here: failures of this step were recorded
                 * before the barrier, and a later step's (step + 1) cannot stop this one. */
                long long failed;
#pragma omp atomic read
                failed = fail->step;
                if (failed >= 0 && failed <= step) {
                    break;
                }
            }
        }
    }
    if (fail->step < 0) {
        s->parity ^= (int)(steps & 1);
    }
    return team;
}

static void fail_non_finite(const failure *fail, long long steps_before, long long check_every) {
    char b[40];
    long long total = steps_before + fail->step + 1;
    long long last_good = steps_before + fail->step / check_every * check_every;
    die(1, "%c = %s at (x=%d, y=%d, z=%d) after step %lld (fields were finite after step %lld): the run diverged; try a smaller --dt or other F/k",
        fail->species, jnum(b, fail->value), fail->x, fail->y, fail->z, total, last_good);
}

/* ------------------------------------------------------------------------------------------------
 * .npy output (format 1.0, header padded to a multiple of 64 bytes, C order, interior only)
 * --------------------------------------------------------------------------------------------- */

static void write_npy(const state *s, char *buf, const char *dir, const char *name) {
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
        die(1, "path %s/%s is too long", dir, name);
    }
    FILE *out = fopen(path, "wb");
    if (!out) {
        die(1, "cannot write %s: %s", path, strerror(errno));
    }
    char dict[256];
    int dict_len = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d, %d), }",
                            s->prec == F64 ? "<f8" : "<f4", s->nz, s->ny, s->nx);
    int unpadded = 8 + 2 + dict_len + 1;
    int total = (unpadded + 63) / 64 * 64;
    int header_len = total - 10;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(header_len & 0xff),
                             (unsigned char)(header_len >> 8)};
    int ok = fwrite(pre, 1, sizeof pre, out) == sizeof pre && fputs(dict, out) >= 0;
    for (int i = 0; ok && i < total - unpadded; i++) {
        ok = fputc(' ', out) != EOF;
    }
    ok = ok && fputc('\n', out) != EOF;
    for (int z = 0; ok && z < s->nz; z++) {
        for (int y = 0; ok && y < s->ny; y++) {
            ok = fwrite(cell(s, buf, 0, y, z), s->esize, (size_t)s->nx, out) == (size_t)s->nx;
        }
    }
    if (fclose(out) != 0 || !ok) {
        die(1, "cannot write %s: %s", path, strerror(errno));
    }
}

/* ------------------------------------------------------------------------------------------------ */

int main(int argc, char **argv) {
    options o;
    parse_options(argc, argv, &o);

    state s;
    state_init(&s, o.prec, o.nx, o.ny, o.nz);
    initialize(&s);

    coefficients c = {o.du, o.dv, o.f, o.f + o.k, o.noise, o.dt, 1.0 / (o.h * o.h)};
    slab *slabs = malloc(sizeof(slab) * (size_t)o.threads);
    if (!slabs) {
        die(1, "out of memory");
    }
    int nb = split(o.nz, o.threads, slabs);
    omp_set_dynamic(0);

    failure fail;
    g_ftz = o.ftz;
    run_steps(&s, &c, slabs, nb, o.seed, 0, o.warmup, o.check_every, &fail);
    if (fail.step >= 0) {
        fail_non_finite(&fail, 0, o.check_every);
    }
    double t0 = omp_get_wtime();
    int team = run_steps(&s, &c, slabs, nb, o.seed, o.warmup, o.steps, o.check_every, &fail);
    double seconds = omp_get_wtime() - t0;
    if (fail.step >= 0) {
        fail_non_finite(&fail, o.warmup, o.check_every);
    }
    if (team != nb) {
        fprintf(stderr, PROG ": warning: OpenMP gave %d threads for %d slabs; some threads ran several slabs\n",
                team, nb);
    }

    if (o.npy) {
        write_npy(&s, s.u[s.parity], o.npy, "u.npy");
        write_npy(&s, s.v[s.parity], o.npy, "v.npy");
    }

    const char *prec = o.prec == F64 ? "f64" : "f32";
    const char *backend = o.ftz ? "c-openmp-ftz" : "c-openmp";
    const char *wait_policy = getenv("OMP_WAIT_POLICY");
    if (!wait_policy || !*wait_policy) {
        wait_policy = "default";
    }
    double mlups = seconds > 0 ? (double)o.nx * o.ny * (double)o.nz * (double)o.steps / seconds / 1e6 : 0;
    printf("gray-scott-3d %dx%dx%d %s: %lld steps in %.3f s = %.1f MLUP/s [%s %s (%s); %d OpenMP thread(s), "
           "omp barrier, OMP_WAIT_POLICY=%s]%s%s\n",
           o.nx, o.ny, o.nz, prec, o.steps, seconds, mlups, backend, prec, COMPILER, o.threads, wait_policy,
           o.npy ? "; u.npy, v.npy -> " : "", o.npy ? o.npy : "");
    char b1[40], b2[40], b3[40];
    printf("{\"steps\":%lld,\"nx\":%d,\"ny\":%d,\"nz\":%d,\"seconds\":%s,\"mlups\":%s,\"backend\":\"%s\","
           "\"model\":\"gray-scott-3d\",\"precision\":\"%s\",\"threads\":%d,\"warmup\":%lld,\"dt\":%s,"
           "\"pitch\":%lld,\"stagger\":%lld}\n",
           o.steps, o.nx, o.ny, o.nz, json_num(b1, round_to(seconds, 6)), json_num(b2, round_to(mlups, 3)), backend, prec,
           o.threads, o.warmup, json_num(b3, o.dt), (long long)s.pitch, (long long)s.stagger);
    free(slabs);
    state_free(&s);
    return 0;
}
