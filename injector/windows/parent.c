/* Notices that the app which started the helper has gone (killed, crashed),
 * so the helper detaches and exits instead of holding the target hooked with
 * nobody reading. On Windows the app is the helper's parent process, whose
 * handle is signalled when it ends. Under Wine the app is a Linux process
 * that Windows calls cannot see; the helper's Linux parent id changes when
 * it dies (the orphan is adopted by init or a subreaper). */
#include "injector.h"
#include <tlhelp32.h>

static HANDLE g_parent;
static long g_linux_parent = -1;

/* Under Wine a Windows program runs as a Linux process of its own, and an
 * x86-64 `syscall` instruction in it goes straight to the Linux kernel (Wine
 * routes ntdll's own calls elsewhere): getppid (110) answers what no Windows
 * call can. Files would not do: Wine's wineserver opens them, so
 * /proc/self there is the wineserver. Only ever run under Wine. */
static long linux_parent(void)
{
#if defined(__x86_64__)
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(110L) : "rcx", "r11", "memory");
    return r;
#else
    return -1;
#endif
}

static int under_wine(void)
{
    return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != NULL;
}

void parent_watch_start(void)
{
    if (under_wine()) {
        g_linux_parent = linux_parent();
        return;
    }
    DWORD me = GetCurrentProcessId(), parent = 0;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    PROCESSENTRY32W pe;
    if (snap == INVALID_HANDLE_VALUE) return;
    pe.dwSize = sizeof pe;
    for (BOOL ok = Process32FirstW(snap, &pe); ok; ok = Process32NextW(snap, &pe))
        if (pe.th32ProcessID == me) parent = pe.th32ParentProcessID;
    CloseHandle(snap);
    /* a parent id may have been reused by an unrelated process since: only a
     * process older than the helper can be its parent */
    HANDLE h = parent ? OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, parent) : NULL;
    FILETIME created, mine, x1, x2, x3;
    if (h && GetProcessTimes(h, &created, &x1, &x2, &x3) && GetProcessTimes(GetCurrentProcess(), &mine, &x1, &x2, &x3)
        && CompareFileTime(&created, &mine) <= 0)
        g_parent = h;
    else if (h)
        CloseHandle(h);
}

int parent_gone(void)
{
    if (g_parent) return WaitForSingleObject(g_parent, 0) == WAIT_OBJECT_0;
    if (g_linux_parent > 0) return linux_parent() != g_linux_parent;
    return 0;
}
