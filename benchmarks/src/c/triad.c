/*
 * Memory bandwidth of this machine, STREAM-triad style: a[i] = b[i] + s*c[i] over arrays far
 * larger than the last-level cache, with 1..N OpenMP threads.
 *
 * Reported GB/s counts the real traffic: per element 8 B read of b, 8 B read of c, 8 B write of a
 * plus 8 B of write-allocate (the line of a is read before it is written, since these are ordinary
 * stores) = 32 B, where STREAM would count 24 B.
 *
 *   gcc -O3 -march=native -fopenmp -o triad triad.c && ./triad [MiB per array] [threads...]
 *
 * Prints one line per thread count:  triad threads=1 bytes_per_element=32 best_gbps=29.10 median_gbps=28.7
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv) {
    long mib = argc > 1 ? atol(argv[1]) : 512;
    if (mib < 64) {
        fprintf(stderr, "triad: %ld MiB per array is too small to leave the cache; use >= 64\n", mib);
        return 2;
    }
    long n = mib * 1024 * 1024 / sizeof(double);
    enum { REPS = 12 };
    int counts[16], ncounts = 0;
    for (int i = 2; i < argc && ncounts < 16; i++) counts[ncounts++] = atoi(argv[i]);
    if (ncounts == 0) { counts[0] = 1; counts[1] = omp_get_num_procs(); ncounts = counts[1] > 1 ? 2 : 1; }

    double *a = aligned_alloc(64, n * sizeof(double));
    double *b = aligned_alloc(64, n * sizeof(double));
    double *c = aligned_alloc(64, n * sizeof(double));
    if (!a || !b || !c) {
        fprintf(stderr, "triad: cannot allocate 3 x %ld MiB\n", mib);
        return 3;
    }
    const double s = 3.0;
    for (int t = 0; t < ncounts; t++) {
        int threads = counts[t];
        omp_set_num_threads(threads);
        /* First touch with the same static schedule as the timed loop: pages land near their user. */
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) { a[i] = 0.0; b[i] = 1.0; c[i] = 2.0; }
        double gbps[REPS];
        for (int r = 0; r < REPS; r++) {
            double t0 = now();
#pragma omp parallel for schedule(static)
            for (long i = 0; i < n; i++) a[i] = b[i] + s * c[i];
            double dt = now() - t0;
            gbps[r] = 32.0 * (double)n / dt / 1e9;
        }
        /* Check the result so the loop cannot be dropped. */
        double sum = 0;
        for (long i = 0; i < n; i += 4096) sum += a[i];
        if (sum != 7.0 * (double)((n + 4095) / 4096)) {
            fprintf(stderr, "triad: wrong result %g\n", sum);
            return 4;
        }
        qsort(gbps + 1, REPS - 1, sizeof(double), cmp); /* the first repetition is a warm-up */
        printf("triad threads=%d bytes_per_element=32 array_mib=%ld best_gbps=%.2f median_gbps=%.2f\n",
               threads, mib, gbps[REPS - 1], gbps[1 + (REPS - 1) / 2]);
        fflush(stdout);
    }
    free(a); free(b); free(c);
    return 0;
}
