/*
 * grayscott-bench: the Gray-Scott problem of `jstencil gray-scott`, run entirely in C with OpenMP,
 * as the native baseline the Java backends are measured against. Its kernel is hand-written
 * (gs_band.inc), independent of jstencil's generated code; it has the same options and defaults, the same
 * initial conditions (dev.jstencil.model.InitialCondition), the same field layout
 * (dev.jstencil.grid.Field2D: 64-byte aligned interior, padded pitch; buffers placed by
 * dev.jstencil.model.BufferPlacement; the JSON line names pitch and stagger), the same
 * row bands (dev.jstencil.parallel.Partitioner) and the same periodic halo step
 * (dev.jstencil.grid.PeriodicBoundary), so its u.npy / v.npy are bit-identical to Java's.
 *
 * One `omp parallel` region spans the whole time loop; each thread owns a band and per step fills
 * its halo, runs the kernel on its rows, then meets the others at `omp barrier`. Only the timed
 * loop is timed (omp_get_wtime). Output: one human line and one JSON line on stdout.
 * Exit codes: 0 done, 1 failure (NaN/Inf, memory, I/O), 2 bad input (one line on stderr).
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

#define GS_T double
#define GS_NAME gs_band_f64
#define GS_CELLS gs_cells_f64
#define GS_C(x) (x)
#include "gs_band.inc"
#undef GS_T
#undef GS_NAME
#undef GS_CELLS
#undef GS_C

#define GS_T float
#define GS_NAME gs_band_f32
#define GS_CELLS gs_cells_f32
#define GS_C(x) (x##f)
#include "gs_band.inc"
#undef GS_T
#undef GS_NAME
#undef GS_CELLS
#undef GS_C

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the .npy writer assumes a little-endian machine"
#endif

#define PROG "grayscott-bench"
#define EXIT_USAGE 2
#define ALIGNMENT 64                  /* Field2D.ALIGNMENT */
#define PAGE 4096                     /* BufferPlacement.PAGE */
#define AUTO_DT_FRACTION 0.9          /* GrayScottParams.AUTO_DT_FRACTION */
#define MIN_SIDE 3                    /* GridSize.MIN */
#define PI_D 3.141592653589793        /* Math.PI */

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
 * Options (names, defaults and checks of dev.jstencil.cli.GrayScottCommand)
 * --------------------------------------------------------------------------------------------- */

enum precision { F64, F32 };
enum init { SQUARE, GAUSS };

typedef struct {
    int nx, ny;
    long long steps;
    double t_end;
    int has_steps, has_t_end;
    double f, k, du, dv, dt, h;
    enum init init;
    enum precision prec;
    int threads;
    int ftz; /* set the CPU's flush-to-zero and denormals-are-zero modes in every thread */
    const char *npy;
    long long warmup;
    long long check_every;
} options;

static const char *const HELP =
    "Usage: " PROG " [options]\n"
    "Gray-Scott reaction-diffusion in 2D (forward Euler, 5-point Laplacian, periodic), in C with OpenMP:\n"
    "the native baseline of 'jstencil gray-scott', with the same options, defaults, layout and results.\n"
    "  --size NX[xNY]       Grid size: N for NxN, or NXxNY (each >= 3). Default: 512.\n"
    "  --steps S            Time steps (default 5000 unless --t-end is given).\n"
    "  --t-end T            Run to time T: steps = ceil(T/dt), then dt = T/steps.\n"
    "  --F F  --k K         Feed and kill rates. Default: 0.04, 0.06.\n"
    "  --Du D  --Dv D       Diffusion of u and v. Default: 0.16, 0.08.\n"
    "  --dt DT|auto         Time step, or 0.9 of the stability limit h^2/(4 max(Du,Dv)). Default: 1.\n"
    "  --h H                Grid spacing. Default: 1.\n"
    "  --init square|gauss  Initial condition. Default: square.\n"
    "  --precision f64|f32  Default: f64.\n"
    "  --threads T          OpenMP threads (default: the number of cores).\n"
    "  --ftz on|off         Flush subnormal results to zero and read subnormal inputs as zero (MXCSR FTZ and\n"
    "                       DAZ, what a C user sets against slow subnormals; not bit-identical to jstencil). Default: off.\n"
    "  --npy DIR            Write u.npy and v.npy (shape (ny, nx), C order) into DIR.\n"
    "  --warmup N           Run N steps before the timed ones (not counted). Default: 0.\n"
    "  --check-every N      Scan for NaN/Inf every N steps and after the last (0: never). Default: 100.\n"
    "  --png FILE, --no-png Accepted for compatibility; no picture is written.\n"
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

/* GrayScottCommand.positiveNumber */
static double positive_number(const char *option, const char *text) {
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v) || v <= 0) {
        die(EXIT_USAGE, "%s '%s' is not allowed: use a finite number > 0", option, text);
    }
    return v;
}

/* GridSize.Converter: N or NXxNY, each >= 3. */
static void parse_size(const char *text, int *nx, int *ny) {
    char *end;
    const char *p = text;
    long a, b;
    errno = 0;
    a = strtol(p, &end, 10);
    if (end == p || errno) {
        goto bad;
    }
    if (*end == '\0') {
        b = a;
    } else if (*end == 'x' || *end == 'X') {
        p = end + 1;
        b = strtol(p, &end, 10);
        if (end == p || *end != '\0' || errno) {
            goto bad;
        }
    } else {
        goto bad;
    }
    if (a > INT_MAX || b > INT_MAX) {
        goto bad;
    }
    if (a < MIN_SIDE || b < MIN_SIDE) {
        die(EXIT_USAGE, "--size '%s' is too small: each side must be >= %d", text, MIN_SIDE);
    }
    *nx = (int)a;
    *ny = (int)b;
    return;
bad:
    die(EXIT_USAGE, "--size '%s' is not a size: use N or NXxNY, integers >= %d", text, MIN_SIDE);
}

/* GrayScottParams' constructor check. */
static void require_finite(const char *name, double value, int zero_allowed) {
    char b[40];
    if (!isfinite(value) || value < 0 || (!zero_allowed && value == 0)) {
        die(EXIT_USAGE, "%s = %s is not allowed: it must be a finite number %s", name, jnum(b, value),
            zero_allowed ? ">= 0" : "> 0");
    }
}

static double stable_dt_limit(double du, double dv, double h) {
    double d = du > dv ? du : dv;
    return d == 0 ? INFINITY : h * h / (4 * d);
}

/* Creates DIR (and parents) like Files.createDirectories; returns 0 or an errno. */
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
    const char *size = "512", *dt = "1", *init = "square", *precision = "f64";
    const char *ftz = "off";
    const char *threads = NULL, *steps = NULL, *t_end = NULL, *warmup = "0", *check_every = "100";
    const char *f = "0.04", *k = "0.06", *du = "0.16", *dv = "0.08", *h = "1";
    const char *png = NULL;
    struct { const char *name; const char **value; } valued[] = {
        {"--size", &size}, {"--steps", &steps}, {"--t-end", &t_end}, {"--F", &f}, {"--k", &k},
        {"--Du", &du}, {"--Dv", &dv}, {"--dt", &dt}, {"--h", &h}, {"--init", &init},
        {"--precision", &precision}, {"--threads", &threads}, {"--ftz", &ftz}, {"--npy", &o->npy}, {"--warmup", &warmup},
        {"--check-every", &check_every}, {"--png", &png},
    };
    o->npy = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            fputs(HELP, stdout);
            exit(0);
        }
        if (!strcmp(arg, "--no-png")) {
            continue;
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
    if (png) {
        fprintf(stderr, PROG ": note: --png %s is ignored: this program writes no picture\n", png);
    }

    /* Same order of checks as GrayScottCommand.configure(). */
    parse_size(size, &o->nx, &o->ny);
    if (!strcmp(precision, "f64") || !strcmp(precision, "F64")) {
        o->prec = F64;
    } else if (!strcmp(precision, "f32") || !strcmp(precision, "F32")) {
        o->prec = F32;
    } else {
        die(EXIT_USAGE, "precision '%s' is not one of [f64, f32]", precision);
    }
    if (!strcmp(init, "square")) {
        o->init = SQUARE;
    } else if (!strcmp(init, "gauss")) {
        o->init = GAUSS;
    } else {
        die(EXIT_USAGE, "init '%s' is not one of [square, gauss]", init);
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
    int auto_dt = !strcmp(dt, "auto") || !strcmp(dt, "AUTO") || !strcmp(dt, "Auto");
    o->du = parse_double("--Du", du);
    o->dv = parse_double("--Dv", dv);
    o->f = parse_double("--F", f);
    o->k = parse_double("--k", k);
    o->h = parse_double("--h", h);
    o->dt = auto_dt ? 1.0 : positive_number("--dt", dt);
    require_finite("Du", o->du, 1);
    require_finite("Dv", o->dv, 1);
    require_finite("F", o->f, 1);
    require_finite("k", o->k, 1);
    require_finite("dt", o->dt, 0);
    require_finite("h", o->h, 0);
    double limit = stable_dt_limit(o->du, o->dv, o->h);
    if (auto_dt) {
        if (isinf(limit)) {
            die(EXIT_USAGE, "--dt auto needs Du > 0 or Dv > 0: with no diffusion there is no stability limit to take a fraction of");
        }
        o->dt = AUTO_DT_FRACTION * limit;
    }
    if (!(o->dt <= limit)) {
        char b1[40], b2[40], b3[40], b4[40], b5[40];
        die(EXIT_USAGE, "dt = %s is unstable for Du = %s, Dv = %s, h = %s: forward Euler needs dt <= h^2/(4*max(Du,Dv)) = %s (or use --dt auto for 0.9 of that)",
            jnum(b1, o->dt), jnum(b2, o->du), jnum(b3, o->dv), jnum(b4, o->h), jnum(b5, limit));
    }
    o->has_steps = steps != NULL;
    o->has_t_end = t_end != NULL;
    if (o->has_t_end) {
        char b1[40], b2[40];
        if (o->has_steps) {
            die(EXIT_USAGE, "--steps and --t-end are mutually exclusive: give one");
        }
        o->t_end = parse_double("--t-end", t_end);
        if (!isfinite(o->t_end) || o->t_end <= 0) {
            die(EXIT_USAGE, "--t-end %s is not allowed: use a finite time > 0", jnum(b1, o->t_end));
        }
        double ratio = ceil(o->t_end / o->dt);
        if (ratio > 1e15) {
            die(EXIT_USAGE, "--t-end %s needs %.0f steps of dt %s: too many", jnum(b1, o->t_end), ratio, jnum(b2, o->dt));
        }
        o->steps = (long long)ratio;
        o->dt = o->t_end / (double)o->steps;
    } else {
        o->steps = steps ? parse_integer("--steps", steps, LLONG_MIN, LLONG_MAX) : 5000;
        if (o->steps < 0) {
            die(EXIT_USAGE, "--steps %lld is not allowed: use a step count >= 0", o->steps);
        }
    }
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
 * Fields (the layout of Field2D) and state (the buffers of GrayScottState)
 * --------------------------------------------------------------------------------------------- */

typedef struct {
    enum precision prec;
    size_t esize;
    int nx, ny;
    int64_t lead, pitch; /* elements */
    char *u[2], *v[2];   /* segment starts: row -1, element 0 */
    void *raw;           /* one block for the four buffers */
    int64_t stagger;     /* bytes between buffers, modulo the page (BufferPlacement) */
    int parity;
} state;

/* Field2D.pitchElements */
static int64_t pitch_elements(size_t esize, int nx) {
    int64_t per_line = ALIGNMENT / (int64_t)esize;
    int64_t pitch = ((int64_t)nx + per_line - 1) / per_line * per_line + per_line;
    if ((pitch * (int64_t)esize) % 512 == 0) {
        pitch += per_line;
    }
    return pitch;
}

/* BufferPlacement.nearestAliasingLoad */
static int64_t nearest_aliasing_load(int64_t pitch_bytes, int64_t stagger) {
    int64_t nearest = PAGE;
    for (int parity = 0; parity < 2; parity++) {
        int64_t loaded[2] = {2 * parity * stagger, (2 * parity + 1) * stagger};
        int64_t stored[2] = {2 * (1 - parity) * stagger, (2 * (1 - parity) + 1) * stagger};
        int64_t rows[3] = {0, pitch_bytes, -pitch_bytes};
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int r = 0; r < 3; r++) {
                    int64_t ahead = ((stored[b] - loaded[a] - rows[r]) % PAGE + PAGE) % PAGE;
                    if (ahead != 0 && ahead < nearest) {
                        nearest = ahead;
                    }
                }
            }
        }
    }
    return nearest;
}

/* BufferPlacement.stagger */
static int64_t buffer_stagger(int64_t pitch_bytes) {
    int64_t best = ALIGNMENT, best_distance = -1;
    for (int64_t st = ALIGNMENT; st < PAGE; st += ALIGNMENT) {
        int64_t d = nearest_aliasing_load(pitch_bytes, st);
        if (d > best_distance) {
            best = st;
            best_distance = d;
        }
    }
    return best;
}

static inline char *cell(const state *s, char *seg, int x, int y) {
    return seg + (((int64_t)y + 1) * s->pitch + s->lead + x) * (int64_t)s->esize;
}

static void set_cell(const state *s, char *seg, int x, int y, double value) {
    if (s->prec == F64) {
        *(double *)cell(s, seg, x, y) = value;
    } else {
        *(float *)cell(s, seg, x, y) = (float)value;
    }
}

static void state_init(state *s, enum precision prec, int nx, int ny) {
    s->prec = prec;
    s->esize = prec == F64 ? sizeof(double) : sizeof(float);
    s->nx = nx;
    s->ny = ny;
    s->lead = ALIGNMENT / (int64_t)s->esize;
    s->pitch = pitch_elements(s->esize, nx);
    s->parity = 0;
    if ((int64_t)nx * ny > (INT64_C(1) << 34)) {
        die(EXIT_USAGE, "field size %dx%d is too large (at most 2^34 cells)", nx, ny);
    }
    if (s->pitch > INT_MAX / 2) {
        die(EXIT_USAGE, "row of %d cells is too long", nx);
    }
    size_t bytes = ((size_t)(ny + 2) * (size_t)s->pitch + (size_t)s->lead) * s->esize; /* Field2D.byteSize */
    /* u0, v0, u1, v1 in one page-aligned block, buffer i at i x stride, like GrayScottState */
    s->stagger = buffer_stagger(s->pitch * (int64_t)s->esize);
    size_t stride = (bytes + PAGE - 1) / PAGE * PAGE + (size_t)s->stagger;
    if (posix_memalign(&s->raw, PAGE, 4 * stride) != 0) {
        die(1, "cannot allocate %zu bytes for four %dx%d fields", 4 * stride, nx, ny);
    }
    memset(s->raw, 0, 4 * stride); /* ghosts start at 0, as in an arena */
    for (int i = 0; i < 4; i++) {
        char *seg = (char *)s->raw + (size_t)i * stride;
        if (i % 2 == 0) {
            s->u[i / 2] = seg;
        } else {
            s->v[i / 2] = seg;
        }
    }
}

static void state_free(state *s) {
    free(s->raw);
}

/* InitialCondition.apply, on the current buffers. */
static void initialize(state *s, enum init init) {
    char *u = s->u[s->parity], *v = s->v[s->parity];
    int nx = s->nx, ny = s->ny;
    if (init == SQUARE) {
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                set_cell(s, u, x, y, 1.0);
                set_cell(s, v, x, y, 0.0);
            }
        }
        int sx = nx / 10, lox = nx / 2 - sx / 2;
        int sy = ny / 10, loy = ny / 2 - sy / 2;
        for (int y = loy; y < loy + sy; y++) {
            for (int x = lox; x < lox + sx; x++) {
                set_cell(s, u, x, y, 0.5);
                set_cell(s, v, x, y, 0.25);
            }
        }
    } else {
        double sigma = 0.1;
        double norm = sqrt(2 * PI_D) * sigma;
        for (int row = 0; row < ny; row++) {
            double y = (double)row / ny;
            for (int col = 0; col < nx; col++) {
                double x = (double)col / nx;
                double u0 = 0.01 * exp((-(x - 0.5) * (x - 0.5) - (y - 0.5) * (y - 0.5)) / (2 * sigma * sigma)) / norm;
                set_cell(s, u, col, row, u0);
                set_cell(s, v, col, row, 1 - u0);
            }
        }
    }
}

/* PeriodicBoundary.fillHalo: ghost columns of rows [y0, y1); the band holding row 0 (ny-1) fills
 * ghost row -1 (ny) with corners. Reads interior cells only, so bands need no barrier for it. */
static void copy_cell(const state *s, char *seg, int fx, int fy, int tx, int ty) {
    memcpy(cell(s, seg, tx, ty), cell(s, seg, fx, fy), s->esize);
}

static void copy_row_with_corners(const state *s, char *seg, int from_y, int to_y) {
    memcpy(cell(s, seg, 0, to_y), cell(s, seg, 0, from_y), (size_t)s->nx * s->esize);
    copy_cell(s, seg, s->nx - 1, from_y, -1, to_y);
    copy_cell(s, seg, 0, from_y, s->nx, to_y);
}

static void fill_halo(const state *s, char *seg, int y0, int y1) {
    for (int y = y0; y < y1; y++) {
        copy_cell(s, seg, s->nx - 1, y, -1, y);
        copy_cell(s, seg, 0, y, s->nx, y);
    }
    if (y0 == 0) {
        copy_row_with_corners(s, seg, s->ny - 1, -1);
    }
    if (y1 == s->ny) {
        copy_row_with_corners(s, seg, 0, s->ny);
    }
}

/* ------------------------------------------------------------------------------------------------
 * The time loop
 * --------------------------------------------------------------------------------------------- */

typedef struct {
    int y0, y1;
} band;

/* Partitioner.split: min(parts, rows) bands; the first rows % n get one extra row. */
static int split(int rows, int parts, band *out) {
    int n = rows < parts ? rows : parts;
    int base = rows / n, extra = rows % n, y = 0;
    for (int i = 0; i < n; i++) {
        int size = base + (i < extra ? 1 : 0);
        out[i].y0 = y;
        out[i].y1 = y + size;
        y += size;
    }
    return n;
}

typedef struct {
    double du, dv, f, fk, dt, inv_h2;
} coefficients;

/* The first non-finite value found, if any (guarded by `omp critical`). */
typedef struct {
    long long step; /* within the run; -1: none */
    char species;
    int x, y;
    double value;
} failure;

static void band_update(const state *s, int cur, const coefficients *c, int y0, int y1) {
    char *u = s->u[cur], *v = s->v[cur], *un = s->u[cur ^ 1], *vn = s->v[cur ^ 1];
    if (s->prec == F64) {
        gs_band_f64((const double *)cell(s, u, 0, 0), (const double *)cell(s, v, 0, 0),
                             (double *)cell(s, un, 0, 0), (double *)cell(s, vn, 0, 0), s->pitch, s->nx, y0, y1,
                             c->du, c->dv, c->f, c->fk, c->dt, c->inv_h2);
    } else {
        gs_band_f32((const float *)cell(s, u, 0, 0), (const float *)cell(s, v, 0, 0),
                             (float *)cell(s, un, 0, 0), (float *)cell(s, vn, 0, 0), s->pitch, s->nx, y0, y1,
                             (float)c->du, (float)c->dv, (float)c->f, (float)c->fk, (float)c->dt,
                             (float)c->inv_h2);
    }
}

/* FiniteCheck.requireFinite on rows [y0, y1) of one field; records the first bad cell. */
static void check_finite(const state *s, char species, char *seg, int y0, int y1, long long step, failure *fail) {
    for (int y = y0; y < y1; y++) {
        for (int x = 0; x < s->nx; x++) {
            double value = s->prec == F64 ? *(double *)cell(s, seg, x, y) : (double)*(float *)cell(s, seg, x, y);
            if (!isfinite(value)) {
#pragma omp critical(jstencil_failure)
                {
                    if (fail->step < 0 || step < fail->step) {
                        fail->step = step;
                        fail->species = species;
                        fail->x = x;
                        fail->y = y;
                        fail->value = value;
                    }
                }
                return;
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

/* Runs `steps` steps on `nb` bands; returns the number of threads OpenMP actually gave. */
static int run_steps(state *s, const coefficients *c, const band *bands, int nb, long long steps,
                     long long check_every, failure *fail) {
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
            for (int b = t; b < nb; b += nt) {
                fill_halo(s, s->u[cur], bands[b].y0, bands[b].y1);
                fill_halo(s, s->v[cur], bands[b].y0, bands[b].y1);
                band_update(s, cur, c, bands[b].y0, bands[b].y1);
                if (check) {
                    check_finite(s, 'u', s->u[cur ^ 1], bands[b].y0, bands[b].y1, step, fail);
                    check_finite(s, 'v', s->v[cur ^ 1], bands[b].y0, bands[b].y1, step, fail);
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
    die(1, "%c = %s at (x=%d, y=%d) after step %lld (fields were finite after step %lld): the run diverged; try a smaller --dt or other F/k",
        fail->species, jnum(b, fail->value), fail->x, fail->y, total, last_good);
}

/* ------------------------------------------------------------------------------------------------
 * .npy output (io/Npy.java: format 1.0, header padded to a multiple of 64 bytes, C order)
 * --------------------------------------------------------------------------------------------- */

static void write_npy(const state *s, char *seg, const char *dir, const char *name) {
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
        die(1, "path %s/%s is too long", dir, name);
    }
    FILE *out = fopen(path, "wb");
    if (!out) {
        die(1, "cannot write %s: %s", path, strerror(errno));
    }
    char dict[256];
    int dict_len = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d), }",
                            s->prec == F64 ? "<f8" : "<f4", s->ny, s->nx);
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
    for (int y = 0; ok && y < s->ny; y++) {
        ok = fwrite(cell(s, seg, 0, y), s->esize, (size_t)s->nx, out) == (size_t)s->nx;
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
    state_init(&s, o.prec, o.nx, o.ny);
    initialize(&s, o.init);

    coefficients c = {o.du, o.dv, o.f, o.f + o.k, o.dt, 1.0 / (o.h * o.h)};
    band *bands = malloc(sizeof(band) * (size_t)o.threads);
    if (!bands) {
        die(1, "out of memory");
    }
    int nb = split(o.ny, o.threads, bands);
    omp_set_dynamic(0);

    failure fail;
    g_ftz = o.ftz;
    run_steps(&s, &c, bands, nb, o.warmup, o.check_every, &fail);
    if (fail.step >= 0) {
        fail_non_finite(&fail, 0, o.check_every);
    }
    double t0 = omp_get_wtime();
    int team = run_steps(&s, &c, bands, nb, o.steps, o.check_every, &fail);
    double seconds = omp_get_wtime() - t0;
    if (fail.step >= 0) {
        fail_non_finite(&fail, o.warmup, o.check_every);
    }
    if (team != nb) {
        fprintf(stderr, PROG ": warning: OpenMP gave %d threads for %d bands; some threads ran several bands\n",
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
    double mlups = seconds > 0 ? (double)o.nx * o.ny * (double)o.steps / seconds / 1e6 : 0;
    printf("gray-scott %dx%d %s: %lld steps in %.3f s = %.1f MLUP/s [%s %s (%s); %d OpenMP thread(s), "
           "omp barrier, OMP_WAIT_POLICY=%s]%s%s\n",
           o.nx, o.ny, prec, o.steps, seconds, mlups, backend, prec, COMPILER, o.threads, wait_policy,
           o.npy ? "; u.npy, v.npy -> " : "", o.npy ? o.npy : "");
    char b1[40], b2[40], b3[40];
    printf("{\"steps\":%lld,\"nx\":%d,\"ny\":%d,\"seconds\":%s,\"mlups\":%s,\"backend\":\"%s\",\"precision\":\"%s\","
           "\"threads\":%d,\"parallel\":\"openmp\",\"barrier\":\"omp\",\"warmup\":%lld,\"dt\":%s,"
           "\"pitch\":%lld,\"stagger\":%lld}\n",
           o.steps, o.nx, o.ny, json_num(b1, round_to(seconds, 6)), json_num(b2, round_to(mlups, 3)), backend, prec, o.threads,
           o.warmup, json_num(b3, o.dt), (long long)s.pitch, (long long)s.stagger);
    free(bands);
    state_free(&s);
    return 0;
}
