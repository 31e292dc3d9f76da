/* The one clock of a Windows recording, shared by the hook DLL (event times)
 * and the injector (HELLO anchor, SNAPSHOT, SAMPLE, GOODBYE): both compile
 * hs_clock.c, so both take the same decision from the same CPUID bit.
 *
 * With an invariant TSC (CPUID 0x80000007 EDX bit 8) ticks are the TSC, as
 * Windows' own user-mode QPC reads it on such machines; reading it directly
 * skips QPC's call, which under Wine is a trip into its Unix side costing a
 * few hundred ns per event. Without one, ticks are QueryPerformanceCounter. */
#ifndef HS_CLOCK_H
#define HS_CLOCK_H

#include <stdint.h>
#include <windows.h>
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <x86intrin.h>
#endif

/* 1 once hs_clock_init found an invariant TSC; read on every event, so a plain int. */
extern int hs_clock_tsc;

/* Takes the decision; call once before the first hs_clock_now. */
void hs_clock_init(void);

static inline uint64_t hs_clock_now(void)
{
    if (hs_clock_tsc) return __rdtsc();
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (uint64_t)t.QuadPart;
}

/* Ticks per second of hs_clock_now. With the TSC it is measured against QPC
 * over `calibrate_ms`, so only the injector calls it, once, for HELLO. */
uint64_t hs_clock_frequency(DWORD calibrate_ms);

#endif
