/* The hook DLL's own recording code, linked from its sources, under the
 * suspension a debugger, a dump writer or the Go runtime's preemption does:
 * a producer thread records creates as fast as it can (the ring's lock is
 * held much of the time), a reader drains the ring like the DLL's writer,
 * and the main thread suspends the producer again and again and records a
 * create of its own each time it is suspended. A hook that waits without
 * end for a lock the suspended producer holds hangs here.
 *
 * usage: win-hook-lock.exe [STALLS]
 *   runs until STALLS rounds (default 3) found the producer suspended holding
 *   the lock (the main thread's create then waited 50 ms or more), at most
 *   5000 rounds; prints "rounds R emitted E stalled S" and exits 0. */
#include "hs_hook.h"
#include <stdio.h>
#include <string.h>

static volatile LONG g_stop;
static volatile LONG64 g_emitted;
static hs_desc *g_event;

/* A create as NtCreateEvent's hook sees it after the call: handle out, no name. */
static void record_create(HANDLE *out)
{
    ULONG_PTR args[HS_MAX_ARGS] = { (ULONG_PTR)out, EVENT_ALL_ACCESS, 0 };
    hs_after_create(g_event, args);
}

static DWORD WINAPI produce(LPVOID arg)
{
    HANDLE h = (HANDLE)(ULONG_PTR)0x1000;
    (void)arg;
    while (!g_stop) {
        record_create(&h);
        InterlockedIncrement64(&g_emitted);
    }
    return 0;
}

static DWORD WINAPI drain(LPVOID arg)
{
    static uint8_t chunk[1 << 20];
    (void)arg;
    hs_guard_set_permanent();
    while (!g_stop) if (!hs_ring_take(chunk, sizeof chunk, 0)) Sleep(1);
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    int wanted = argc > 1 ? _wtoi(argv[1]) : 3;
    hs_config cfg = { 0, 0, 62 };
    if (hs_record_init(&cfg)) return 1;
    hs_hooks_bind();
    for (unsigned i = 0; i < hs_desc_count; i++)
        if (!strcmp(hs_descs[i].name, "NtCreateEvent")) g_event = &hs_descs[i];
    hs_record_set_active(1);
    HANDLE reader = CreateThread(NULL, 0, drain, NULL, 0, NULL);
    HANDLE producer = CreateThread(NULL, 0, produce, NULL, 0, NULL);
    if (!g_event || !reader || !producer) return 1;
    HANDLE mine = (HANDLE)(ULONG_PTR)0x2000;
    int r = 0, stalled = 0;
    for (; r < 5000 && stalled < wanted; r++) {
        CONTEXT ctx;
        Sleep(1);
        if (SuspendThread(producer) == (DWORD)-1) return 2;
        /* SuspendThread only asks; GetThreadContext returns once the thread has stopped */
        ctx.ContextFlags = CONTEXT_CONTROL;
        GetThreadContext(producer, &ctx);
        ULONGLONG t0 = GetTickCount64();
        record_create(&mine);
        if (GetTickCount64() - t0 >= 50) stalled++;
        ResumeThread(producer);
    }
    InterlockedExchange(&g_stop, 1);
    WaitForSingleObject(producer, INFINITE);
    WaitForSingleObject(reader, INFINITE);
    printf("rounds %d emitted %lld stalled %d\n", r, (long long)g_emitted, stalled);
    fflush(stdout);
    return 0;
}
