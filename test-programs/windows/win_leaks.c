/* Leaks known numbers of Windows handles from named functions, beside
 * balanced paths that close everything. The Wine tests attach to it or launch
 * it under handlespy-injector.exe and assert the exact counts per function.
 *
 * usage: win-leaks.exe [--go PATH] [--wait-hooked] [--hold PATH]
 *   prints "pid N"; with --go waits for PATH to exist before leaking, with
 *   --wait-hooked until a profiler has patched ntdll's NtCreateEvent; prints
 *   "leaked"; with --hold waits for PATH to exist, then prints "ntdll patched"
 *   or "ntdll original" (NtCreateEvent's stub); exits 3. */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#define NOINLINE __declspec(noinline)

static void wait_for(const wchar_t *path)
{
    while (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) Sleep(20);
}

/* A hooked stub no longer starts with the syscall stub's `mov r10, rcx`
 * (x64) or `mov eax, imm32` (x86). */
static void wait_hooked(void)
{
    const volatile unsigned char *stub =
        (const volatile unsigned char *)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtCreateEvent");
#if defined(_M_X64) || defined(__x86_64__)
    while (stub[0] == 0x4C) Sleep(20);
#else
    while (stub[0] == 0xB8) Sleep(20);
#endif
}

static int ntdll_patched(void)
{
    const unsigned char *stub = (const unsigned char *)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtCreateEvent");
#if defined(_M_X64) || defined(__x86_64__)
    return stub[0] != 0x4C;
#else
    return stub[0] != 0xB8;
#endif
}

static wchar_t g_temp[MAX_PATH];

static void temp_file(wchar_t *out, const wchar_t *tag, int i)
{
    swprintf(out, MAX_PATH, L"%lshandlespy-%lu-%ls-%d.tmp", g_temp, (unsigned long)GetCurrentProcessId(), tag, i);
}

static DWORD WINAPI quick_thread(LPVOID arg) { (void)arg; return 0; }

/* Library caches (the HKCU root key, Winsock's state) are filled here once, so
 * the functions below create only the handles they are about. */
NOINLINE static void warm_up(void)
{
    HKEY k;
    WSADATA wsa;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, L"Software", 0, KEY_READ, &k) == ERROR_SUCCESS) RegCloseKey(k);
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s != INVALID_SOCKET) closesocket(s);
    HANDLE t = CreateThread(NULL, 0, quick_thread, NULL, 0, NULL);
    if (t) { WaitForSingleObject(t, INFINITE); CloseHandle(t); }
    WIN32_FIND_DATAW fd;
    HANDLE f = FindFirstFileW(L"C:\\windows\\*", &fd);
    if (f != INVALID_HANDLE_VALUE) FindClose(f);
}

NOINLINE void leak_events(int n) { for (int i = 0; i < n; i++) CreateEventW(NULL, TRUE, FALSE, NULL); }
NOINLINE void leak_mutexes(int n) { for (int i = 0; i < n; i++) CreateMutexW(NULL, FALSE, NULL); }
NOINLINE void leak_semaphores(int n) { for (int i = 0; i < n; i++) CreateSemaphoreW(NULL, 0, 1, NULL); }

NOINLINE void leak_files(int n)
{
    wchar_t path[MAX_PATH];
    for (int i = 0; i < n; i++) {
        temp_file(path, L"leak", i);
        CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    }
}

NOINLINE void leak_keys(int n)
{
    HKEY k;
    for (int i = 0; i < n; i++) RegOpenKeyExW(HKEY_CURRENT_USER, L"Software", 0, KEY_READ, &k);
}

NOINLINE void leak_process_tokens(int n)
{
    HANDLE t;
    for (int i = 0; i < n; i++) OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &t);
}

NOINLINE void leak_duplicated_tokens(int n)
{
    HANDLE t, dup;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_DUPLICATE | TOKEN_QUERY, &t)) return;
    for (int i = 0; i < n; i++) DuplicateTokenEx(t, TOKEN_QUERY, NULL, SecurityImpersonation, TokenImpersonation, &dup);
    CloseHandle(t);
}

NOINLINE void leak_threads(int n)
{
    for (int i = 0; i < n; i++) {
        HANDLE t = CreateThread(NULL, 0, quick_thread, NULL, 0, NULL);
        WaitForSingleObject(t, INFINITE);
    }
}

NOINLINE void leak_process_handles(int n)
{
    for (int i = 0; i < n; i++) OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentProcessId());
}

/* CreateProcess returns a process and a thread handle: the thread one is
 * closed, the process one leaks. The child is this program with --child. */
NOINLINE void leak_child_processes(int n)
{
    wchar_t self[MAX_PATH], cmd[MAX_PATH + 16];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    for (int i = 0; i < n; i++) {
        STARTUPINFOW si = { .cb = sizeof si };
        PROCESS_INFORMATION pi;
        swprintf(cmd, sizeof cmd / sizeof cmd[0], L"\"%ls\" --child", self);
        if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) continue;
        WaitForSingleObject(pi.hProcess, INFINITE);
        CloseHandle(pi.hThread);
    }
}

NOINLINE void leak_sections(int n)
{
    for (int i = 0; i < n; i++) CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, NULL);
}

NOINLINE void leak_jobs(int n) { for (int i = 0; i < n; i++) CreateJobObjectW(NULL, NULL); }
NOINLINE void leak_completion_ports(int n)
{
    for (int i = 0; i < n; i++) CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
}
NOINLINE void leak_timers(int n) { for (int i = 0; i < n; i++) CreateWaitableTimerW(NULL, TRUE, NULL); }

NOINLINE void leak_find_handles(int n)
{
    WIN32_FIND_DATAW fd;
    for (int i = 0; i < n; i++) FindFirstFileW(L"C:\\windows\\*", &fd);
}

NOINLINE void leak_sockets(int n)
{
    for (int i = 0; i < n; i++) socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
}

/* The copies leak; the originals are closed. */
NOINLINE void leak_duplicates(int n)
{
    HANDLE e = CreateEventW(NULL, TRUE, FALSE, NULL), copy;
    for (int i = 0; i < n; i++)
        DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), &copy, 0, FALSE, DUPLICATE_SAME_ACCESS);
    CloseHandle(e);
}

/* DUPLICATE_CLOSE_SOURCE closes each original; each copy leaks. */
NOINLINE void leak_duplicates_closing_source(int n)
{
    HANDLE copy;
    for (int i = 0; i < n; i++) {
        HANDLE e = CreateEventW(NULL, TRUE, FALSE, NULL);
        DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), &copy, 0, FALSE,
                        DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE);
    }
}

/* 0 once a hooked call that succeeded changed the caller's last error. */
static int g_last_error_kept = 1;

NOINLINE void balanced_everything(int n)
{
    wchar_t path[MAX_PATH];
    WIN32_FIND_DATAW fd;
    HKEY k;
    HANDLE h, copy, proc = GetCurrentProcess();
    for (int i = 0; i < n; i++) {
        h = CreateEventW(NULL, TRUE, FALSE, NULL);
        SetLastError(ERROR_INVALID_DATA); /* a successful CloseHandle leaves it as it is */
        CloseHandle(h);
        if (GetLastError() != ERROR_INVALID_DATA) g_last_error_kept = 0;
        CloseHandle(CreateMutexW(NULL, FALSE, NULL));
        CloseHandle(CreateSemaphoreW(NULL, 0, 1, NULL));
        temp_file(path, L"balanced", i);
        CloseHandle(CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL));
        if (RegOpenKeyExW(HKEY_CURRENT_USER, L"Software", 0, KEY_READ, &k) == ERROR_SUCCESS) RegCloseKey(k);
        if (OpenProcessToken(proc, TOKEN_DUPLICATE | TOKEN_QUERY, &h)) {
            if (DuplicateTokenEx(h, TOKEN_QUERY, NULL, SecurityImpersonation, TokenImpersonation, &copy)) CloseHandle(copy);
            CloseHandle(h);
        }
        h = CreateThread(NULL, 0, quick_thread, NULL, 0, NULL);
        WaitForSingleObject(h, INFINITE);
        CloseHandle(h);
        CloseHandle(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentProcessId()));
        CloseHandle(CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, NULL));
        CloseHandle(CreateJobObjectW(NULL, NULL));
        CloseHandle(CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1));
        CloseHandle(CreateWaitableTimerW(NULL, TRUE, NULL));
        h = FindFirstFileW(L"C:\\windows\\*", &fd);
        if (h != INVALID_HANDLE_VALUE) FindClose(h);
        closesocket(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
        h = CreateEventW(NULL, TRUE, FALSE, NULL);
        DuplicateHandle(proc, h, proc, &copy, 0, FALSE, DUPLICATE_SAME_ACCESS);
        CloseHandle(copy);
        DuplicateHandle(proc, h, proc, &copy, 0, FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE);
        CloseHandle(copy);
    }
}

int wmain(int argc, wchar_t **argv)
{
    const wchar_t *go = NULL, *hold = NULL;
    int hooked = 0;
    for (int i = 1; i < argc; i++) {
        if (!wcscmp(argv[i], L"--go") && i + 1 < argc) go = argv[++i];
        else if (!wcscmp(argv[i], L"--hold") && i + 1 < argc) hold = argv[++i];
        else if (!wcscmp(argv[i], L"--wait-hooked")) hooked = 1;
        else if (!wcscmp(argv[i], L"--child")) return 0;
    }
    GetTempPathW(MAX_PATH, g_temp);
    printf("pid %lu\n", (unsigned long)GetCurrentProcessId());
    fflush(stdout);
    if (go) wait_for(go);
    if (hooked) wait_hooked();
    warm_up();
    leak_events(3);
    leak_mutexes(2);
    leak_semaphores(4);
    leak_files(2);
    leak_keys(3);
    leak_process_tokens(2);
    leak_duplicated_tokens(2);
    leak_threads(2);
    leak_process_handles(3);
    leak_child_processes(2);
    leak_sections(2);
    leak_jobs(1);
    leak_completion_ports(2);
    leak_timers(2);
    leak_find_handles(2);
    leak_sockets(2);
    leak_duplicates(3);
    leak_duplicates_closing_source(2);
    balanced_everything(3);
    if (!g_last_error_kept) {
        printf("a hooked call changed the caller's last error\n");
        return 4;
    }
    printf("leaked\n");
    fflush(stdout);
    if (hold) {
        wait_for(hold);
        printf("ntdll %s\n", ntdll_patched() ? "patched" : "original");
        fflush(stdout);
    }
    return 3;
}
