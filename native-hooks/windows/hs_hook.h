/* Internal interface of handlespy-hook.dll: the pieces share these declarations. */
#ifndef HS_HOOK_H
#define HS_HOOK_H

#include <windows.h>
#include <winternl.h>
#include <stdint.h>
#include "handlespy_protocol.h"

/* Bytes of ntdll stub copied into a trampoline: the whole x64 stub including
 * Wine's `call [7FFE1000h]` tail; the x86 WOW64 stub is 15 bytes. */
#define HS_STUB_COPY 32

#if defined(_MSC_VER)
#define HS_ALWAYS_INLINE __forceinline
#else
#define HS_ALWAYS_INLINE inline __attribute__((always_inline))
#endif
#define HS_MAX_ARGS 17

/* mingw's NtCurrentTeb is a segment read that GCC 12 takes for an access
 * through a null pointer (-Warray-bounds); the TEB's self pointer (NT_TIB.Self)
 * read here is the same value. */
static HS_ALWAYS_INLINE TEB *hs_current_teb(void)
{
#if defined(_MSC_VER)
    return (TEB *)NtCurrentTeb();
#elif defined(__x86_64__)
    TEB *teb;
    __asm__("movq %%gs:0x30, %0" : "=r"(teb));
    return teb;
#else
    TEB *teb;
    __asm__("movl %%fs:0x18, %0" : "=r"(teb));
    return teb;
#endif
}

/* The TEB starts with NT_TIB (7 pointers), EnvironmentPointer and CLIENT_ID:
 * the thread id is the tenth pointer on x64 and x86 alike, read without the
 * call GetCurrentThreadId would be. */
static HS_ALWAYS_INLINE uint32_t hs_current_thread_id(void)
{
    return (uint32_t)(ULONG_PTR)hs_current_teb()->Reserved1[9];
}

/* A TLS slot of the agent's (TlsAlloc works for DLLs loaded with LoadLibrary
 * on every Windows version, unlike implicit __thread TLS). The first 64 slots
 * live in the TEB (winternl.h's TlsSlots), where they are read and written
 * directly: the API would cost two calls per event, and TlsGetValue resets the
 * last error, which the hooked API's caller may read after we return. Later
 * slots go through the API, last error preserved. */
static HS_ALWAYS_INLINE void *hs_tls_get(DWORD slot)
{
    if (slot < 64) return hs_current_teb()->TlsSlots[slot];
    DWORD err = GetLastError();
    void *v = TlsGetValue(slot);
    SetLastError(err);
    return v;
}

static HS_ALWAYS_INLINE void hs_tls_set(DWORD slot, void *v)
{
    if (slot < 64) {
        hs_current_teb()->TlsSlots[slot] = v;
        return;
    }
    DWORD err = GetLastError();
    TlsSetValue(slot, v);
    SetLastError(err);
}

/* One hooked ntdll function. The x86 dispatcher reads `trampoline` at offset 0
 * and `arg_bytes` at offset sizeof(void*): keep them first. */
typedef struct hs_desc {
    void *trampoline;
    uint32_t arg_bytes;        /* x86: bytes of arguments the stub pops (ret imm16) */
    const char *name;
    int8_t out;                /* index of the PHANDLE argument, -1 none */
    int8_t out2;               /* second PHANDLE (NtCreateUserProcess thread) */
    int8_t attrs;              /* index of POBJECT_ATTRIBUTES, -1 none */
    int8_t ustr;               /* index of a PUNICODE_STRING port name, -1 none */
    uint16_t type;             /* implied type, HS_TYPE_UNKNOWN to ask NtQueryObject */
    uint16_t type2;
    uint16_t api;              /* DEFINEd api id */
    void *hook;                /* replacement entry point */
    uint8_t *target;           /* the stub in ntdll, NULL when not exported */
    uint8_t original[HS_STUB_COPY];
    uint8_t patch_len;
    uint8_t hookable;
} hs_desc;

/* hooks.c */
void hs_after_create(const hs_desc *d, const ULONG_PTR *args);
extern hs_desc hs_descs[];
extern const unsigned hs_desc_count;
void hs_hooks_bind(void);   /* fills hook pointers (x86: builds dispatch thunks) */

/* engine.c */
#define HS_PREPARE_FAILED 1             /* out of memory or protection */
#define HS_PREPARE_ALREADY_PATCHED 2    /* every stub was already patched by someone else */
/* Resolves and checks stubs, builds trampolines, notes each function it will
 * not hook and why; 0 or HS_PREPARE_*. */
int hs_engine_prepare(void);
/* One transaction: suspend, patch or restore, resume. 0, or the Win32 error
 * that kept the stubs from being made writable (nothing patched then). */
DWORD hs_engine_commit(int install, DWORD *suspended);

/* record.c */
typedef struct hs_config {
    int drop_when_full;
    int close_stacks;
    unsigned stack_depth;      /* frames captured per event, at most 62; 0 turns stacks off */
} hs_config;
int hs_record_init(const hs_config *cfg);
int hs_guard_enter(void);             /* 0 when this thread is already inside the agent */
void hs_guard_leave(void);
void hs_guard_set_permanent(void);
uint64_t hs_now(void);
void hs_emit(uint16_t kind, const void *fixed, uint32_t fixed_len, const void *extra, uint32_t extra_len,
             const char *str, uint32_t str_len);
/* `skip` counts the agent's own frames above the caller of hs_emit_*: the
 * first frame recorded is the return address into the code that called ntdll. */
void hs_emit_create(uint64_t handle, uint16_t type, uint16_t api, uint32_t skip, const char *name, uint32_t name_len);
void hs_emit_close_event(uint64_t handle, uint16_t api, uint32_t skip);
void hs_emit_duplicate_event(uint64_t source, uint64_t target, uint16_t type, uint16_t api, uint32_t flags, uint32_t skip);
/* A call that closes `handle` (NtClose, DUPLICATE_CLOSE_SOURCE) is bracketed:
 * hs_close_begin before the call, which keeps the closing thread and (with
 * close stacks) its stack, `skip` frames above the caller's; 0 when no slot
 * is free, and the caller then records the close before the call, as a
 * create cannot be told to wait. After the call hs_close_claim says whether
 * this caller is to write the close (1: hs_close_write it if the call closed,
 * then hs_close_release) or a create of the same value already wrote it (0,
 * slot released). */
uint32_t hs_close_begin(uint64_t handle, uint16_t api, uint32_t skip);
int hs_close_claim(uint32_t ticket, uint64_t handle);
void hs_close_write(uint32_t ticket, uint64_t handle);
void hs_close_release(uint32_t ticket);
void hs_flush_dropped(void);
void hs_emit_note(uint16_t level, const char *text);
void hs_emit_define(uint16_t ns, uint16_t id, const char *name);
uint32_t hs_utf16_to_utf8(const WCHAR *s, uint32_t chars, char *out, uint32_t cap);
uint16_t hs_type_of_handle(HANDLE h);
int hs_config_close_stacks(void);
void hs_record_set_stack_depth(unsigned frames);
/* Moves up to cap bytes of pending frames to out; returns the count. At exit
 * it gives up after 100 ms rather than wait for a lock a dead thread held. */
uint32_t hs_ring_take(uint8_t *out, uint32_t cap, int at_exit);
void hs_record_set_active(int on);
int hs_record_active(void);

/* stackwalk.c (x64): up to `cap` return addresses, innermost first, after
 * skipping `skip`; the first is the return address into the caller, as with
 * RtlCaptureStackBackTrace. Never reads outside a committed stack. */
unsigned hs_stack_walk(unsigned skip, unsigned cap, uint64_t *out);
/* The walk's memo (stackwalk.c): allocated once and emptied by init (each
 * recording's start), emptied when a module unloads, a thread's block given
 * back when it exits. */
int hs_stack_memo_init(void);
void hs_stack_memo_forget(void);
void hs_stack_memo_thread_exit(void);

/* dllmain.c */
void hs_flush_before_exit(void);

/* modules.c */
void hs_modules_start(void);
void hs_modules_stop(void);

#endif
