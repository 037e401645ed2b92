/* The FP32 ceiling of one core: independent 512-bit FMAs on registers, nothing else.
 *   gcc -O2 -mavx512f -o /tmp/fma_peak benchmarks/fma_peak.c && /tmp/fma_peak
 * Run two copies at once (`/tmp/fma_peak & /tmp/fma_peak; wait`) for both cores. */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

int main(void) {
    __m512 c[12];
    for (int i = 0; i < 12; i++) c[i] = _mm512_setzero_ps();
    __m512 b0 = _mm512_set1_ps(1e-9f), b1 = _mm512_set1_ps(2e-9f), x = _mm512_set1_ps(1.0f);
    double best = 0;
    for (int r = 0; r < 5; r++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (long i = 0; i < 100000000L; i++) {
#pragma GCC unroll 12
            for (int j = 0; j < 12; j++) c[j] = _mm512_fmadd_ps(j & 1 ? b1 : b0, x, c[j]);
            __asm__ volatile("" : "+v"(x));
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
        double gflops = 1e8 * 12 * 32 / s / 1e9;
        if (gflops > best) best = gflops;
    }
    float out = 0;
    for (int i = 0; i < 12; i++) out += _mm512_reduce_add_ps(c[i]);
    printf("best %.1f GFLOP/s (wall clock, one thread) [%g]\n", best, out);
    return 0;
}
