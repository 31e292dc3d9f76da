/* Closes the recording must not get wrong: a close that fails (the handle is
 * protected from close) closes nothing; and a handle closed by
 * DUPLICATE_CLOSE_SOURCE on one thread, whose value the kernel hands to a
 * create on another thread at once, must be closed before that create.
 *
 * usage: win-closes.exe   prints "last error kept" (or "changed": a
 * DuplicateHandle that succeeded changed it) and "closes done", exits 6.
 * Leaks exactly 2
 * events from leak_protected_events and 400 from leak_racing_events. */
#include <windows.h>
#include <stdio.h>

#define NOINLINE __declspec(noinline)
#define RACING 400

static volatile LONG g_stop;

NOINLINE void leak_protected_events(int n)
{
    for (int i = 0; i < n; i++) {
        HANDLE e = CreateEventW(NULL, TRUE, FALSE, NULL);
        SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
        if (CloseHandle(e)) printf("a protected handle was closed\n");
    }
}

/* Hands its events' values back to the kernel through DUPLICATE_CLOSE_SOURCE, all the time. */
static DWORD WINAPI churn_close_source(LPVOID arg)
{
    HANDLE self = GetCurrentProcess(), copy;
    (void)arg;
    while (!g_stop) {
        HANDLE e = CreateEventW(NULL, TRUE, FALSE, NULL);
        if (DuplicateHandle(self, e, self, &copy, 0, FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE))
            CloseHandle(copy);
    }
    return 0;
}

NOINLINE void leak_racing_events(int n)
{
    for (int i = 0; i < n; i++) CreateEventW(NULL, TRUE, FALSE, NULL);
}

/* A successful DuplicateHandle leaves the last error as it was, also when the
 * process handles it gets cannot be queried (the agent asks whose they are). */
static int duplicate_keeps_last_error(void)
{
    HANDLE self = OpenProcess(PROCESS_DUP_HANDLE, FALSE, GetCurrentProcessId()), copy;
    HANDLE e = CreateEventW(NULL, TRUE, FALSE, NULL);
    SetLastError(ERROR_INVALID_DATA);
    BOOL ok = DuplicateHandle(self, e, self, &copy, 0, FALSE, DUPLICATE_SAME_ACCESS);
    int kept = ok && GetLastError() == ERROR_INVALID_DATA;
    if (ok) CloseHandle(copy);
    CloseHandle(e);
    CloseHandle(self);
    return kept;
}

int wmain(void)
{
    printf("last error %s\n", duplicate_keeps_last_error() ? "kept" : "changed");
    leak_protected_events(2);
    HANDLE t = CreateThread(NULL, 0, churn_close_source, NULL, 0, NULL);
    if (!t) return 1;
    leak_racing_events(RACING);
    InterlockedExchange(&g_stop, 1);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    printf("closes done\n");
    fflush(stdout);
    return 6;
}
