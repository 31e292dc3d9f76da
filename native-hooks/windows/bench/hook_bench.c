/* Benchmarks of the hook DLL's own code, linked from the same sources:
 *   1. bookkeeping per event (guard, name, type, stack dedup, ring), in TSC
 *      cycles and ns, no system call: with a stack less the walk itself (timed
 *      inside each call), and with stacks off;
 *   2. hook installation (one transaction) with 50 other threads running;
 *   3. lossless throughput: events produced by 4 threads through the ring,
 *      the writer thread and the named pipe to a reader that counts them.
 * usage: handlespy-hook-bench.exe [EVENTS]   (prints one "name value unit" per line) */
#include "hs_hook.h"
#include "hs_start.h"
#include "hs_clock.h"
#include <intrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

DWORD WINAPI hs_start(LPVOID param);

#define OTHER_THREADS 50
#define PRODUCERS 4

static volatile LONG g_stop;
static double g_ns_per_tick;

static void calibrate(void)
{
    LARGE_INTEGER f, a, b;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&a);
    uint64_t t0 = __rdtsc();
    Sleep(300);
    uint64_t t1 = __rdtsc();
    QueryPerformanceCounter(&b);
    double ns = (double)(b.QuadPart - a.QuadPart) * 1e9 / (double)f.QuadPart;
    g_ns_per_tick = ns / (double)(t1 - t0);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static hs_desc *find(const char *name)
{
    for (unsigned i = 0; i < hs_desc_count; i++)
        if (!strcmp(hs_descs[i].name, name)) return &hs_descs[i];
    return NULL;
}

/* A named create as NtCreateEvent sees it: handle out, object attributes with a name. */
static UNICODE_STRING g_name = { 22, 24, L"BenchEvent1" };
static OBJECT_ATTRIBUTES g_attrs = { .Length = sizeof(OBJECT_ATTRIBUTES), .ObjectName = &g_name };

static __declspec(noinline) void one_create(hs_desc *d, HANDLE *h)
{
    ULONG_PTR args[HS_MAX_ARGS] = { (ULONG_PTR)h, EVENT_ALL_ACCESS, (ULONG_PTR)&g_attrs };
    hs_after_create(d, args);
}

extern uint64_t hs_bench_walk_cycles; /* record.c, built with HS_BENCH */
#if defined(__x86_64__)
extern int hs_bench_stack_memo;        /* stackwalk.c (x64), built with HS_BENCH */
#endif

/* Median cycles of one batch of `per` calls, over `rounds` batches; with
 * `beyond_walk`, less the time the hooks spent in their own stack walks. */
static double median_cycles(hs_desc *d, int rounds, int per, int stack_only, int beyond_walk)
{
    uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)rounds);
    HANDLE h = (HANDLE)(ULONG_PTR)0x1000;
    void *frames[62];
    for (int r = 0; r < rounds; r++) {
        hs_bench_walk_cycles = 0;
        uint64_t t0 = __rdtsc();
        for (int i = 0; i < per; i++) {
            if (stack_only) RtlCaptureStackBackTrace(1, 62, frames, NULL);
            else one_create(d, &h);
        }
        samples[r] = __rdtsc() - t0 - (beyond_walk ? hs_bench_walk_cycles : 0);
    }
    qsort(samples, (size_t)rounds, sizeof *samples, cmp_u64);
    double m = (double)samples[rounds / 2] / per;
    free(samples);
    return m;
}

static DWORD WINAPI discard_ring(LPVOID arg)
{
    uint8_t *buf = arg;
    hs_guard_set_permanent();
    while (!g_stop) {
        hs_ring_take(buf, 1 << 20, 0);
        Sleep(2);   /* batches, like the writer thread in dllmain.c */
    }
    return 0;
}

static DWORD WINAPI idle_thread(LPVOID arg)
{
    (void)arg;
    while (!g_stop) Sleep(1);
    return 0;
}

typedef struct producer { hs_desc *d; long count; } producer;

static DWORD WINAPI produce(LPVOID arg)
{
    producer *p = arg;
    HANDLE h = (HANDLE)(ULONG_PTR)(0x2000 + 4 * GetCurrentThreadId());
    for (long i = 0; i < p->count; i++) one_create(p->d, &h);
    return 0;
}

/* Counts CREATE frames arriving on the pipe until `want` came or the pipe ends. */
typedef struct reader { HANDLE pipe; long want; long creates; long dropped; } reader;

static DWORD WINAPI read_pipe(LPVOID arg)
{
    reader *r = arg;
    static uint8_t buf[1 << 20];
    uint32_t have = 0;
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(r->pipe, buf + have, sizeof buf - have, &got, NULL) || !got) return 0;
        have += got;
        uint32_t at = 0;
        while (have - at >= sizeof(hs_frame_header)) {
            hs_frame_header fh;
            memcpy(&fh, buf + at, sizeof fh);
            if (have - at < sizeof fh + fh.payload_size) break;
            if (fh.kind == HS_FRAME_CREATE) {
                /* the bench's own CreateThread calls are recorded too; count the events */
                hs_create c;
                memcpy(&c, buf + at + sizeof fh, sizeof c);
                if (c.type == HS_TYPE_EVENT) r->creates++;
            }
            if (fh.kind == HS_FRAME_DROPPED) {
                hs_dropped dr;
                memcpy(&dr, buf + at + sizeof fh, sizeof dr);
                r->dropped += (long)dr.count;
            }
            at += (uint32_t)sizeof fh + fh.payload_size;
        }
        memmove(buf, buf + at, have - at);
        have -= at;
        if (r->creates >= r->want) return 0;
    }
}

int main(int argc, char **argv)
{
    long events = argc > 1 ? atol(argv[1]) : 400000;
    hs_config cfg = { 0, 0, 62 };
    calibrate();
    printf("tsc_ns_per_cycle %.4f ns\n", g_ns_per_tick);

    /* 1 and 2 run on the recorder linked in; 3 uses hs_start like the injector does */
    if (hs_record_init(&cfg)) return 1;
    hs_hooks_bind();
    hs_desc *ev = find("NtCreateEvent");
    hs_record_set_active(1);
    uint8_t *sink = VirtualAlloc(NULL, 1 << 20, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    HANDLE drainer = CreateThread(NULL, 0, discard_ring, sink, 0, NULL);

    one_create(ev, &(HANDLE){ (HANDLE)(ULONG_PTR)0x1000 });   /* the stack is new only once */
    double full = median_cycles(ev, 201, 1000, 0, 0);
#if defined(__x86_64__)
    hs_bench_stack_memo = 0;
    double unmemoised = median_cycles(ev, 201, 1000, 0, 0);
    hs_bench_stack_memo = 1;
#endif
    double beyond = median_cycles(ev, 201, 1000, 0, 1);
    double stack = median_cycles(ev, 201, 1000, 1, 0);
    hs_record_set_stack_depth(0);
    double bookkeeping = median_cycles(ev, 201, 1000, 0, 0);
    hs_record_set_stack_depth(62);
    printf("hook_path_with_stack_cycles %.0f cycles\n", full);
    printf("hook_path_with_stack_ns %.1f ns\n", full * g_ns_per_tick);
#if defined(__x86_64__)
    printf("hook_path_with_stack_without_memo_ns %.1f ns (every call walks its stack)\n", unmemoised * g_ns_per_tick);
#endif
    printf("stack_walk_alone_ns %.1f ns\n", stack * g_ns_per_tick);
    printf("beyond_the_walk_with_stack_cycles %.0f cycles\n", beyond);
    printf("beyond_the_walk_with_stack_ns %.1f ns (each hooked call less its own stack walk)\n",
           beyond * g_ns_per_tick);
    printf("bookkeeping_without_stack_cycles %.0f cycles\n", bookkeeping);
    printf("bookkeeping_without_stack_ns %.1f ns\n", bookkeeping * g_ns_per_tick);
    uint64_t q0 = __rdtsc();
    for (int i = 0; i < 100000; i++) hs_now();
    printf("clock_is_tsc %d (1: invariant TSC, 0: QueryPerformanceCounter)\n", hs_clock_tsc);
    printf("clock_read_ns %.1f ns\n", (double)(__rdtsc() - q0) / 100000 * g_ns_per_tick);

    hs_record_set_active(0);
    HANDLE others[OTHER_THREADS];
    for (int i = 0; i < OTHER_THREADS; i++) others[i] = CreateThread(NULL, 0, idle_thread, NULL, 0, NULL);
    Sleep(100);
    if (hs_engine_prepare()) return 1;
    uint64_t t0 = __rdtsc();
    DWORD suspended;
    hs_engine_commit(1, &suspended);
    uint64_t t1 = __rdtsc();
    hs_engine_commit(0, NULL);
    uint64_t t2 = __rdtsc();
    printf("install_threads_suspended %lu threads\n", (unsigned long)suspended);
    printf("install_us %.1f us\n", (double)(t1 - t0) * g_ns_per_tick / 1000);
    printf("uninstall_us %.1f us\n", (double)(t2 - t1) * g_ns_per_tick / 1000);
    g_stop = 1;
    WaitForMultipleObjects(OTHER_THREADS, others, TRUE, INFINITE);
    WaitForSingleObject(drainer, INFINITE);
    while (hs_ring_take(sink, 1 << 20, 0)) {}

    /* 3: through hs_start's writer thread and a real named pipe */
    wchar_t name[128];
    swprintf(name, 128, L"\\\\.\\pipe\\handlespy-bench-%lu", (unsigned long)GetCurrentProcessId());
    HANDLE pipe = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT, 1, 1 << 20, 1 << 20, 0, NULL);
    hs_start_params params = { 0, {0} };
    wcscpy(params.pipe_name, name);
    /* hs_start calls hs_record_init again: the recorder is process-wide, fine for a bench */
    HANDLE client_start = CreateThread(NULL, 0, hs_start, &params, 0, NULL);
    ConnectNamedPipe(pipe, NULL);
    WaitForSingleObject(client_start, INFINITE);
    DWORD start_rc;
    GetExitCodeThread(client_start, &start_rc);
    if (start_rc) { printf("hs_start failed %lu\n", (unsigned long)start_rc); return 1; }
    reader rd = { pipe, events, 0, 0 };
    HANDLE rt = CreateThread(NULL, 0, read_pipe, &rd, 0, NULL);
    producer prod[PRODUCERS];
    HANDLE pt[PRODUCERS];
    uint64_t s0 = __rdtsc();
    for (int i = 0; i < PRODUCERS; i++) {
        prod[i].d = ev;
        prod[i].count = events / PRODUCERS;
        pt[i] = CreateThread(NULL, 0, produce, &prod[i], 0, NULL);
    }
    WaitForMultipleObjects(PRODUCERS, pt, TRUE, INFINITE);
    WaitForSingleObject(rt, 60000);
    uint64_t s1 = __rdtsc();
    double secs = (double)(s1 - s0) * g_ns_per_tick / 1e9;
    printf("relay_events %ld events\n", rd.creates);
    printf("relay_dropped %ld events\n", rd.dropped);
    printf("relay_events_per_second %.0f events/s\n", (double)rd.creates / secs);
    return rd.creates == events && rd.dropped == 0 ? 0 : 2;
}
