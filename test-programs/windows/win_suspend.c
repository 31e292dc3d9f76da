/* One thread creates and closes events without pause while the main thread,
 * like a debugger, a dump writer or the Go runtime's preemption, suspends it
 * again and again and makes hooked calls of its own while it is suspended.
 * A profiler whose hooks wait for a lock the suspended thread holds hangs it.
 *
 * usage: win-suspend.exe [ROUNDS]   prints "done N", exits 5. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static volatile LONG g_stop;

static DWORD WINAPI churn(LPVOID arg)
{
    (void)arg;
    while (!g_stop) CloseHandle(CreateEventW(NULL, TRUE, FALSE, NULL));
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    int rounds = argc > 1 ? _wtoi(argv[1]) : 3000;
    HANDLE worker = CreateThread(NULL, 0, churn, NULL, 0, NULL);
    if (!worker) return 1;
    int done = 0;
    for (; done < rounds; done++) {
        CONTEXT ctx;
        if (SuspendThread(worker) == (DWORD)-1) return 2;
        /* SuspendThread only asks; GetThreadContext returns once the thread has stopped */
        ctx.ContextFlags = CONTEXT_CONTROL;
        GetThreadContext(worker, &ctx);
        CloseHandle(CreateEventW(NULL, TRUE, FALSE, NULL));
        ResumeThread(worker);
    }
    InterlockedExchange(&g_stop, 1);
    WaitForSingleObject(worker, INFINITE);
    CloseHandle(worker);
    printf("done %d\n", done);
    fflush(stdout);
    return 5;
}
