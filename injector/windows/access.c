/* Reaching other users' processes: SeDebugPrivilege, the messages that say why a
 * target cannot be recorded (not elevated, protected, code-integrity policies),
 * and the event pipe's security, which admits the target whatever its account. */
#include "injector.h"
#include <sddl.h>
#include <wtsapi32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int enable_debug_privilege(void)
{
    HANDLE token;
    TOKEN_PRIVILEGES tp;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token)) return 0;
    tp.PrivilegeCount = 1;
    tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    int ok = LookupPrivilegeValueW(NULL, SE_DEBUG_NAME, &tp.Privileges[0].Luid)
          && AdjustTokenPrivileges(token, FALSE, &tp, sizeof tp, NULL, NULL)
          && GetLastError() != ERROR_NOT_ALL_ASSIGNED;   /* the call succeeds even when the token lacks it */
    CloseHandle(token);
    return ok;
}

static int elevated(void)
{
    HANDLE token;
    TOKEN_ELEVATION e = { 0 };
    DWORD len;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return 0;
    int ok = GetTokenInformation(token, TokenElevation, &e, sizeof e, &len) && e.TokenIsElevated;
    CloseHandle(token);
    return ok;
}

static void account_of_sid(PSID sid, char *out, size_t cap)
{
    wchar_t name[256], domain[256];
    DWORD nl = 256, dl = 256;
    SID_NAME_USE use;
    if (sid && LookupAccountSidW(NULL, sid, name, &nl, domain, &dl, &use)) {
        char *n = utf8_of(name), *d = utf8_of(domain);
        snprintf(out, cap, "%s%s%s", d, *d ? "\\" : "", n);
        free(n);
        free(d);
        return;
    }
    LPWSTR text;
    if (sid && ConvertSidToStringSidW(sid, &text)) {
        char *t = utf8_of(text);
        snprintf(out, cap, "%s", t);
        free(t);
        LocalFree(text);
        return;
    }
    snprintf(out, cap, "an unknown user");
}

/* The account a process runs as, without opening it: the terminal services list
 * carries every process's SID, readable by any user. */
static void owner_of(DWORD pid, char *out, size_t cap)
{
    WTS_PROCESS_INFOW *list = NULL;
    DWORD count = 0;
    snprintf(out, cap, "an unknown user");
    if (!WTSEnumerateProcessesW(WTS_CURRENT_SERVER_HANDLE, 0, 1, &list, &count)) return;
    for (DWORD i = 0; i < count; i++)
        if (list[i].ProcessId == pid) account_of_sid(list[i].pUserSid, out, cap);
    WTSFreeMemory(list);
}

void refuse_unopenable(DWORD pid, DWORD err)
{
    char owner[600];
    DWORD session = 0;
    if (err != ERROR_ACCESS_DENIED || !ProcessIdToSessionId(pid, &session))
        die(EXIT_NO_TARGET, "no process with id %lu (check `handlespy ps`)", (unsigned long)pid);
    owner_of(pid, owner, sizeof owner);
    if (!elevated())
        die(EXIT_NO_TARGET, "access denied opening process %lu (user %s, session %lu): run HandleSpy as administrator "
            "(\"Run as administrator\") to record services and other users' processes",
            (unsigned long)pid, owner, (unsigned long)session);
    die(EXIT_NO_TARGET, "access denied opening process %lu (user %s, session %lu) although HandleSpy is elevated; "
        "it may be a protected process, which no profiler can enter", (unsigned long)pid, owner, (unsigned long)session);
}

/* PROCESS_PROTECTION_LEVEL_INFORMATION and the mitigation policies, looked up at run
 * time: Windows 7 and Wine lack some of them, and then nothing is refused. */
typedef BOOL (WINAPI *get_process_information_fn)(HANDLE, int, void *, DWORD);
typedef BOOL (WINAPI *get_mitigation_fn)(HANDLE, PROCESS_MITIGATION_POLICY, void *, SIZE_T);
#define PROCESS_PROTECTION_LEVEL_INFO_CLASS 7   /* ProcessProtectionLevelInfo */
#define NO_PROTECTION 0xfffffffe                /* PROTECTION_LEVEL_NONE */

const char *unhookable_reason(HANDLE process, DWORD pid)
{
    static char why[400];
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    get_process_information_fn info = (get_process_information_fn)(void *)GetProcAddress(k32, "GetProcessInformation");
    get_mitigation_fn mitigation = (get_mitigation_fn)(void *)GetProcAddress(k32, "GetProcessMitigationPolicy");
    DWORD level = NO_PROTECTION;
    if (info && info(process, PROCESS_PROTECTION_LEVEL_INFO_CLASS, &level, sizeof level) && level != NO_PROTECTION)
        return snprintf(why, sizeof why, "process %lu is a protected process (PPL, level %lu): Windows lets no profiler "
            "load code into it, so HandleSpy cannot record it", (unsigned long)pid, (unsigned long)level), why;
    if (!mitigation) return NULL;
    PROCESS_MITIGATION_DYNAMIC_CODE_POLICY dynamic_code;
    memset(&dynamic_code, 0, sizeof dynamic_code);
    if (mitigation(process, ProcessDynamicCodePolicy, &dynamic_code, sizeof dynamic_code) && dynamic_code.ProhibitDynamicCode)
        return snprintf(why, sizeof why, "process %lu forbids dynamic code (Arbitrary Code Guard): its system-call "
            "stubs cannot be hooked, so HandleSpy cannot record it; turn the policy off in a test build to profile it",
            (unsigned long)pid), why;
    PROCESS_MITIGATION_BINARY_SIGNATURE_POLICY signature;
    memset(&signature, 0, sizeof signature);
    if (mitigation(process, ProcessSignaturePolicy, &signature, sizeof signature)
        && (signature.MicrosoftSignedOnly || signature.StoreSignedOnly))
        return snprintf(why, sizeof why, "process %lu loads only Microsoft-signed DLLs (Code Integrity Guard): "
            "HandleSpy's hook DLL cannot be loaded into it, so it cannot be recorded", (unsigned long)pid), why;
    return NULL;
}

/* The token user of a process, copied into `sid` (cap bytes); 0 when it cannot be read. */
static int user_sid(HANDLE process, uint8_t *sid, DWORD cap)
{
    HANDLE token;
    uint8_t buf[256];
    DWORD len;
    int ok = 0;
    if (!OpenProcessToken(process, TOKEN_QUERY, &token)) return 0;
    if (GetTokenInformation(token, TokenUser, buf, sizeof buf, &len))
        ok = CopySid(cap, sid, ((TOKEN_USER *)buf)->User.Sid);
    CloseHandle(token);
    return ok;
}

SECURITY_ATTRIBUTES *pipe_security(HANDLE target)
{
    static SECURITY_ATTRIBUTES sa;
    uint8_t self[SECURITY_MAX_SID_SIZE], other[SECURITY_MAX_SID_SIZE];
    LPWSTR self_text, other_text = NULL;
    wchar_t sddl[512];
    PSECURITY_DESCRIPTOR sd;
    if (!user_sid(GetCurrentProcess(), self, sizeof self) || !ConvertSidToStringSidW(self, &self_text))
        die(EXIT_FAILED, "cannot read the current user's SID: %s", win32_text(GetLastError()));
    /* A service or another user's process must be able to connect; the helper still
     * admits one client only, and checks it is the target. */
    if (user_sid(target, other, sizeof other) && !EqualSid(self, other)) ConvertSidToStringSidW(other, &other_text);
    if (other_text)
        swprintf(sddl, sizeof sddl / sizeof sddl[0], L"D:P(A;;GA;;;%ls)(A;;GRGW;;;%ls)", self_text, other_text);
    else
        swprintf(sddl, sizeof sddl / sizeof sddl[0], L"D:P(A;;GA;;;%ls)", self_text);
    LocalFree(self_text);
    if (other_text) LocalFree(other_text);
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL))
        die(EXIT_FAILED, "cannot build the pipe's security descriptor: %s", win32_text(GetLastError()));
    sa.nLength = sizeof sa;
    sa.lpSecurityDescriptor = sd;
    sa.bInheritHandle = FALSE;
    return &sa;
}
