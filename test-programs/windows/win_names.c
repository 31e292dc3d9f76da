/* Leaks handles whose full names and token facts the Wine tests assert:
 * registry keys opened relative to HKLM and HKCU, named kernel objects, files
 * opened relative to a directory handle, duplicates of named objects, and
 * tokens of every type and impersonation level. Each leaking call sits alone
 * on a line marked "call:<function>", the line after it holding other code,
 * so a test can check that file:line names the call, not the line after it.
 * Built three ways: mingw GCC with DWARF 4 (win-names), DWARF 5 (GCC 12's
 * default, win-names-dwarf5), and clang + lld with a PDB (win-names-pdb).
 *
 * usage: win-names.exe DIR [--wait-hooked] [--hold]
 *   DIR: a Windows directory the files are created in. Opens the "before"
 *   handles, prints "pid N", with --wait-hooked waits until a profiler has
 *   patched ntdll's NtCreateEvent, leaks, prints
 *   "leaked", with --hold waits for DIR\release to exist, exits 5. */
#include <windows.h>
#include <winternl.h>
#include <stdio.h>
#include <wchar.h>

#define NOINLINE __declspec(noinline)

typedef NTSTATUS (NTAPI *create_file_fn)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK, PLARGE_INTEGER,
                                         ULONG, ULONG, ULONG, ULONG, PVOID, ULONG);

static volatile int g_sink;

static void wait_for(const wchar_t *path)
{
    while (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) Sleep(20);
}

/* A hooked x64 stub no longer starts with `mov r10, rcx`. */
static void wait_hooked(void)
{
    const volatile unsigned char *stub =
        (const volatile unsigned char *)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtCreateEvent");
    while (stub[0] == 0x4C) Sleep(20);
}

NOINLINE void leak_hklm_keys(int n)
{
    HKEY k;
    for (int i = 0; i < n; i++) {
        RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software\\Microsoft", 0, KEY_READ, &k); /* call:leak_hklm_keys */
        g_sink += i;
    }
}

NOINLINE void leak_hkcu_keys(int n)
{
    HKEY k;
    for (int i = 0; i < n; i++) {
        RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\HandleSpy Names", 0, NULL, 0, KEY_READ, NULL, &k, NULL); /* call:leak_hkcu_keys */
        g_sink += i;
    }
}

NOINLINE void leak_named_events(int n)
{
    for (int i = 0; i < n; i++) {
        CreateEventW(NULL, TRUE, FALSE, L"HandleSpyNames.Event"); /* call:leak_named_events */
        g_sink += i;
    }
}

NOINLINE void leak_global_mutex(void)
{
    CreateMutexW(NULL, FALSE, L"Global\\HandleSpyNames.Mutex"); /* call:leak_global_mutex */
    g_sink++;
}

/* NtCreateFile with a RootDirectory handle and a name relative to it. */
NOINLINE void leak_files_under_root(const wchar_t *dir, int n)
{
    create_file_fn create = (create_file_fn)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtCreateFile");
    HANDLE root = CreateFileW(dir, FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                              OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (root == INVALID_HANDLE_VALUE) return;
    for (int i = 0; i < n; i++) {
        wchar_t rel[32];
        swprintf(rel, 32, L"rooted-%d.tmp", i);
        UNICODE_STRING name = { (USHORT)(wcslen(rel) * 2), (USHORT)sizeof rel, rel };
        OBJECT_ATTRIBUTES oa;
        InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, root, NULL);
        IO_STATUS_BLOCK io;
        HANDLE f;
        create(&f, GENERIC_WRITE | SYNCHRONIZE, &oa, &io, NULL, 0, 0, FILE_OVERWRITE_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0); /* call:leak_files_under_root */
        g_sink += i;
    }
    CloseHandle(root);
}

/* The copies keep the name of the event they copy; the original is closed. */
NOINLINE void leak_named_duplicates(int n)
{
    HANDLE e = CreateEventW(NULL, TRUE, FALSE, L"HandleSpyNames.Copied"), copy;
    for (int i = 0; i < n; i++) {
        DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), &copy, 0, FALSE, DUPLICATE_SAME_ACCESS); /* call:leak_named_duplicates */
        g_sink += i;
    }
    CloseHandle(e);
}

NOINLINE void leak_process_tokens(int n)
{
    HANDLE t;
    for (int i = 0; i < n; i++) {
        OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &t); /* call:leak_process_tokens */
        g_sink += i;
    }
}

/* Without TOKEN_QUERY the agent asks through a copy that has it. */
NOINLINE void leak_unqueryable_token(void)
{
    HANDLE t;
    OpenProcessToken(GetCurrentProcess(), TOKEN_DUPLICATE, &t); /* call:leak_unqueryable_token */
    g_sink++;
}

NOINLINE void leak_token_duplicates(void)
{
    HANDLE t, dup;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_DUPLICATE | TOKEN_QUERY, &t)) return;
    DuplicateTokenEx(t, TOKEN_QUERY, NULL, SecurityIdentification, TokenImpersonation, &dup);
    DuplicateTokenEx(t, TOKEN_QUERY, NULL, SecurityImpersonation, TokenImpersonation, &dup);
    DuplicateTokenEx(t, TOKEN_QUERY, NULL, SecurityImpersonation, TokenImpersonation, &dup);
    DuplicateTokenEx(t, TOKEN_QUERY, NULL, SecurityDelegation, TokenImpersonation, &dup);
    DuplicateTokenEx(t, TOKEN_QUERY, NULL, SecurityAnonymous, TokenPrimary, &dup);
    CloseHandle(t);
}

/* DuplicateHandle of a token: the same token object, so the same facts. */
NOINLINE void leak_token_handle_copies(int n)
{
    HANDLE t, copy;
    if (!DuplicateTokenEx(GetCurrentProcessToken(), 0, NULL, SecurityDelegation, TokenImpersonation, &t)) {
        OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY | TOKEN_DUPLICATE, &t);
        DuplicateTokenEx(t, TOKEN_QUERY | TOKEN_DUPLICATE, NULL, SecurityDelegation, TokenImpersonation, &copy);
        CloseHandle(t);
        t = copy;
    }
    for (int i = 0; i < n; i++) {
        DuplicateHandle(GetCurrentProcess(), t, GetCurrentProcess(), &copy, 0, FALSE, DUPLICATE_SAME_ACCESS); /* call:leak_token_handle_copies */
        g_sink += i;
    }
    CloseHandle(t);
}

/* Wine's LogonUserW returns a made-up value (0xdeadbeef) without creating a
 * token, so under Wine nothing is recorded here; on Windows the logon needs a
 * real account. */
NOINLINE void leak_logon_user(void)
{
    HANDLE t = NULL;
    if (LogonUserW(L"handlespy", L".", L"no password", LOGON32_LOGON_NETWORK, LOGON32_PROVIDER_DEFAULT, &t))
        printf("logon user token %p\n", t);
    else
        printf("logon user failed %lu\n", GetLastError());
}

int wmain(int argc, wchar_t **argv)
{
    wchar_t release[MAX_PATH];
    int hold = 0, hooked = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: win-names.exe DIR [--wait-hooked] [--hold]\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        if (!wcscmp(argv[i], L"--wait-hooked")) hooked = 1;
        else if (!wcscmp(argv[i], L"--hold")) hold = 1;
    }
    swprintf(release, MAX_PATH, L"%ls\\release", argv[1]);
    HKEY before_key;
    HANDLE before_token;
    RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software", 0, KEY_READ, &before_key);
    CreateEventW(NULL, TRUE, FALSE, L"HandleSpyNames.Before");
    OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &before_token);
    printf("pid %lu\n", (unsigned long)GetCurrentProcessId());
    fflush(stdout);
    if (hooked) wait_hooked();
    leak_hklm_keys(2);
    leak_hkcu_keys(3);
    leak_named_events(2);
    leak_global_mutex();
    leak_files_under_root(argv[1], 2);
    leak_named_duplicates(2);
    leak_process_tokens(2);
    leak_unqueryable_token();
    leak_token_duplicates();
    leak_token_handle_copies(2);
    leak_logon_user();
    printf("leaked\n");
    fflush(stdout);
    if (hold) wait_for(release);
    return 5;
}
