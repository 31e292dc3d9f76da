/* handlespy-hook.dll entry points. The injector loads the DLL with
 * LoadLibraryW, then runs hs_start in a second remote thread (never under the
 * loader lock) with the pipe name and options. */
#include "hs_hook.h"
#include "hs_start.h"
#include "hs_gui.h"
#include <stdio.h>
#include <string.h>

#define CHUNK (1u << 20)
#define BATCH_SLEEP_MS 2

static HANDLE g_pipe = INVALID_HANDLE_VALUE;
static uint8_t *g_chunk;
static volatile LONG g_stopping;
static volatile LONG g_park;          /* asks the writer to stop touching the ring */
static volatile LONG g_parked;        /* the writer's answer */

static int write_all(const uint8_t *p, uint32_t n)
{
    while (n) {
        DWORD done = 0;
        if (!WriteFile(g_pipe, p, n, &done, NULL) || !done) return 0;
        p += done;
        n -= done;
    }
    return 1;
}

static int drain(int at_exit)
{
    uint32_t n;
    if (!at_exit) hs_flush_dropped();
    while ((n = hs_ring_take(g_chunk, CHUNK, at_exit)) != 0)
        if (!write_all(g_chunk, n)) return 0;
    return 1;
}

static int detach_requested(void)
{
    DWORD avail = 0;
    if (!PeekNamedPipe(g_pipe, NULL, 0, NULL, &avail, NULL)) return 1;
    return avail > 0;
}

/* Hooks go dormant (removed), the rest of the ring is sent, the pipe closes:
 * the injector reads end of stream and writes GOODBYE. The DLL stays loaded
 * because a thread may still be returning through a hook or trampoline. */
static void stop(int pipe_ok)
{
    hs_record_set_active(0);
    hs_engine_commit(0);
    hs_gui_commit(0);
    hs_modules_stop();
    if (pipe_ok) drain(0);
    CloseHandle(g_pipe);
    g_pipe = INVALID_HANDLE_VALUE;
}

static DWORD WINAPI writer(LPVOID arg)
{
    (void)arg;
    hs_guard_set_permanent();
    /* Drains in batches every few milliseconds rather than whenever a frame
     * arrives: the hooks then rarely meet the writer on the ring's lock. */
    for (;;) {
        if (g_stopping) return 0;
        if (g_park) {
            InterlockedExchange(&g_parked, 1);
            for (;;) Sleep(1000);
        }
        if (!drain(0)) { stop(0); return 0; }
        if (detach_requested()) { stop(1); return 0; }
        Sleep(BATCH_SLEEP_MS);
    }
}

/* Called by the exiting thread before the other threads are killed: parks
 * the writer between two writes, then sends the rest of the ring itself. */
void hs_flush_before_exit(void)
{
    if (g_pipe == INVALID_HANDLE_VALUE || !hs_guard_enter()) return;
    InterlockedExchange(&g_park, 1);
    for (int i = 0; i < 2000 && !g_parked; i++) Sleep(1);
    if (g_parked) drain(0);
    hs_guard_leave();
}

/* The app and the tests wait for this note: from here on every create is seen. */
static void announce(DWORD suspended, int64_t qpc_ticks)
{
    char text[160];
    unsigned hooked = 0;
    LARGE_INTEGER f;
    QueryPerformanceFrequency(&f);
    for (unsigned i = 0; i < hs_desc_count; i++) hooked += hs_descs[i].hookable;
    snprintf(text, sizeof text, "hooks installed: %u functions, %lu threads suspended, %llu us", hooked,
             (unsigned long)suspended, (unsigned long long)((uint64_t)qpc_ticks * 1000000u / (uint64_t)f.QuadPart));
    hs_emit_note(HS_NOTE_INFO, text);
}

__declspec(dllexport) DWORD WINAPI hs_start(LPVOID param)
{
    const hs_start_params *p = param;
    hs_config cfg = { (int)(p->flags & HS_START_DROP), (int)(p->flags & HS_START_CLOSE_STACKS), 62 };
    if (g_pipe != INVALID_HANDLE_VALUE) return ERROR_ALREADY_INITIALIZED;
    if (hs_record_init(&cfg)) return ERROR_NOT_ENOUGH_MEMORY;
    hs_guard_set_permanent();
    g_chunk = VirtualAlloc(NULL, CHUNK, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!g_chunk) return ERROR_NOT_ENOUGH_MEMORY;
    g_pipe = CreateFileW(p->pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                         SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, NULL);
    if (g_pipe == INVALID_HANDLE_VALUE) return GetLastError();
    hs_record_set_active(1);
    hs_modules_start();
    if (hs_engine_prepare()) return ERROR_NOT_ENOUGH_MEMORY;
    hs_gui_prepare();
    /* a duration for the note, not an event time: QPC, whose frequency needs no calibration */
    LARGE_INTEGER t0, t1;
    QueryPerformanceCounter(&t0);
    DWORD suspended = hs_engine_commit(1);
    hs_gui_commit(1);
    QueryPerformanceCounter(&t1);
    announce(suspended, t1.QuadPart - t0.QuadPart);
    HANDLE t = CreateThread(NULL, 0, writer, NULL, 0, NULL);
    if (!t) {
        hs_engine_commit(0);
        return GetLastError();
    }
    CloseHandle(t);
    return 0;
}

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved)
{
    (void)self;
    if (reason == DLL_THREAD_DETACH) hs_gui_thread_exit();
    /* Process exit: the writer thread is gone; send what is buffered so the
     * events of the last moments are not lost. */
    if (reason == DLL_PROCESS_DETACH && reserved && g_pipe != INVALID_HANDLE_VALUE) {
        hs_guard_set_permanent();
        hs_record_set_active(0);
        g_stopping = 1;
        drain(1);
    }
    return TRUE;
}
