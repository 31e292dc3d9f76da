/* Event recording inside the target: per-thread guard, bounded ring of encoded
 * frames, stack deduplication, type resolution. Everything here is allocated
 * once at start with VirtualAlloc; hooks never allocate. */
#include "hs_hook.h"
#include "hs_clock.h"
#include "hs_types.h"
#include <string.h>

#define RING_SIZE (16u << 20)          /* power of two */
#define STACK_SLOTS (1u << 16)         /* open-addressing table, power of two */
#define STACK_POOL_FRAMES (4u << 20)   /* frames stored for distinct stacks */
#define FULL_WAIT_MS 5000              /* lossless mode: longest wait for the reader */
#define LOCK_WAIT_MS 100               /* longest wait for the ring's lock before dropping the event */
#define TYPE_CACHE 64

typedef struct stack_slot {
    uint32_t hash;
    uint32_t id;
    uint32_t first;                    /* index into the frame pool */
    uint16_t count;
    uint16_t used;
} stack_slot;

typedef struct type_entry {
    uint16_t id;
    uint16_t len;
    char name[60];
} type_entry;

static DWORD g_tls = TLS_OUT_OF_INDEXES;
/* One spin lock guards the ring and the stack table. It is held only for a
 * few memcpys, never across a system call; a waiter spins briefly, then
 * yields its time slice. Chosen over SRWLOCK because Wine's SRW lock costs
 * ~160 ns uncontended, more than all the rest of the bookkeeping. It holds
 * its holder's thread id, 0 when free. */
static volatile LONG g_lock;
/* A holder that kept the lock past LOCK_WAIT_MS: suspended (a debugger, a
 * dump writer, SuspendThread) or killed. Waiters give up on it at once until
 * it lets go, rather than wait again on every hooked call. */
static volatile LONG g_stalled;
static uint8_t *g_ring;
static uint64_t g_head, g_tail;        /* under g_lock */
static volatile LONG64 g_dropped;
static volatile LONG g_active;
static stack_slot *g_slots;
static uint64_t *g_pool;
static uint32_t g_pool_used, g_next_stack_id = 1;
static type_entry g_types[TYPE_CACHE];
static uint32_t g_type_count;
static uint16_t g_next_dynamic = HS_TYPE_DYNAMIC_BASE;
static hs_config g_cfg;

/* Allocates once; every start (a later attach reuses the loaded DLL) begins a
 * fresh stream: empty ring, no known stacks or types, DEFINEs sent again. */
int hs_record_init(const hs_config *cfg)
{
    g_cfg = *cfg;
    hs_clock_init();
    if (!g_ring) {
        g_tls = TlsAlloc();
        if (g_tls == TLS_OUT_OF_INDEXES) return -1;
        g_ring = VirtualAlloc(NULL, RING_SIZE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        g_slots = VirtualAlloc(NULL, STACK_SLOTS * sizeof(stack_slot), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        g_pool = VirtualAlloc(NULL, STACK_POOL_FRAMES * sizeof(uint64_t), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        if (!g_ring || !g_slots || !g_pool) return -1;
        /* Each page's first touch is a page fault: taken here, once, rather
         * than inside hooked calls (every ~70 events while the ring fills;
         * microseconds each in a VM). */
        for (size_t at = 0; at < RING_SIZE; at += 4096) ((volatile uint8_t *)g_ring)[at] = 0;
    }
#if defined(_M_X64) || defined(__x86_64__)
    if (hs_stack_memo_init()) return -1;
#endif
    g_head = g_tail = 0;
    g_dropped = 0;
    memset(g_slots, 0, STACK_SLOTS * sizeof(stack_slot));
    g_pool_used = 0;
    g_next_stack_id = 1;
    g_type_count = 0;
    g_next_dynamic = HS_TYPE_DYNAMIC_BASE;
    for (unsigned i = 0; i < HS_KNOWN_TYPE_COUNT; i++)
        hs_emit_define(HS_DEFINE_TYPE, hs_known_types[i].id, hs_known_types[i].name);
    return 0;
}

int hs_config_close_stacks(void) { return g_cfg.close_stacks; }
void hs_record_set_stack_depth(unsigned frames) { g_cfg.stack_depth = frames; }
void hs_record_set_active(int on) { InterlockedExchange(&g_active, on); }
int hs_record_active(void) { return g_active; }

/* The re-entrancy guard: one TLS slot allocated at start. */
static HS_ALWAYS_INLINE void *guard_get(void) { return hs_tls_get(g_tls); }

static HS_ALWAYS_INLINE void guard_set(void *v) { hs_tls_set(g_tls, v); }

int hs_guard_enter(void)
{
    if (guard_get()) return 0;
    guard_set((void *)1);
    return 1;
}

void hs_guard_leave(void) { guard_set(NULL); }

void hs_guard_set_permanent(void) { guard_set((void *)2); }

static __declspec(noinline) int lock_slow(LONG me)
{
    ULONGLONG start = 0;
    for (unsigned spins = 0;;) {
        LONG holder = g_lock;
        if (!holder) {
            if (InterlockedCompareExchange(&g_lock, me, 0) == 0) return 1;
            continue;
        }
        if (++spins < 64) {
            YieldProcessor();
            continue;
        }
        spins = 0;
        if (holder == g_stalled) return 0;
        /* bounded by time, never by a count of yields or sleeps, whose
         * length differs tenfold between systems */
        ULONGLONG now = GetTickCount64();
        if (!start) start = now;
        else if (now - start >= LOCK_WAIT_MS) {
            InterlockedExchange(&g_stalled, holder);
            return 0;
        }
        SwitchToThread();
    }
}

/* 0 when the lock could not be had within LOCK_WAIT_MS: a hook must never
 * wait without end for a holder that may be suspended; the caller drops
 * its event and counts it. */
static HS_ALWAYS_INLINE int lock(void)
{
    LONG me = (LONG)hs_current_thread_id();
    if (InterlockedCompareExchange(&g_lock, me, 0) == 0) return 1;
    return lock_slow(me);
}

/* For process exit, where a killed thread may have died holding the lock. */
static int lock_within(DWORD ms)
{
    LONG me = (LONG)hs_current_thread_id();
    ULONGLONG end = GetTickCount64() + ms;
    while (InterlockedCompareExchange(&g_lock, me, 0) != 0) {
        if (GetTickCount64() > end) return 0;
        SwitchToThread();
    }
    return 1;
}

/* A release store: every write made under the lock is visible before the lock
 * reads free (on x86 a plain store, where InterlockedExchange would be a full
 * barrier on every event). */
static HS_ALWAYS_INLINE void unlock(void)
{
    if (g_stalled == (LONG)hs_current_thread_id()) InterlockedExchange(&g_stalled, 0);
#if defined(_MSC_VER)
    _ReadWriteBarrier();
    g_lock = 0; /* /volatile:ms, the default on x86 and x64: volatile stores release */
#else
    __atomic_store_n(&g_lock, 0, __ATOMIC_RELEASE);
#endif
}

uint64_t hs_now(void) { return hs_clock_now(); }

/* A frame is encoded in place: straight into the ring when it fits before the
 * ring's end, else into g_wrap, copied in two parts when complete. Fixed-size
 * parts are copied with constant sizes the compiler turns into plain stores
 * (a memcpy call is a call into msvcrt.dll); only names and stack frames
 * cost a call. All of it runs under g_lock, which also guards g_wrap. */
#define FRAME_MAX (sizeof(hs_frame_header) + sizeof(hs_stack) + HS_MAX_STACK_FRAMES * sizeof(uint64_t) + 2 + HS_MAX_STRING)
static uint8_t g_wrap[FRAME_MAX];

typedef struct frame_out {
    uint8_t *start, *at;
    uint32_t len;
} frame_out;

static HS_ALWAYS_INLINE void out_begin(frame_out *o, uint32_t len)
{
    uint32_t at = (uint32_t)(g_head & (RING_SIZE - 1));
    o->start = o->at = RING_SIZE - at >= len ? g_ring + at : g_wrap;
    o->len = len;
}

static HS_ALWAYS_INLINE void out_put(frame_out *o, const void *src, uint32_t n)
{
    memcpy(o->at, src, n);
    o->at += n;
}

static HS_ALWAYS_INLINE void out_end(frame_out *o)
{
    if (o->start == g_wrap) {
        uint32_t at = (uint32_t)(g_head & (RING_SIZE - 1));
        uint32_t first = RING_SIZE - at;
        memcpy(g_ring + at, g_wrap, first);
        memcpy(g_ring, g_wrap + first, o->len - first);
    }
    g_head += o->len;
}

/* Reserves room for `len` bytes and returns with g_lock held, or returns 0
 * (lock released) after counting a drop. In lossless mode it waits for the
 * reader, but never longer than FULL_WAIT_MS by the clock: a dead reader must
 * not hang the target. */
static HS_ALWAYS_INLINE int ring_reserve(uint32_t len)
{
    ULONGLONG deadline = 0;
    for (;;) {
        if (!lock()) {
            InterlockedIncrement64(&g_dropped);
            return 0;
        }
        if (RING_SIZE - (g_head - g_tail) >= len) return 1;
        unlock();
        ULONGLONG now = GetTickCount64();
        if (!deadline) deadline = now + FULL_WAIT_MS;
        if (g_cfg.drop_when_full || !g_active || now >= deadline) {
            /* a reader gone for FULL_WAIT_MS is not coming back soon: from now
             * on drop and count rather than stall every hooked call again */
            if (now >= deadline) g_cfg.drop_when_full = 1;
            InterlockedIncrement64(&g_dropped);
            return 0;
        }
        Sleep(1);
    }
}

/* Caller holds g_lock and reserved the space. */
static HS_ALWAYS_INLINE void put_frame(uint16_t kind, const void *fixed, uint32_t fixed_len, const void *extra,
                                       uint32_t extra_len, const char *str, uint32_t str_len, int with_string)
{
    hs_frame_header h;
    uint16_t slen = (uint16_t)str_len;
    h.payload_size = fixed_len + extra_len + (with_string ? 2 + str_len : 0);
    h.kind = kind;
    h.reserved = 0;
    frame_out o;
    out_begin(&o, (uint32_t)sizeof h + h.payload_size);
    out_put(&o, &h, sizeof h);
    if (fixed_len) out_put(&o, fixed, fixed_len);
    if (extra_len) out_put(&o, extra, extra_len);
    if (with_string) {
        out_put(&o, &slen, 2);
        if (str_len) out_put(&o, str, str_len);
    }
    out_end(&o);
}

static HS_ALWAYS_INLINE int kind_has_string(uint16_t kind)
{
    return kind == HS_FRAME_HELLO || kind == HS_FRAME_MODULE_LOAD || kind == HS_FRAME_CREATE
        || kind == HS_FRAME_SNAPSHOT || kind == HS_FRAME_GOODBYE || kind == HS_FRAME_DEFINE
        || kind == HS_FRAME_NOTE;
}

void hs_emit(uint16_t kind, const void *fixed, uint32_t fixed_len, const void *extra, uint32_t extra_len,
             const char *str, uint32_t str_len)
{
    int with_string = kind_has_string(kind);
    if (str_len > HS_MAX_STRING) str_len = HS_MAX_STRING;
    uint32_t total = (uint32_t)sizeof(hs_frame_header) + fixed_len + extra_len + (with_string ? 2 + str_len : 0);
    if (!ring_reserve(total)) return;
    put_frame(kind, fixed, fixed_len, extra, extra_len, str, str_len, with_string);
    unlock();
}

void hs_emit_note(uint16_t level, const char *text)
{
    hs_note n = { hs_now(), level };
    hs_emit(HS_FRAME_NOTE, &n, sizeof n, NULL, 0, text, (uint32_t)strlen(text));
}

void hs_emit_define(uint16_t ns, uint16_t id, const char *name)
{
    hs_define d = { ns, id };
    hs_emit(HS_FRAME_DEFINE, &d, sizeof d, NULL, 0, name, (uint32_t)strlen(name));
}

/* A word at a time in two independent lanes, so consecutive frames do not
 * wait on each other's multiply (byte-wise FNV cost ~29 cycles per frame). */
static uint32_t hash_frames(const uint64_t *f, uint16_t n)
{
    const uint64_t k1 = 0x9E3779B97F4A7C15ull, k2 = 0xC2B2AE3D27D4EB4Full;
    uint64_t a = n, b = 0;
    uint16_t i = 0;
    for (; i + 1 < n; i += 2) {
        a = (a ^ f[i]) * k1;
        b = (b ^ f[i + 1]) * k2;
    }
    if (i < n) a = (a ^ f[i]) * k1;
    uint64_t h = (a ^ (b >> 31) ^ (b << 33)) * k2;
    uint32_t folded = (uint32_t)(h >> 32) ^ (uint32_t)h;
    return folded ? folded : 1;
}

/* Word by word, inline: a memcmp is a call into msvcrt.dll. */
static HS_ALWAYS_INLINE int same_frames(const uint64_t *a, const uint64_t *b, uint16_t n)
{
    for (uint16_t i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* Looks up or adds a stack; a new one is written as a STACK frame. Caller
 * holds g_lock with room reserved for a full STACK frame. Returns 0 when the
 * table or pool is full (the event then carries no stack). */
static uint32_t stack_id_locked(const uint64_t *frames, uint16_t n, uint32_t hash)
{
    uint32_t mask = STACK_SLOTS - 1;
    for (uint32_t probe = 0, i = hash & mask; probe < 64; probe++, i = (i + 1) & mask) {
        stack_slot *s = &g_slots[i];
        if (!s->used) {
            if (g_pool_used + n > STACK_POOL_FRAMES) return HS_NO_STACK;
            memcpy(g_pool + g_pool_used, frames, n * sizeof(uint64_t));
            s->hash = hash; s->id = g_next_stack_id++; s->first = g_pool_used; s->count = n; s->used = 1;
            g_pool_used += n;
            hs_stack st = { s->id, n, 0 };
            put_frame(HS_FRAME_STACK, &st, sizeof st, frames, n * (uint32_t)sizeof(uint64_t), NULL, 0, 0);
            return s->id;
        }
        if (s->hash == hash && s->count == n && same_frames(g_pool + s->first, frames, n))
            return s->id;
    }
    return HS_NO_STACK;
}

typedef struct pending_stack {
    uint64_t frames[HS_MAX_STACK_FRAMES];
    uint16_t count;
} pending_stack;

#ifdef HS_BENCH
/* The benchmark harness (built with HS_BENCH, never shipped) times the walk
 * inside each hooked call, so that what the hook costs beyond it is measured
 * on the same calls and the same frames. */
uint64_t hs_bench_walk_cycles;
#endif

static __declspec(noinline) uint16_t capture(unsigned skip, uint64_t *out)
{
    if (!g_cfg.stack_depth) return 0;
#ifdef HS_BENCH
    uint64_t walk_start = __rdtsc();
#endif
#if defined(_M_X64) || defined(__x86_64__)
    uint16_t n = (uint16_t)hs_stack_walk(skip + 1, g_cfg.stack_depth < 62 ? g_cfg.stack_depth : 62, out);
#else
    void *raw[62];
    USHORT n = RtlCaptureStackBackTrace((ULONG)skip + 1, g_cfg.stack_depth < 62 ? g_cfg.stack_depth : 62, raw, NULL);
    for (USHORT i = 0; i < n; i++) out[i] = (uint64_t)(uintptr_t)raw[i];
#endif
#ifdef HS_BENCH
    hs_bench_walk_cycles += __rdtsc() - walk_start;
#endif
    return n;
}

/* Emits CREATE (and the STACK first if new) under one lock so a reader never
 * sees a stack id before its STACK frame. Inlined into each caller, so the
 * sizes of the fixed parts are constants there. */
static HS_ALWAYS_INLINE void emit_with_stack(uint16_t kind, void *fixed, uint32_t fixed_len, uint32_t stack_field_offset,
                            const pending_stack *ps, const char *str, uint32_t str_len)
{
    uint32_t stack_frame_len = (uint32_t)(sizeof(hs_frame_header) + sizeof(hs_stack) + ps->count * sizeof(uint64_t));
    int with_string = kind_has_string(kind);
    uint32_t total = stack_frame_len + (uint32_t)sizeof(hs_frame_header) + fixed_len + (with_string ? 2 + str_len : 0);
    uint32_t hash = ps->count ? hash_frames(ps->frames, ps->count) : 0;
    if (!ring_reserve(total)) return;
    uint32_t id = ps->count ? stack_id_locked(ps->frames, ps->count, hash) : HS_NO_STACK;
    memcpy((uint8_t *)fixed + stack_field_offset, &id, sizeof id);
    put_frame(kind, fixed, fixed_len, NULL, 0, str, str_len, with_string);
    unlock();
}

/* Closes in flight. A close is written after the call that closes, so that
 * a call that fails writes none; but once the kernel has freed the value,
 * another thread may receive it from a create and write its CREATE first.
 * So the value is entered here before the call, and whoever comes first
 * writes the CLOSE: the closing thread after its call, or a thread that got
 * the same value from a create (which proves the close succeeded). A slot
 * holds 0 (free), the value (close pending), value|1 (its CLOSE is being
 * written) or value|2 (written by a create). Handle values are multiples of 4. */
#define PENDING_SLOTS 64
static volatile LONG64 g_pending[PENDING_SLOTS];
static uint16_t g_pending_api[PENDING_SLOTS];
static uint32_t g_pending_thread[PENDING_SLOTS];
static pending_stack g_pending_stack[PENDING_SLOTS];   /* the closer's stack, with --close-stacks */
static volatile LONG g_pending_count;

static void wait_while(volatile LONG64 *slot, LONG64 value)
{
    ULONGLONG end = 0;
    while (*slot == value) {
        ULONGLONG now = GetTickCount64();
        if (!end) end = now + LOCK_WAIT_MS;
        else if (now >= end) return;   /* its writer is suspended: do not wait for ever */
        SwitchToThread();
    }
}

/* The CLOSE of a pending slot, as its closing thread asked for it. */
static void emit_pending_close(uint32_t i, uint64_t handle)
{
    hs_close c = { hs_now(), handle, g_pending_thread[i], 0, g_pending_api[i], 0 };
    emit_with_stack(HS_FRAME_CLOSE, &c, sizeof c, offsetof(hs_close, stack_id), &g_pending_stack[i], NULL, 0);
}

__declspec(noinline) uint32_t hs_close_begin(uint64_t handle, uint16_t api, uint32_t skip)
{
    InterlockedIncrement(&g_pending_count);
    for (uint32_t i = 0; i < PENDING_SLOTS; i++) {
        if (g_pending[i] || InterlockedCompareExchange64(&g_pending[i], (LONG64)handle, 0) != 0) continue;
        g_pending_api[i] = api;
        g_pending_thread[i] = hs_current_thread_id();
        g_pending_stack[i].count = g_cfg.close_stacks ? capture(skip, g_pending_stack[i].frames) : 0;
        return i + 1;
    }
    InterlockedDecrement(&g_pending_count);
    return 0;
}

int hs_close_claim(uint32_t ticket, uint64_t handle)
{
    if (!ticket) return 0;
    volatile LONG64 *slot = &g_pending[ticket - 1];
    if (InterlockedCompareExchange64(slot, (LONG64)(handle | 1), (LONG64)handle) == (LONG64)handle) return 1;
    wait_while(slot, (LONG64)(handle | 1));
    hs_close_release(ticket);
    return 0;
}

void hs_close_write(uint32_t ticket, uint64_t handle)
{
    if (ticket) emit_pending_close(ticket - 1, handle);
}

void hs_close_release(uint32_t ticket)
{
    if (!ticket) return;
    InterlockedExchange64(&g_pending[ticket - 1], 0);
    InterlockedDecrement(&g_pending_count);
}

/* A create of `handle` is about to be written: a pending close of the same
 * value comes first. */
static void settle_pending(uint64_t handle)
{
    if (!g_pending_count) return;
    for (uint32_t i = 0; i < PENDING_SLOTS; i++) {
        volatile LONG64 *slot = &g_pending[i];
        if (*slot == (LONG64)handle
            && InterlockedCompareExchange64(slot, (LONG64)(handle | 1), (LONG64)handle) == (LONG64)handle) {
            emit_pending_close(i, handle);
            InterlockedExchange64(slot, (LONG64)(handle | 2));
        } else {
            wait_while(slot, (LONG64)(handle | 1));
        }
    }
}

__declspec(noinline) void hs_emit_create(uint64_t handle, uint16_t type, uint16_t api, uint32_t skip, const char *name, uint32_t name_len)
{
    pending_stack ps;
    settle_pending(handle);
    ps.count = capture(skip, ps.frames);
    hs_create c = { hs_now(), handle, hs_current_thread_id(), 0, type, api };
    emit_with_stack(HS_FRAME_CREATE, &c, sizeof c, offsetof(hs_create, stack_id), &ps, name, name_len);
}

__declspec(noinline) void hs_emit_close_event(uint64_t handle, uint16_t api, uint32_t skip)
{
    pending_stack ps;
    ps.count = g_cfg.close_stacks ? capture(skip, ps.frames) : 0;
    hs_close c = { hs_now(), handle, hs_current_thread_id(), 0, api, 0 };
    emit_with_stack(HS_FRAME_CLOSE, &c, sizeof c, offsetof(hs_close, stack_id), &ps, NULL, 0);
}

__declspec(noinline) void hs_emit_duplicate_event(uint64_t source, uint64_t target, uint16_t type, uint16_t api, uint32_t flags, uint32_t skip)
{
    pending_stack ps;
    if (flags & HS_DUP_NEW_IN_SELF) settle_pending(target);
    ps.count = (flags & HS_DUP_NEW_IN_SELF) || g_cfg.close_stacks ? capture(skip, ps.frames) : 0;
    hs_duplicate d = { hs_now(), source, target, hs_current_thread_id(), 0, type, api, flags };
    emit_with_stack(HS_FRAME_DUPLICATE, &d, sizeof d, offsetof(hs_duplicate, stack_id), &ps, NULL, 0);
}

uint32_t hs_utf16_to_utf8(const WCHAR *s, uint32_t chars, char *out, uint32_t cap)
{
    uint32_t n = 0, i = 0;
    /* Object names are nearly always ASCII: one byte per character, no checks. */
    while (i < chars && n < cap && s[i] < 0x80) out[n++] = (char)s[i++];
    for (; i < chars; i++) {
        uint32_t c = s[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < chars && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c < 0xE000) {
            c = 0xFFFD;
        }
        uint32_t need = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        if (n + need > cap) break;
        if (need == 1) out[n++] = (char)c;
        else if (need == 2) { out[n++] = (char)(0xC0 | (c >> 6)); out[n++] = (char)(0x80 | (c & 0x3F)); }
        else if (need == 3) {
            out[n++] = (char)(0xE0 | (c >> 12)); out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[n++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[n++] = (char)(0xF0 | (c >> 18)); out[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
            out[n++] = (char)(0x80 | ((c >> 6) & 0x3F)); out[n++] = (char)(0x80 | (c & 0x3F));
        }
    }
    return n;
}

typedef NTSTATUS (NTAPI *query_object_fn)(HANDLE, OBJECT_INFORMATION_CLASS, PVOID, ULONG, PULONG);

/* Asks the kernel for the type name of a handle whose API does not imply one;
 * names are cached and each new one is DEFINEd once. */
uint16_t hs_type_of_handle(HANDLE h)
{
    static query_object_fn query;
    union { PUBLIC_OBJECT_TYPE_INFORMATION info; uint8_t raw[512]; } buf;
    char name[60];
    if (!query) query = (query_object_fn)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtQueryObject");
    if (!query || query(h, ObjectTypeInformation, &buf, sizeof buf, NULL) < 0) return HS_TYPE_UNKNOWN;
    uint32_t len = hs_utf16_to_utf8(buf.info.TypeName.Buffer, buf.info.TypeName.Length / 2, name, sizeof name);
    for (unsigned i = 0; i < HS_KNOWN_TYPE_COUNT; i++)
        if (strlen(hs_known_types[i].name) == len && memcmp(hs_known_types[i].name, name, len) == 0)
            return hs_known_types[i].id;
    uint16_t id = HS_TYPE_UNKNOWN;
    if (!lock()) return HS_TYPE_UNKNOWN;
    for (uint32_t i = 0; i < g_type_count; i++)
        if (g_types[i].len == len && memcmp(g_types[i].name, name, len) == 0) id = g_types[i].id;
    int fresh = id == HS_TYPE_UNKNOWN && g_type_count < TYPE_CACHE;
    if (fresh) {
        type_entry *e = &g_types[g_type_count++];
        e->id = id = g_next_dynamic++;
        e->len = (uint16_t)len;
        memcpy(e->name, name, len);
    }
    unlock();
    if (fresh) {
        hs_define d = { HS_DEFINE_TYPE, id };
        hs_emit(HS_FRAME_DEFINE, &d, sizeof d, NULL, 0, name, len);
    }
    return id;
}

uint32_t hs_ring_take(uint8_t *out, uint32_t cap, int at_exit)
{
    if (at_exit ? !lock_within(100) : !lock()) return 0;
    uint64_t avail = g_head - g_tail;
    uint32_t n = avail < cap ? (uint32_t)avail : cap;
    uint32_t at = (uint32_t)(g_tail & (RING_SIZE - 1));
    uint32_t first = RING_SIZE - at < n ? RING_SIZE - at : n;
    memcpy(out, g_ring + at, first);
    memcpy(out + first, g_ring, n - first);
    g_tail += n;
    unlock();
    return n;
}

/* Writes one DROPPED frame for the drops counted so far, if there is room. */
void hs_flush_dropped(void)
{
    uint64_t count = (uint64_t)g_dropped;
    if (!count || !lock()) return;
    if (RING_SIZE - (g_head - g_tail) >= sizeof(hs_frame_header) + sizeof(hs_dropped)) {
        hs_dropped d = { hs_now(), count };
        InterlockedExchangeAdd64(&g_dropped, -(LONG64)count);
        put_frame(HS_FRAME_DROPPED, &d, sizeof d, NULL, 0, NULL, 0, 0);
    }
    unlock();
}
