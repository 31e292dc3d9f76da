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
#define EXIT_WRITE_MS 5000            /* longest wait for the helper to take a write at exit, as long as lossless mode waits for room */
#define PARK_WAIT_MS 2000             /* longest wait at exit for the writer to step aside */

static HANDLE g_pipe = INVALID_HANDLE_VALUE;
static HANDLE g_written;              /* the overlapped writes' event, made once */
static volatile LONG g_started;       /* one start at a time, until its stop */
static uint8_t *g_chunk;
static volatile LONG g_stopping;
static volatile LONG g_park;          /* asks the writer to stop touching the ring */
static volatile LONG g_parked;        /* the writer's answer */

#define PARK_POLL_MS 5                /* how often a writer blocked on the pipe looks for a park request */

/* What the writer had taken from the ring but not yet sent when it parked:
 * the exiting thread sends it before the rest of the ring, so that a chunk in
 * flight is neither lost (it left the ring) nor cut in the middle of a frame. */
static const uint8_t *g_left;
static uint32_t g_left_len;

enum { WRITE_FAILED, WRITE_DONE, WRITE_PARKED };

/* Waits for the pending write; the writer thread (`parkable`) waits without
 * end but gives way to a park request, cancelling the write and keeping what
 * it did not send in g_left. */
static int wait_write(OVERLAPPED *ov, const uint8_t *p, uint32_t n, DWORD wait_ms, int parkable)
{
    DWORD done = 0;
    for (;;) {
        if (WaitForSingleObject(g_written, parkable ? PARK_POLL_MS : wait_ms) == WAIT_OBJECT_0) return WRITE_DONE;
        if (parkable && !g_park) continue;
        CancelIo(g_pipe);
        GetOverlappedResult(g_pipe, ov, &done, TRUE);
        if (!parkable) return WRITE_FAILED;
        g_left = p + done;
        g_left_len = n - done;
        return WRITE_PARKED;
    }
}

/* Writes through an overlapped handle so that a write can be given up on:
 * at process exit, under the loader lock, no write may block for ever on a
 * helper that stopped reading. */
static int write_all(const uint8_t *p, uint32_t n, DWORD wait_ms, int parkable)
{
    while (n) {
        OVERLAPPED ov;
        DWORD done = 0;
        memset(&ov, 0, sizeof ov);
        ov.hEvent = g_written;
        if (!WriteFile(g_pipe, p, n, NULL, &ov)) {
            if (GetLastError() != ERROR_IO_PENDING) return WRITE_FAILED;
            int waited = wait_write(&ov, p, n, wait_ms, parkable);
            if (waited != WRITE_DONE) return waited;
        }
        if (!GetOverlappedResult(g_pipe, &ov, &done, FALSE) || !done) return WRITE_FAILED;
        p += done;
        n -= done;
    }
    return WRITE_DONE;
}

/* Sends what the ring holds: the writer thread in chunks, parking between or
 * inside them when asked; at exit with bounded waits for the ring's lock and
 * for the pipe, after what the parked writer left. */
static int drain(int at_exit)
{
    uint32_t n;
    hs_flush_dropped();
    if (at_exit && g_left_len) {
        uint32_t left = g_left_len;
        g_left_len = 0;
        if (write_all(g_left, left, EXIT_WRITE_MS, 0) != WRITE_DONE) return WRITE_FAILED;
    }
    while ((n = hs_ring_take(g_chunk, CHUNK, at_exit)) != 0) {
        int written = write_all(g_chunk, n, at_exit ? EXIT_WRITE_MS : INFINITE, !at_exit);
        if (written != WRITE_DONE) return written;
        if (!at_exit && g_park) return WRITE_PARKED;
    }
    return WRITE_DONE;
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
    hs_engine_commit(0, NULL);
    hs_gui_commit(0);
    hs_modules_stop();
    if (pipe_ok) drain(0);
    CloseHandle(g_pipe);
    g_pipe = INVALID_HANDLE_VALUE;
    InterlockedExchange(&g_started, 0);
}

static DWORD WINAPI writer(LPVOID arg)
{
    (void)arg;
    hs_guard_set_permanent();
    /* Drains in batches every few milliseconds rather than whenever a frame
     * arrives: the hooks then rarely meet the writer on the ring's lock. */
    for (;;) {
        if (g_stopping) return 0;
        int drained = g_park ? WRITE_PARKED : drain(0);
        if (drained == WRITE_PARKED) {
            InterlockedExchange(&g_parked, 1);
            for (;;) Sleep(1000);
        }
        if (drained == WRITE_FAILED) { stop(0); return 0; }
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
    ULONGLONG end = GetTickCount64() + PARK_WAIT_MS;
    while (!g_parked && GetTickCount64() < end) Sleep(1);
    if (g_parked) drain(1);
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

/* Undoes a start that failed after the pipe was opened: the notes said so
 * far (which functions were not hooked) still go out. */
static void abandon(void)
{
    hs_record_set_active(0);
    hs_modules_stop();
    drain(1);
    CloseHandle(g_pipe);
    g_pipe = INVALID_HANDLE_VALUE;
}

static DWORD start(const hs_start_params *p)
{
    hs_config cfg = { (int)(p->flags & HS_START_DROP), (int)(p->flags & HS_START_CLOSE_STACKS), 62 };
    if (hs_record_init(&cfg)) return ERROR_NOT_ENOUGH_MEMORY;
    hs_guard_set_permanent();
    if (!g_chunk) g_chunk = VirtualAlloc(NULL, CHUNK, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!g_written) g_written = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!g_chunk || !g_written) return ERROR_NOT_ENOUGH_MEMORY;
    g_pipe = CreateFileW(p->pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                         FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, NULL);
    if (g_pipe == INVALID_HANDLE_VALUE) return GetLastError();
    hs_record_set_active(1);
    hs_modules_start();
    int prepared = hs_engine_prepare();
    if (prepared) {
        abandon();
        return prepared == HS_PREPARE_ALREADY_PATCHED ? HS_START_ALREADY_PATCHED : ERROR_NOT_ENOUGH_MEMORY;
    }
    hs_gui_prepare();
    /* a duration for the note, not an event time: QPC, whose frequency needs no calibration */
    LARGE_INTEGER t0, t1;
    DWORD suspended;
    QueryPerformanceCounter(&t0);
    DWORD rc = hs_engine_commit(1, &suspended);
    if (!rc) hs_gui_commit(1);
    QueryPerformanceCounter(&t1);
    if (rc) {
        abandon();
        return rc;
    }
    announce(suspended, t1.QuadPart - t0.QuadPart);
    HANDLE t = CreateThread(NULL, 0, writer, NULL, 0, NULL);
    if (!t) {
        rc = GetLastError();
        hs_engine_commit(0, NULL);
        hs_gui_commit(0);
        abandon();
        return rc;
    }
    CloseHandle(t);
    return 0;
}

/* One recording at a time: a second start, even racing the first, is
 * refused rather than allowed to patch over the first's hooks. */
__declspec(dllexport) DWORD WINAPI hs_start(LPVOID param)
{
    if (InterlockedCompareExchange(&g_started, 1, 0) != 0) return ERROR_ALREADY_INITIALIZED;
    DWORD rc = start(param);
    if (rc) InterlockedExchange(&g_started, 0);
    return rc;
}

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved)
{
    (void)self;
    if (reason == DLL_THREAD_DETACH) {
        hs_gui_thread_exit();
#if defined(_M_X64) || defined(__x86_64__)
        hs_stack_memo_thread_exit();
#endif
    }
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
