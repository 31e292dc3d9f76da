/* attach / launch: inject the hook DLL, own the event pipe, relay frames. */
#include "injector.h"
#include "hs_start.h"
#include <sddl.h>
#include <tlhelp32.h>
#include <bcrypt.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <wchar.h>

#define SAMPLE_MS 100
#define READ_CHUNK (1u << 20)
#define RELAY_CAP (2 * READ_CHUNK + 64)   /* a partial frame (<= 8 + HS_MAX_PAYLOAD) plus one read */
#define REMOTE_TIMEOUT_MS 60000
#define EXIT_WAIT_MS 5000
#define CLOCK_CALIBRATION_MS 100        /* TSC against QPC, once, for HELLO */

#if defined(_M_X64) || defined(__x86_64__)
#define SELF_ARCH HS_ARCH_X64
#define OTHER_BUILD "the x86 build (target/native/windows-x86/handlespy-injector.exe)"
#else
#define SELF_ARCH HS_ARCH_X86
#define OTHER_BUILD "the x64 build (target/native/windows-x86_64/handlespy-injector.exe)"
#endif

typedef struct options {
    const wchar_t *output;
    const wchar_t *control;
    uint32_t flags;
    DWORD pid;
    int command_at;       /* launch: index of the first word after -- */
} options;

static volatile LONG g_interrupted;

static BOOL WINAPI on_ctrl(DWORD type)
{
    (void)type;
    InterlockedExchange(&g_interrupted, 1);
    return TRUE;
}

static void parse(int argc, wchar_t **argv, int launch, options *o)
{
    memset(o, 0, sizeof *o);
    int i = 2;
    if (!launch) {
        wchar_t *end;
        if (argc < 3) die(EXIT_USAGE, "usage: handlespy-injector attach PID [--output PATH] [--control PATH] [--drop] [--close-stacks]");
        o->pid = (DWORD)wcstoul(argv[2], &end, 10);
        if (*end || !o->pid) die(EXIT_USAGE, "attach needs a numeric process id, got \"%s\"", utf8_of(argv[2]));
        i = 3;
    }
    for (; i < argc; i++) {
        if (!wcscmp(argv[i], L"--output") && i + 1 < argc) o->output = argv[++i];
        else if (!wcscmp(argv[i], L"--control") && i + 1 < argc) o->control = argv[++i];
        else if (!wcscmp(argv[i], L"--drop")) o->flags |= HS_START_DROP;
        else if (!wcscmp(argv[i], L"--close-stacks")) o->flags |= HS_START_CLOSE_STACKS;
        else if (launch && !wcscmp(argv[i], L"--")) { o->command_at = i + 1; break; }
        else die(EXIT_USAGE, "unknown option \"%s\"", utf8_of(argv[i]));
    }
    if (launch && (!o->command_at || o->command_at >= argc))
        die(EXIT_USAGE, "usage: handlespy-injector launch [--output PATH] [--control PATH] [--drop] [--close-stacks] -- COMMAND [ARG...]");
}

/* Quotes one argument the way CommandLineToArgvW splits it back. */
static void append_arg(wchar_t *cmd, size_t cap, const wchar_t *arg)
{
    size_t n = wcslen(cmd);
    int quote = !*arg || wcspbrk(arg, L" \t\"") != NULL;
    if (n && n + 1 < cap) cmd[n++] = L' ';
    if (quote && n + 1 < cap) cmd[n++] = L'"';
    for (const wchar_t *p = arg; *p && n + 3 < cap; p++) {
        size_t slashes = 0;
        while (p[slashes] == L'\\') slashes++;
        if (slashes) {
            int before_quote = p[slashes] == L'"' || (!p[slashes] && quote);
            for (size_t k = 0; k < (before_quote ? 2 * slashes : slashes) && n + 2 < cap; k++) cmd[n++] = L'\\';
            p += slashes - 1;
            continue;
        }
        if (*p == L'"') cmd[n++] = L'\\';
        cmd[n++] = *p;
    }
    if (quote && n + 1 < cap) cmd[n++] = L'"';
    cmd[n] = 0;
}

static int same_bitness(HANDLE process)
{
    BOOL self_wow = FALSE, target_wow = FALSE;
    IsWow64Process(GetCurrentProcess(), &self_wow);
    if (!IsWow64Process(process, &target_wow)) return 1;
#if defined(_M_X64) || defined(__x86_64__)
    return !target_wow;
#else
    SYSTEM_INFO si;
    GetNativeSystemInfo(&si);
    /* an x86 helper on a 64-bit OS serves only WOW64 targets */
    return si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_INTEL || target_wow;
#endif
}

static void random_hex(wchar_t *out, size_t bytes)
{
    uint8_t r[32];
    if (bytes > sizeof r || BCryptGenRandom(NULL, r, (ULONG)bytes, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
        die(EXIT_FAILED, "could not get random bytes for the pipe name");
    for (size_t i = 0; i < bytes; i++) swprintf(out + 2 * i, 3, L"%02x", r[i]);
}

static HANDLE make_pipe(wchar_t *name, size_t cap, HANDLE process, DWORD pid)
{
    wchar_t rnd[65];
    random_hex(rnd, 16);
    swprintf(name, cap, L"\\\\.\\pipe\\handlespy-%lu-%ls", (unsigned long)pid, rnd);
    HANDLE p = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE | FILE_FLAG_OVERLAPPED,
                                PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1,
                                READ_CHUNK, READ_CHUNK, 0, pipe_security(process));
    if (p == INVALID_HANDLE_VALUE) die(EXIT_FAILED, "cannot create the event pipe: %s", win32_text(GetLastError()));
    return p;
}

static void send_hello(HANDLE process, DWORD pid)
{
    wchar_t image[MAX_PATH * 2];
    DWORD len = sizeof image / sizeof image[0];
    FILETIME ft;
    hs_hello h;
    memset(&h, 0, sizeof h);
    if (!QueryFullProcessImageNameW(process, 0, image, &len)) image[0] = 0;
    h.clock_frequency = hs_clock_frequency(CLOCK_CALIBRATION_MS);
    GetSystemTimePreciseAsFileTime(&ft);
    h.anchor_ticks = now_ticks();
    uint64_t t100 = ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    h.magic = HS_PROTOCOL_MAGIC;
    h.version = HS_PROTOCOL_VERSION;
    h.os = HS_OS_WINDOWS;
    h.arch = SELF_ARCH;
    h.pid = pid;
    h.anchor_unix_nanos = (int64_t)(t100 - 116444736000000000ull) * 100;
    char *path = utf8_of(image);
    if (!out_frame(HS_FRAME_HELLO, &h, sizeof h, NULL, 0, path, 1))
        die(EXIT_FAILED, "cannot write to the output: %s", win32_text(GetLastError()));
    free(path);
}

static void goodbye(uint16_t reason, const char *message)
{
    hs_goodbye g = { now_ticks(), reason };
    out_frame(HS_FRAME_GOODBYE, &g, sizeof g, NULL, 0, message, 1);
}

static uintptr_t remote_module_base(DWORD pid, const wchar_t *dll_name)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE | TH32CS_SNAPMODULE32, pid);
    MODULEENTRY32W me;
    uintptr_t base = 0;
    if (snap == INVALID_HANDLE_VALUE) return 0;
    me.dwSize = sizeof me;
    for (BOOL ok = Module32FirstW(snap, &me); ok; ok = Module32NextW(snap, &me))
        if (!_wcsicmp(me.szModule, dll_name)) base = (uintptr_t)me.modBaseAddr;
    CloseHandle(snap);
    return base;
}

static DWORD run_remote(HANDLE process, LPTHREAD_START_ROUTINE fn, void *arg, const char *what)
{
    HANDLE t = CreateRemoteThread(process, NULL, 0, fn, arg, 0, NULL);
    DWORD code = 0;
    if (!t) {
        DWORD e = GetLastError();
        if (e == ERROR_ACCESS_DENIED)
            die(EXIT_NO_TARGET, "access denied starting a thread in the target (it may be a protected process); run HandleSpy elevated");
        die(EXIT_FAILED, "cannot start a thread in the target to %s: %s", what, win32_text(e));
    }
    if (WaitForSingleObject(t, REMOTE_TIMEOUT_MS) != WAIT_OBJECT_0)
        die(EXIT_FAILED, "the target did not finish %s within %d s", what, REMOTE_TIMEOUT_MS / 1000);
    GetExitCodeThread(t, &code);
    CloseHandle(t);
    return code;
}

/* Loads the hook DLL into the target and starts it on the pipe. */
static void inject(HANDLE process, DWORD pid, const wchar_t *pipe_name, uint32_t flags)
{
    wchar_t dll[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, dll, MAX_PATH);
    wchar_t *slash = wcsrchr(dll, L'\\');
    if (!n || !slash) die(EXIT_FAILED, "cannot find the helper's own location");
    wcscpy(slash + 1, L"handlespy-hook.dll");
    if (GetFileAttributesW(dll) == INVALID_FILE_ATTRIBUTES)
        die(EXIT_FAILED, "handlespy-hook.dll is missing next to the helper (%s)", utf8_of(dll));
    HMODULE local = LoadLibraryExW(dll, NULL, DONT_RESOLVE_DLL_REFERENCES);
    if (!local) die(EXIT_FAILED, "handlespy-hook.dll cannot be loaded: %s", win32_text(GetLastError()));
    FARPROC start = GetProcAddress(local, "hs_start");
    if (!start) die(EXIT_FAILED, "handlespy-hook.dll has no hs_start export; it does not match this helper");
    uintptr_t start_rva = (uintptr_t)start - (uintptr_t)local;

    hs_start_params params;
    memset(&params, 0, sizeof params);
    params.flags = flags;
    wcsncpy(params.pipe_name, pipe_name, sizeof params.pipe_name / sizeof params.pipe_name[0] - 1);
    size_t dll_bytes = (wcslen(dll) + 1) * sizeof(wchar_t);
    uint8_t *remote = VirtualAllocEx(process, NULL, sizeof params + dll_bytes, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!remote) die(EXIT_FAILED, "cannot allocate memory in the target: %s", win32_text(GetLastError()));
    if (!WriteProcessMemory(process, remote, &params, sizeof params, NULL)
        || !WriteProcessMemory(process, remote + sizeof params, dll, dll_bytes, NULL))
        die(EXIT_FAILED, "cannot write into the target: %s", win32_text(GetLastError()));

    /* kernel32 is mapped at the same address in every process of one bitness */
    FARPROC load = GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "LoadLibraryW");
    if (!run_remote(process, (LPTHREAD_START_ROUTINE)(void *)load, remote + sizeof params, "load handlespy-hook.dll")) {
        DWORD exit_code;
        if (GetExitCodeProcess(process, &exit_code) && exit_code != STILL_ACTIVE)
            die(EXIT_FAILED, "the target exited during attach (exit code %lu)", (unsigned long)exit_code);
        die(EXIT_FAILED, "LoadLibrary of handlespy-hook.dll failed inside the target; check that the DLL and its dependencies are readable by the target's user");
    }
    uintptr_t base = remote_module_base(pid, L"handlespy-hook.dll");
    if (!base) die(EXIT_FAILED, "handlespy-hook.dll was loaded but is not in the target's module list");
    DWORD rc = run_remote(process, (LPTHREAD_START_ROUTINE)(base + start_rva), remote, "start the agent");
    if (rc == ERROR_ALREADY_INITIALIZED)
        die(EXIT_FAILED, "process %lu is already being recorded by another HandleSpy session; detach that one first", (unsigned long)pid);
    if (rc == HS_START_ALREADY_PATCHED)
        die(EXIT_FAILED, "ntdll in process %lu is already patched by another tool (or by HandleSpy from another location), so nothing was hooked; detach that tool first", (unsigned long)pid);
    if (rc) die(EXIT_FAILED, "the agent failed to start in the target: %s", win32_text(rc));
}

static HANDLE open_target(DWORD pid)
{
    DWORD access = PROCESS_CREATE_THREAD | PROCESS_QUERY_INFORMATION | PROCESS_VM_OPERATION | PROCESS_VM_WRITE
                 | PROCESS_VM_READ | PROCESS_DUP_HANDLE | SYNCHRONIZE;
    HANDLE h = OpenProcess(access, FALSE, pid);
    if (!h) refuse_unopenable(pid, GetLastError());
    return h;
}

/* Under Wine the app may name the program by its Linux path; Wine shows the
 * Linux root as drive Z:. A path that exists as given is left alone. */
static const wchar_t *program_path(const wchar_t *given)
{
    static wchar_t mapped[MAX_PATH * 2];
    if (given[0] != L'/' || GetFileAttributesW(given) != INVALID_FILE_ATTRIBUTES) return given;
    swprintf(mapped, sizeof mapped / sizeof mapped[0], L"Z:%ls", given);
    for (wchar_t *c = mapped; *c; c++) if (*c == L'/') *c = L'\\';
    return GetFileAttributesW(mapped) != INVALID_FILE_ATTRIBUTES ? mapped : given;
}

/* A launched target's stdout or stderr, read from a pipe and relayed as OUTPUT
 * frames when the frames own the helper's stdout. */
typedef struct console_relay {
    HANDLE read;
    HANDLE thread;
    uint16_t stream;
} console_relay;

#define CONSOLE_CHUNK 4096
#define CONSOLE_DRAIN_MS 2000   /* a grandchild may keep the pipe open after the target exits */

static DWORD WINAPI relay_console(void *arg)
{
    console_relay *c = arg;
    uint8_t buf[CONSOLE_CHUNK];
    DWORD got;
    while (ReadFile(c->read, buf, sizeof buf, &got, NULL) && got) {
        hs_output o = { now_ticks(), c->stream, 0 };
        if (!out_frame(HS_FRAME_OUTPUT, &o, sizeof o, buf, got, NULL, 0)) break;
    }
    return 0;
}

/* The inheritable write end the target gets; the read end stays with the helper. */
static HANDLE console_pipe(console_relay *c, uint16_t stream)
{
    SECURITY_ATTRIBUTES inherit = { sizeof inherit, NULL, TRUE };
    HANDLE write_end;
    if (!CreatePipe(&c->read, &write_end, &inherit, 0) || !SetHandleInformation(c->read, HANDLE_FLAG_INHERIT, 0))
        die(EXIT_FAILED, "cannot create a pipe for the target's output: %s", win32_text(GetLastError()));
    c->stream = stream;
    return write_end;
}

static void start_console_relays(console_relay *relays, int n)
{
    for (int i = 0; i < n; i++) {
        relays[i].thread = CreateThread(NULL, 0, relay_console, &relays[i], 0, NULL);
        if (!relays[i].thread) die(EXIT_FAILED, "cannot start relaying the target's output: %s", win32_text(GetLastError()));
    }
}

/* Waits, bounded, until the target's output has been relayed to its end. */
static void drain_console_relays(console_relay *relays, int n)
{
    ULONGLONG until = GetTickCount64() + CONSOLE_DRAIN_MS;
    for (int i = 0; i < n; i++) {
        ULONGLONG now = GetTickCount64();
        WaitForSingleObject(relays[i].thread, now < until ? (DWORD)(until - now) : 0);
    }
}

static HANDLE launch(int argc, wchar_t **argv, const options *o, DWORD *pid, HANDLE *main_thread,
                     console_relay *console)
{
    wchar_t *cmd = calloc(32768, sizeof(wchar_t));
    if (!cmd) die(EXIT_FAILED, "out of memory");
    for (int i = o->command_at; i < argc; i++) append_arg(cmd, 32768, i == o->command_at ? program_path(argv[i]) : argv[i]);
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    if (o->output) {
        si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
        si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    } else {
        /* frames own stdout: the target's output travels inside the stream */
        si.hStdOutput = console_pipe(&console[0], HS_OUTPUT_STDOUT);
        si.hStdError = console_pipe(&console[1], HS_OUTPUT_STDERR);
    }
    BOOL started = CreateProcessW(NULL, cmd, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si, &pi);
    DWORD e = GetLastError();
    if (!o->output) {
        CloseHandle(si.hStdOutput);
        CloseHandle(si.hStdError);
    }
    if (!started) {
        if (e == ERROR_BAD_EXE_FORMAT)
            die(EXIT_BITNESS, "%s is not a program this helper can start; a 32-bit program needs %s", utf8_of(argv[o->command_at]), OTHER_BUILD);
        die(EXIT_NO_TARGET, "cannot start %s: %s", utf8_of(argv[o->command_at]), win32_text(e));
    }
    free(cmd);
    *pid = pi.dwProcessId;
    *main_thread = pi.hThread;
    return pi.hProcess;
}

typedef struct relay {
    HANDLE pipe;
    HANDLE process;
    OVERLAPPED ov;
    uint8_t *buf;
    uint32_t have;
    int output_ok;
    int detach_sent;
    int orphaned;         /* the app that started the helper is gone */
} relay;

/* Writes the complete frames in the buffer as they came, in one write; keeps a partial tail. */
static void flush_frames(relay *r)
{
    uint32_t at = 0;
    while (r->have - at >= sizeof(hs_frame_header)) {
        hs_frame_header h;
        memcpy(&h, r->buf + at, sizeof h);
        uint32_t total = (uint32_t)sizeof h + h.payload_size;
        if (h.payload_size > HS_MAX_PAYLOAD) {
            /* not a frame: the stream from the agent is broken; stop relaying it */
            r->output_ok = 0;
            r->have = 0;
            return;
        }
        if (r->have - at < total) break;
        at += total;
    }
    if (at && r->output_ok && !out_raw(r->buf, at)) r->output_ok = 0;
    memmove(r->buf, r->buf + at, r->have - at);
    r->have -= at;
}

static void request_detach(relay *r)
{
    if (r->detach_sent) return;
    OVERLAPPED ov;
    DWORD done;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (WriteFile(r->pipe, "D", 1, NULL, &ov) || GetLastError() == ERROR_IO_PENDING)
        GetOverlappedResult(r->pipe, &ov, &done, TRUE);
    CloseHandle(ov.hEvent);
    r->detach_sent = 1;
}

/* Relays until the agent closes the pipe. Returns 1 when the app asked to detach. */
static int pump(relay *r, const options *o)
{
    ULONGLONG next_sample = GetTickCount64();
    int pending = 0;
    for (;;) {
        if (!pending) {
            ResetEvent(r->ov.hEvent);
            DWORD room = RELAY_CAP - r->have < READ_CHUNK ? RELAY_CAP - r->have : READ_CHUNK;
            if (!ReadFile(r->pipe, r->buf + r->have, room, NULL, &r->ov) && GetLastError() != ERROR_IO_PENDING)
                return r->detach_sent;
            pending = 1;
        }
        ULONGLONG now = GetTickCount64();
        DWORD wait = now >= next_sample ? 0 : (DWORD)(next_sample - now);
        if (WaitForSingleObject(r->ov.hEvent, wait) == WAIT_OBJECT_0) {
            DWORD got = 0;
            pending = 0;
            if (!GetOverlappedResult(r->pipe, &r->ov, &got, FALSE)) return r->detach_sent;
            r->have += got;
            flush_frames(r);
        }
        if (GetTickCount64() >= next_sample) {
            next_sample += SAMPLE_MS;
            /* flush_frames leaves the output at a frame boundary */
            if (r->output_ok && !send_sample(r->process)) r->output_ok = 0;
            if (o->control && GetFileAttributesW(o->control) != INVALID_FILE_ATTRIBUTES) request_detach(r);
            if (!r->orphaned && parent_gone()) r->orphaned = 1;
            if (g_interrupted || !r->output_ok || r->orphaned) request_detach(r);
        }
    }
}

int cmd_record(int argc, wchar_t **argv, int is_launch)
{
    options o;
    DWORD pid = 0;
    HANDLE process, main_thread = NULL;
    wchar_t pipe_name[160];
    console_relay console[2];
    int relays = 0;
    parse(argc, argv, is_launch, &o);
    SetConsoleCtrlHandler(on_ctrl, TRUE);
    int debug_privilege = enable_debug_privilege();
    parent_watch_start();
    /* before the launch: the target must not inherit the frame stream */
    if (!out_open(o.output))
        die(EXIT_FAILED, "cannot open the output %s: %s", o.output ? utf8_of(o.output) : "stdout", win32_text(GetLastError()));
    memset(console, 0, sizeof console);
    if (is_launch) {
        process = launch(argc, argv, &o, &pid, &main_thread, console);
        die_ends_unstarted(process);
        if (!o.output) relays = 2;
    } else {
        process = open_target(pid = o.pid);
    }
    if (!same_bitness(process)) {
        die(EXIT_BITNESS, "process %lu has a different bitness than this helper; use %s", (unsigned long)pid, OTHER_BUILD);
    }
    const char *unhookable = unhookable_reason(process, pid);
    if (unhookable) die(EXIT_NO_TARGET, "%s", unhookable);

    relay r;
    memset(&r, 0, sizeof r);
    r.process = process;
    r.output_ok = 1;
    r.buf = malloc(RELAY_CAP);
    r.pipe = make_pipe(pipe_name, sizeof pipe_name / sizeof pipe_name[0], process, pid);
    r.ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!r.buf || !r.ov.hEvent) die(EXIT_FAILED, "out of memory");
    if (!ConnectNamedPipe(r.pipe, &r.ov) && GetLastError() != ERROR_IO_PENDING && GetLastError() != ERROR_PIPE_CONNECTED)
        die(EXIT_FAILED, "cannot listen on the event pipe: %s", win32_text(GetLastError()));

    send_hello(process, pid);
    send_note(HS_NOTE_INFO, debug_privilege
        ? "SeDebugPrivilege enabled: services and other users' processes can be recorded"
        : "SeDebugPrivilege not held: only this user's processes can be recorded (run HandleSpy as administrator for services)");
    send_snapshot(process, pid);
    /* Windows 10+ does not let another process read the GDI handle table, nor lists USER objects per process */
    if (!is_launch)
        send_note(HS_NOTE_INFO, "GDI and USER objects created before attach are not shown: Windows offers no per-process list of them");
    inject(process, pid, pipe_name, o.flags);
    DWORD ignored;
    if (WaitForSingleObject(r.ov.hEvent, REMOTE_TIMEOUT_MS) != WAIT_OBJECT_0 && !HasOverlappedIoCompleted(&r.ov))
        die(EXIT_FAILED, "the agent did not connect to the event pipe");
    GetOverlappedResult(r.pipe, &r.ov, &ignored, FALSE);
    ULONG client = 0;
    if (GetNamedPipeClientProcessId(r.pipe, &client) && client != pid)
        die(EXIT_FAILED, "a process other than the target (%lu) connected to the event pipe", client);
    /* after HELLO: OUTPUT frames may come at any time from here on */
    start_console_relays(console, relays);
    if (main_thread) {
        ResumeThread(main_thread);
        CloseHandle(main_thread);
        die_ends_unstarted(NULL);
    }

    int detached = pump(&r, &o);
    flush_frames(&r);
    if (r.have && r.output_ok) {
        char msg[128];
        snprintf(msg, sizeof msg, "the agent's stream ended inside a frame: its last %lu bytes were dropped",
                 (unsigned long)r.have);
        send_note(HS_NOTE_WARNING, msg);
    }
    DWORD code = 0;
    int exited = WaitForSingleObject(process, detached ? 0 : EXIT_WAIT_MS) == WAIT_OBJECT_0;
    if (exited) drain_console_relays(console, relays);
    if (exited && !(detached && !is_launch)) {
        char msg[64];
        GetExitCodeProcess(process, &code);
        snprintf(msg, sizeof msg, "exit code %lu", (unsigned long)code);
        if (r.output_ok) goodbye(HS_GOODBYE_TARGET_EXIT, msg);
    } else if (detached) {
        if (r.output_ok) goodbye(HS_GOODBYE_DETACHED, g_interrupted ? "interrupted"
                                        : r.orphaned ? "detached: the app that started the helper is gone" : "detached");
    } else if (r.output_ok) {
        goodbye(HS_GOODBYE_ERROR, "the agent closed the event pipe but the target is still running");
    }
    out_end();
    return is_launch && exited ? (int)code : EXIT_OK;
}
