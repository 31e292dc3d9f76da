/* Four threads create and close events as fast as they can while a fifth
 * leaks exactly LEAKS of them; prints a fixed line and exits 7.
 * usage: win-churn.exe [ITERATIONS] [--hold PATH] [--go PATH] */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define CHURNERS 4
#define LEAKS 25

static volatile LONG g_iterations = 2000;

static DWORD WINAPI churn(LPVOID arg)
{
    (void)arg;
    for (LONG i = 0; i < g_iterations; i++) CloseHandle(CreateEventW(NULL, FALSE, FALSE, NULL));
    return 0;
}

__declspec(noinline) static DWORD WINAPI leak_while_others_churn(LPVOID arg)
{
    (void)arg;
    for (int i = 0; i < LEAKS; i++) {
        CreateEventW(NULL, FALSE, FALSE, NULL);
        Sleep(1);
    }
    return 0;
}

static void wait_for(const wchar_t *path)
{
    while (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) Sleep(20);
}

int wmain(int argc, wchar_t **argv)
{
    const wchar_t *hold = NULL, *go = NULL;
    for (int i = 1; i < argc; i++) {
        if (!wcscmp(argv[i], L"--hold") && i + 1 < argc) hold = argv[++i];
        else if (!wcscmp(argv[i], L"--go") && i + 1 < argc) go = argv[++i];
        else g_iterations = wcstol(argv[i], NULL, 10);
    }
    printf("pid %lu\n", (unsigned long)GetCurrentProcessId());
    fflush(stdout);
    if (go) wait_for(go);
    HANDLE t[CHURNERS + 1];
    for (int i = 0; i < CHURNERS; i++) t[i] = CreateThread(NULL, 0, churn, NULL, 0, NULL);
    t[CHURNERS] = CreateThread(NULL, 0, leak_while_others_churn, NULL, 0, NULL);
    WaitForMultipleObjects(CHURNERS + 1, t, TRUE, INFINITE);
    for (int i = 0; i <= CHURNERS; i++) CloseHandle(t[i]);
    printf("churned %d x %ld, leaked %d\n", CHURNERS, (long)g_iterations, LEAKS);
    fflush(stdout);
    if (hold) {
        printf("holding\n");
        fflush(stdout);
        wait_for(hold);
        /* still alive and working after the profiler left */
        CloseHandle(CreateEventW(NULL, FALSE, FALSE, NULL));
        printf("released\n");
    }
    return 7;
}
