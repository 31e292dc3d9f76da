/* The hook engine: patches ntdll syscall stubs only. Their layout is fixed, so
 * no instruction decoder is needed; anything that does not match the expected
 * bytes is reported as unhookable and left alone. */
#include "hs_hook.h"
#include <tlhelp32.h>
#include <string.h>

#define SLOT 64                 /* per function: trampoline copy, then (x86) the dispatch thunk */
#define MAX_THREADS 4096

static uint8_t *g_code;         /* trampolines, allocated before any thread is suspended */
static HANDLE *g_threads;       /* preallocated: no heap use while threads are suspended */
static int g_installed;

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

int hs_engine_prepare(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    char note[128];
    g_code = VirtualAlloc(NULL, hs_desc_count * SLOT, MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE);
    g_threads = VirtualAlloc(NULL, MAX_THREADS * sizeof(HANDLE), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!g_code || !g_threads) return -1;
    hs_hooks_bind();
    for (unsigned i = 0; i < hs_desc_count; i++) {
        hs_desc *d = &hs_descs[i];
        uint8_t *slot = g_code + i * SLOT;
        d->target = (uint8_t *)(void *)GetProcAddress(ntdll, d->name);
        hs_emit_define(HS_DEFINE_API, d->api, d->name);
        if (!d->target) continue;
        memcpy(d->original, d->target, HS_STUB_COPY);
        if (!stub_matches(d->original, d)) {
            memcpy(note, "unhookable: ", 12);
            strncpy(note + 12, d->name, sizeof note - 13);
            note[sizeof note - 1] = 0;
            hs_emit_note(HS_NOTE_WARNING, note);
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
    }
    DWORD old;
    VirtualProtect(g_code, hs_desc_count * SLOT, PAGE_EXECUTE_READ, &old);
    FlushInstructionCache(GetCurrentProcess(), g_code, hs_desc_count * SLOT);
    return 0;
}

/* Opens every other thread of the process into g_threads; returns the count.
 * The toolhelp snapshot allocates, so this runs before anything is suspended. */
static unsigned open_other_threads(void)
{
    unsigned n = 0;
    DWORD me = GetCurrentThreadId(), pid = GetCurrentProcessId();
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    THREADENTRY32 te;
    if (snap == INVALID_HANDLE_VALUE) return 0;
    te.dwSize = sizeof te;
    for (BOOL ok = Thread32First(snap, &te); ok && n < MAX_THREADS; ok = Thread32Next(snap, &te)) {
        if (te.th32OwnerProcessID != pid || te.th32ThreadID == me) continue;
        HANDLE t = OpenThread(THREAD_SUSPEND_RESUME | THREAD_GET_CONTEXT | THREAD_SET_CONTEXT, FALSE, te.th32ThreadID);
        if (t) g_threads[n++] = t;
    }
    CloseHandle(snap);
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

DWORD hs_engine_commit(int install)
{
    if (install == g_installed) return 0;
    uint8_t patch[16];
    DWORD old;
    /* make every stub page writable first: VirtualProtect is a system call, no heap */
    for (unsigned i = 0; i < hs_desc_count; i++)
        if (hs_descs[i].hookable) VirtualProtect(hs_descs[i].target, HS_STUB_COPY, PAGE_EXECUTE_READWRITE, &old);
    unsigned n = open_other_threads();
    unsigned suspended = 0;
    for (unsigned i = 0; i < n; i++)
        if (SuspendThread(g_threads[i]) != (DWORD)-1) g_threads[suspended++] = g_threads[i];
        else CloseHandle(g_threads[i]);
    if (install)
        for (unsigned i = 0; i < suspended; i++) move_ip_out(g_threads[i]);
    for (unsigned i = 0; i < hs_desc_count; i++) {
        hs_desc *d = &hs_descs[i];
        if (!d->hookable) continue;
        if (install) {
            make_patch(patch, d, g_code + i * SLOT);
            memcpy(d->target, patch, d->patch_len);
        } else {
            memcpy(d->target, d->original, d->patch_len);
        }
    }
    FlushInstructionCache(GetCurrentProcess(), NULL, 0);
    for (unsigned i = 0; i < suspended; i++) {
        ResumeThread(g_threads[i]);
        CloseHandle(g_threads[i]);
    }
    for (unsigned i = 0; i < hs_desc_count; i++)
        if (hs_descs[i].hookable) VirtualProtect(hs_descs[i].target, HS_STUB_COPY, PAGE_EXECUTE_READ, &old);
    g_installed = install;
    return suspended;
}
