/* ps: one tab-separated line per process: pid, arch, user, handle count
 * (-1 when the OS does not tell, as under Wine), name, command line. */
#include "injector.h"
#include <winternl.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROCESS_COMMAND_LINE_INFORMATION 60

typedef NTSTATUS (NTAPI *query_process_fn)(HANDLE, ULONG, PVOID, ULONG, PULONG);

static const char *arch_of(HANDLE p)
{
    BOOL wow = FALSE;
    SYSTEM_INFO si;
    GetNativeSystemInfo(&si);
    if (si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_INTEL) return "x86";
    if (p && IsWow64Process(p, &wow) && wow) return "x86";
    return "x64";
}

static void user_of(HANDLE p, char *out, size_t cap)
{
    HANDLE token;
    uint8_t buf[256];
    DWORD len;
    wchar_t name[128], domain[128];
    DWORD nl = 128, dl = 128;
    SID_NAME_USE use;
    snprintf(out, cap, "?");
    if (!p || !OpenProcessToken(p, TOKEN_QUERY, &token)) return;
    if (GetTokenInformation(token, TokenUser, buf, sizeof buf, &len)
        && LookupAccountSidW(NULL, ((TOKEN_USER *)buf)->User.Sid, name, &nl, domain, &dl, &use)) {
        char *n = utf8_of(name);
        snprintf(out, cap, "%s", n);
        free(n);
    }
    CloseHandle(token);
}

/* Reads RTL_USER_PROCESS_PARAMETERS.CommandLine through the PEB, for systems
 * without ProcessCommandLineInformation (Wine, Windows before 8.1). Same
 * bitness only: the layouts differ between a 64-bit helper and a WOW64 target. */
static wchar_t *command_line_from_peb(HANDLE p, query_process_fn query)
{
    PROCESS_BASIC_INFORMATION pbi;
    PEB peb;
    RTL_USER_PROCESS_PARAMETERS params;
    BOOL self_wow = FALSE, wow = FALSE;
    IsWow64Process(GetCurrentProcess(), &self_wow);
    if (!IsWow64Process(p, &wow) || wow != self_wow) return NULL;
    if (query(p, ProcessBasicInformation, &pbi, sizeof pbi, NULL) < 0 || !pbi.PebBaseAddress) return NULL;
    if (!ReadProcessMemory(p, pbi.PebBaseAddress, &peb, sizeof peb, NULL) || !peb.ProcessParameters) return NULL;
    if (!ReadProcessMemory(p, peb.ProcessParameters, &params, sizeof params, NULL)) return NULL;
    wchar_t *w = calloc(params.CommandLine.Length / 2 + 1, sizeof(wchar_t));
    if (w && !ReadProcessMemory(p, params.CommandLine.Buffer, w, params.CommandLine.Length, NULL)) {
        free(w);
        return NULL;
    }
    return w;
}

static char *command_line_of(HANDLE p, query_process_fn query)
{
    union { UNICODE_STRING us; uint8_t raw[65536]; } *buf = malloc(sizeof *buf);
    ULONG got = 0;
    char *s = NULL;
    if (buf && p && query && query(p, PROCESS_COMMAND_LINE_INFORMATION, buf, sizeof *buf, &got) >= 0 && buf->us.Buffer) {
        wchar_t *w = calloc(buf->us.Length / 2 + 1, sizeof(wchar_t));
        if (w) {
            memcpy(w, buf->us.Buffer, buf->us.Length);
            for (wchar_t *c = w; *c; c++) if (*c == L'\t' || *c == L'\n' || *c == L'\r') *c = L' ';
            s = utf8_of(w);
            free(w);
        }
    }
    free(buf);
    if (!s && p && query) {
        wchar_t *w = command_line_from_peb(p, query);
        if (w) {
            for (wchar_t *c = w; *c; c++) if (*c == L'\t' || *c == L'\n' || *c == L'\r') *c = L' ';
            s = utf8_of(w);
            free(w);
        }
    }
    return s;
}

int cmd_ps(void)
{
    query_process_fn query = (query_process_fn)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtQueryInformationProcess");
    enable_debug_privilege();   /* elevated, services' handle counts and command lines become readable */
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    PROCESSENTRY32W pe;
    if (snap == INVALID_HANDLE_VALUE) die(EXIT_FAILED, "cannot list processes: %s", win32_text(GetLastError()));
    pe.dwSize = sizeof pe;
    for (BOOL ok = Process32FirstW(snap, &pe); ok; ok = Process32NextW(snap, &pe)) {
        if (!pe.th32ProcessID) continue;
        HANDLE p = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, pe.th32ProcessID);
        if (!p) p = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pe.th32ProcessID);
        char user[128];
        user_of(p, user, sizeof user);
        uint32_t count = p ? os_handle_count(p) : HS_COUNT_UNAVAILABLE;
        char *name = utf8_of(pe.szExeFile);
        char *cmd = command_line_of(p, query);
        printf("%lu\t%s\t%s\t%lld\t%s\t%s\n", (unsigned long)pe.th32ProcessID, arch_of(p), user,
               count == HS_COUNT_UNAVAILABLE ? -1LL : (long long)count, name, cmd ? cmd : name);
        free(name);
        free(cmd);
        if (p) CloseHandle(p);
    }
    CloseHandle(snap);
    fflush(stdout);
    return EXIT_OK;
}
