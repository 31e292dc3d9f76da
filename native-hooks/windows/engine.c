/* The hook engine: patches ntdll syscall stubs only. Their layout is fixed, so
 * no instruction decoder is needed; anything that does not match the expected
 * bytes is reported as unhookable and left alone. */
#include "hs_hook.h"
#include <stdio.h>
#include <string.h>

#define SLOT 64                 /* per function: trampoline copy, then (x86) the dispatch thunk */
#define MAX_THREADS 4096

static uint8_t *g_code;         /* trampolines, allocated before any thread is suspended */
static HANDLE *g_threads;       /* preallocated: no heap use while threads are suspended */
static DWORD *g_tids;
static int g_installed;
typedef NTSTATUS (NTAPI *next_thread_fn)(HANDLE, HANDLE, ACCESS_MASK, ULONG, ULONG, PHANDLE);
static next_thread_fn g_next_thread;

#if defined(_M_X64) || defined(__x86_64__)
/* mov r10,rcx; mov eax,SSN; test byte [7FFE0308h],1; jne +3; syscall; ret */
static const uint8_t k_head[] = { 0x4C, 0x8B, 0xD1, 0xB8 };
static const uint8_t k_mid[] = { 0xF6, 0x04, 0x25, 0x08, 0x03, 0xFE, 0x7F, 0x01, 0x75, 0x03, 0x0F, 0x05, 0xC3 };
/* the int 2Eh path: Windows `int 2Eh; ret`; Wine `jmp +1; ret; call [7FFE1000h]; ret` */
static const uint8_t k_tail_windows[] = { 0xCD, 0x2E, 0xC3 };
static const uint8_t k_tail_wine[] = { 0xEB, 0x01, 0xC3, 0xFF, 0x14, 0x25, 0x00, 0x10, 0xFE, 0x7F, 0xC3 };
#define PATCH_LEN 14            /* jmp [rip+0]; dq hook */

static int stub_matches(const uint8_t *p, hs_desc *d)
{
    if (memcmp(p, k_head, sizeof k_head) || memcmp(p + 8, k_mid, sizeof k_mid)) return 0;
    if (memcmp(p + 21, k_tail_windows, sizeof k_tail_windows) && memcmp(p + 21, k_tail_wine, sizeof k_tail_wine))
        return 0;
    d->arg_bytes = 0;
    return 1;
}

static void make_patch(uint8_t *out, const hs_desc *d, const uint8_t *slot)
{
    (void)slot;
    uintptr_t to = (uintptr_t)d->hook;
    out[0] = 0xFF; out[1] = 0x25; memset(out + 2, 0, 4);
    memcpy(out + 6, &to, 8);
}
#define IP(ctx) ((ctx).Rip)
#else
/* WOW64: mov eax,SSN; mov edx,imm32; call edx; ret imm16 */
#define PATCH_LEN 5             /* jmp rel32 */

static int stub_matches(const uint8_t *p, hs_desc *d)
{
    if (p[0] != 0xB8 || p[5] != 0xBA || p[10] != 0xFF || p[11] != 0xD2 || p[12] != 0xC2) return 0;
    d->arg_bytes = (uint32_t)(p[13] | (p[14] << 8));
    return d->arg_bytes / 4 <= HS_MAX_ARGS && d->arg_bytes % 4 == 0;
}

void hs_dispatch32(void);

static void put_jmp(uint8_t *at, const void *to)
{
    int32_t rel = (int32_t)((uintptr_t)to - ((uintptr_t)at + 5));
    at[0] = 0xE9;
    memcpy(at + 1, &rel, 4);
}

static void make_patch(uint8_t *out, const hs_desc *d, const uint8_t *slot)
{
    /* generic entries go through their thunk, which was written at slot+32 */
    const void *to = d->hook == (void *)hs_dispatch32 ? (const void *)(slot + 32) : d->hook;
    int32_t rel = (int32_t)((uintptr_t)to - ((uintptr_t)d->target + 5));
    out[0] = 0xE9;
    memcpy(out + 1, &rel, 4);
}
#define IP(ctx) ((ctx).Eip)
#endif

/* "NtXxx (reason)" as the NOTE the recording lists unhooked functions by. */
static void note_not_hooked(const hs_desc *d, const char *reason, const uint8_t *bytes)
{
    char note[192];
    int n = snprintf(note, sizeof note, "not hooked: %s (%s", d->name, reason);
    if (bytes)
        for (int i = 0; i < 8 && n > 0 && n < (int)sizeof note - 4; i++) n += snprintf(note + n, sizeof note - (size_t)n, " %02X", bytes[i]);
    if (n > 0 && n < (int)sizeof note - 1) snprintf(note + n, sizeof note - (size_t)n, ")");
    hs_emit_note(HS_NOTE_WARNING, note);
}

/* A stub that starts with a jump has been patched: by another tool, or by
 * another copy of this DLL loaded from elsewhere. */
static int looks_patched(const uint8_t *p)
{
    return p[0] == 0xE9 || p[0] == 0xEB || (p[0] == 0xFF && p[1] == 0x25) || (p[0] == 0x48 && p[1] == 0xB8);
}

int hs_engine_prepare(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    DWORD old;
    unsigned hookable = 0, patched = 0;
    if (g_installed) return HS_PREPARE_FAILED;
    /* allocated once: a later attach rebuilds the trampolines in place */
    if (!g_code) g_code = VirtualAlloc(NULL, hs_desc_count * SLOT, MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE);
    if (!g_threads) g_threads = VirtualAlloc(NULL, MAX_THREADS * sizeof(HANDLE), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!g_tids) g_tids = VirtualAlloc(NULL, MAX_THREADS * sizeof(DWORD), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!g_code || !g_threads || !g_tids) return HS_PREPARE_FAILED;
    if (!VirtualProtect(g_code, hs_desc_count * SLOT, PAGE_EXECUTE_READWRITE, &old)) return HS_PREPARE_FAILED;
    g_next_thread = (next_thread_fn)(void *)GetProcAddress(ntdll, "NtGetNextThread");
    hs_hooks_bind();
    for (unsigned i = 0; i < hs_desc_count; i++) {
        hs_desc *d = &hs_descs[i];
        uint8_t *slot = g_code + i * SLOT;
        d->hookable = 0;
        d->target = (uint8_t *)(void *)GetProcAddress(ntdll, d->name);
        hs_emit_define(HS_DEFINE_API, d->api, d->name);
        if (!d->target) {
            note_not_hooked(d, "not exported by ntdll", NULL);
            continue;
        }
        memcpy(d->original, d->target, HS_STUB_COPY);
        if (!stub_matches(d->original, d)) {
            int jump = looks_patched(d->original);
            patched += jump;
            note_not_hooked(d, jump ? "already patched by another tool or another HandleSpy; bytes" : "unexpected bytes",
                            d->original);
            continue;
        }
        /* The stub is position independent (absolute addresses only), so a
         * copy anywhere works as the trampoline: no need to allocate near ntdll. */
        memcpy(slot, d->original, HS_STUB_COPY);
        d->trampoline = slot;
#if !(defined(_M_X64) || defined(__x86_64__))
        slot[32] = 0xB8;
        uintptr_t me = (uintptr_t)d;
        memcpy(slot + 33, &me, 4);
        put_jmp(slot + 37, (const void *)hs_dispatch32);
#endif
        d->patch_len = PATCH_LEN;
        d->hookable = 1;
        hookable++;
    }
    VirtualProtect(g_code, hs_desc_count * SLOT, PAGE_EXECUTE_READ, &old);
    FlushInstructionCache(GetCurrentProcess(), g_code, hs_desc_count * SLOT);
    /* nothing left to hook because someone hooked it all: refuse rather than
     * record nothing, or patch over their patches */
    if (!hookable && patched) return HS_PREPARE_ALREADY_PATCHED;
    return 0;
}

static int suspended_already(DWORD tid, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (g_tids[i] == tid) return 1;
    return 0;
}

/* Suspends every other thread of the process into g_threads, pass after
 * pass until a pass finds no thread it had not suspended: a thread created
 * while the first threads were being suspended is suspended too.
 * NtGetNextThread opens the threads one by one without allocating, which
 * matters once some are suspended (one may hold the heap's lock). */
static unsigned suspend_others(void)
{
    const ACCESS_MASK access = THREAD_SUSPEND_RESUME | THREAD_GET_CONTEXT | THREAD_SET_CONTEXT | THREAD_QUERY_LIMITED_INFORMATION;
    DWORD me = GetCurrentThreadId();
    unsigned n = 0;
    if (!g_next_thread) return 0;
    for (unsigned pass = 0; pass < 64; pass++) {
        unsigned added = 0;
        HANDLE cur = NULL, next;
        int keep = 0;
        while (n < MAX_THREADS && g_next_thread(GetCurrentProcess(), cur, access, 0, 0, &next) >= 0) {
            if (cur && !keep) CloseHandle(cur);
            cur = next;
            keep = 0;
            DWORD tid = GetThreadId(next);
            if (!tid || tid == me || suspended_already(tid, n)) continue;
            if (SuspendThread(next) == (DWORD)-1) continue;
            g_threads[n] = next;
            g_tids[n++] = tid;
            keep = 1;
            added++;
        }
        if (cur && !keep) CloseHandle(cur);
        if (!added) break;
    }
    return n;
}

/* Moves an instruction pointer that sits inside bytes about to be rewritten
 * to the same offset in the trampoline, which holds the original bytes. */
static void move_ip_out(HANDLE thread)
{
    CONTEXT ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.ContextFlags = CONTEXT_CONTROL;
    if (!GetThreadContext(thread, &ctx)) return;
    for (unsigned i = 0; i < hs_desc_count; i++) {
        const hs_desc *d = &hs_descs[i];
        uintptr_t ip = (uintptr_t)IP(ctx), at = (uintptr_t)d->target;
        if (!d->hookable || ip <= at || ip >= at + d->patch_len) continue;
        IP(ctx) = (uintptr_t)d->trampoline + (ip - at);
        SetThreadContext(thread, &ctx);
        return;
    }
}

DWORD hs_engine_commit(int install, DWORD *suspended_out)
{
    uint8_t patch[16];
    DWORD old;
    unsigned changed[128], n_changed = 0;   /* more than the table has rows */
    if (suspended_out) *suspended_out = 0;
    if (install == g_installed) return 0;
    /* make the stubs writable first, in one call over their span (they sit
     * together in ntdll's text): VirtualProtect is a system call, no heap */
    uint8_t *lo = NULL, *hi = NULL;
    for (unsigned i = 0; i < hs_desc_count; i++) {
        if (!hs_descs[i].hookable) continue;
        if (!lo || hs_descs[i].target < lo) lo = hs_descs[i].target;
        if (!hi || hs_descs[i].target + HS_STUB_COPY > hi) hi = hs_descs[i].target + HS_STUB_COPY;
    }
    if (!lo) return install ? ERROR_PROC_NOT_FOUND : 0;
    if (!VirtualProtect(lo, (SIZE_T)(hi - lo), PAGE_EXECUTE_READWRITE, &old)) return GetLastError();
    unsigned suspended = suspend_others();
    if (install)
        for (unsigned i = 0; i < suspended; i++) move_ip_out(g_threads[i]);
    for (unsigned i = 0; i < hs_desc_count; i++) {
        hs_desc *d = &hs_descs[i];
        if (!d->hookable) continue;
        make_patch(patch, d, g_code + i * SLOT);
        /* patch only what still holds the bytes read at prepare, restore only
         * what still holds our patch: never write over another tool's */
        const uint8_t *expected = install ? d->original : patch;
        if (memcmp(d->target, expected, d->patch_len)) {
            if (n_changed < sizeof changed / sizeof changed[0]) changed[n_changed++] = i;
            if (install) d->hookable = 0;
            continue;
        }
        memcpy(d->target, install ? patch : d->original, d->patch_len);
    }
    FlushInstructionCache(GetCurrentProcess(), NULL, 0);
    for (unsigned i = 0; i < suspended; i++) {
        ResumeThread(g_threads[i]);
        CloseHandle(g_threads[i]);
    }
    VirtualProtect(lo, (SIZE_T)(hi - lo), old, &old);
    g_installed = install;
    /* notes only now: a suspended thread may have held the ring's lock */
    for (unsigned i = 0; i < n_changed; i++)
        note_not_hooked(&hs_descs[changed[i]], install ? "changed by another tool while the hooks went in; bytes"
                                                       : "patched over by another tool, left as it is; bytes",
                        hs_descs[changed[i]].target);
    if (suspended_out) *suspended_out = suspended;
    return 0;
}
