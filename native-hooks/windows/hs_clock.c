#include "hs_clock.h"

#include <cpuid.h>

int hs_clock_tsc;

static int has_invariant_tsc(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(0x80000000u, &a, &b, &c, &d) || a < 0x80000007u) return 0;
    if (!__get_cpuid(0x80000007u, &a, &b, &c, &d)) return 0;
    return (d >> 8) & 1u;
}

void hs_clock_init(void) { hs_clock_tsc = has_invariant_tsc(); }

/* One (QPC, TSC) pair with the TSC taken as the midpoint of two reads around
 * the QPC read; retried a few times to keep the pair whose reads were closest,
 * so a preemption between them does not skew the frequency. */
static void pair(int64_t *qpc, uint64_t *tsc)
{
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < 5; i++) {
        LARGE_INTEGER q;
        uint64_t t0 = __rdtsc();
        QueryPerformanceCounter(&q);
        uint64_t t1 = __rdtsc();
        if (t1 - t0 < best) {
            best = t1 - t0;
            *qpc = q.QuadPart;
            *tsc = t0 + (t1 - t0) / 2;
        }
    }
}

uint64_t hs_clock_frequency(DWORD calibrate_ms)
{
    LARGE_INTEGER f;
    QueryPerformanceFrequency(&f);
    if (!hs_clock_tsc) return (uint64_t)f.QuadPart;
    int64_t q0 = 0, q1 = 0;
    uint64_t t0 = 0, t1 = 0;
    pair(&q0, &t0);
    /* Sleep may return early; wait until QPC itself says the span has passed */
    do {
        Sleep(calibrate_ms);
        pair(&q1, &t1);
    } while ((q1 - q0) * 1000 < (int64_t)calibrate_ms * f.QuadPart);
    /* ticks per QPC tick times QPC's frequency; a double, as dt * f overflows 64 bits for long spans */
    return (uint64_t)((double)(t1 - t0) * (double)f.QuadPart / (double)(q1 - q0) + 0.5);
}
