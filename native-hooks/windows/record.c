/* Event recording inside the target: per-thread guard, bounded ring of encoded
 * frames, stack deduplication, type resolution. Everything here is allocated
 * once at start with VirtualAlloc; hooks never allocate. */
#include "hs_hook.h"
#include <string.h>

#define RING_SIZE (16u << 20)          /* power of two */
#define STACK_SLOTS (1u << 16)         /* open-addressing table, power of two */
#define STACK_POOL_FRAMES (4u << 20)   /* frames stored for distinct stacks */
#define FULL_WAIT_MS 5000              /* lossless mode: longest wait for the reader */
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
static SRWLOCK g_lock = SRWLOCK_INIT;
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

static const struct { const char *name; uint16_t id; } k_known_types[] = {
    {"File", HS_TYPE_FILE}, {"Event", HS_TYPE_EVENT}, {"Mutant", HS_TYPE_MUTANT},
    {"Semaphore", HS_TYPE_SEMAPHORE}, {"Section", HS_TYPE_SECTION}, {"Key", HS_TYPE_KEY},
    {"Process", HS_TYPE_PROCESS}, {"Thread", HS_TYPE_THREAD}, {"Token", HS_TYPE_TOKEN},
    {"Job", HS_TYPE_JOB}, {"IoCompletion", HS_TYPE_IO_COMPLETION}, {"Timer", HS_TYPE_TIMER},
    {"ALPC Port", HS_TYPE_ALPC_PORT}, {"Directory", HS_TYPE_DIRECTORY},
    {"SymbolicLink", HS_TYPE_SYMBOLIC_LINK}, {"DebugObject", HS_TYPE_DEBUG_OBJECT},
    {"KeyedEvent", HS_TYPE_KEYED_EVENT}, {"WindowStation", HS_TYPE_WINDOW_STATION},
    {"Desktop", HS_TYPE_DESKTOP}, {"Partition", HS_TYPE_PARTITION}, {"TmTx", HS_TYPE_TRANSACTION},
    {"Socket", HS_TYPE_SOCKET},
};

int hs_record_init(const hs_config *cfg)
{
    g_cfg = *cfg;
    g_tls = TlsAlloc();
    if (g_tls == TLS_OUT_OF_INDEXES) return -1;
    g_ring = VirtualAlloc(NULL, RING_SIZE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    g_slots = VirtualAlloc(NULL, STACK_SLOTS * sizeof(stack_slot), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    g_pool = VirtualAlloc(NULL, STACK_POOL_FRAMES * sizeof(uint64_t), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!g_ring || !g_slots || !g_pool) return -1;
    for (unsigned i = 0; i < sizeof k_known_types / sizeof k_known_types[0]; i++)
        hs_emit_define(HS_DEFINE_TYPE, k_known_types[i].id, k_known_types[i].name);
    return 0;
}

int hs_config_close_stacks(void) { return g_cfg.close_stacks; }
void hs_record_set_active(int on) { InterlockedExchange(&g_active, on); }
int hs_record_active(void) { return g_active; }

/* The guard is one TLS slot allocated at start (TlsAlloc works for DLLs loaded
 * with LoadLibrary on every Windows version, unlike implicit __thread TLS).
 * TlsGetValue resets the last error, so it is saved and restored: the caller
 * of the hooked API may read GetLastError after we return. */
int hs_guard_enter(void)
{
    DWORD err = GetLastError();
    int inside = TlsGetValue(g_tls) != NULL;
    if (!inside) TlsSetValue(g_tls, (void *)1);
    SetLastError(err);
    return !inside;
}

void hs_guard_leave(void)
{
    DWORD err = GetLastError();
    TlsSetValue(g_tls, NULL);
    SetLastError(err);
}

void hs_guard_set_permanent(void) { TlsSetValue(g_tls, (void *)2); }

uint64_t hs_now(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (uint64_t)t.QuadPart;
}

/* Copies into the ring; caller holds g_lock and checked the space. */
static void ring_put(const void *src, uint32_t len)
{
    uint32_t at = (uint32_t)(g_head & (RING_SIZE - 1));
    uint32_t first = RING_SIZE - at < len ? RING_SIZE - at : len;
    memcpy(g_ring + at, src, first);
    memcpy(g_ring, (const uint8_t *)src + first, len - first);
    g_head += len;
}

/* Reserves room for `len` bytes and returns with g_lock held, or returns 0
 * (lock released) after counting a drop. In lossless mode it waits for the
 * reader, but never longer than FULL_WAIT_MS: a dead reader must not hang the target. */
static int ring_reserve(uint32_t len)
{
    DWORD waited = 0;
    for (;;) {
        AcquireSRWLockExclusive(&g_lock);
        if (RING_SIZE - (g_head - g_tail) >= len) return 1;
        ReleaseSRWLockExclusive(&g_lock);
        if (g_cfg.drop_when_full || !g_active || waited >= FULL_WAIT_MS) {
            InterlockedIncrement64(&g_dropped);
            return 0;
        }
        Sleep(1);
        waited++;
    }
}

static void put_frame(uint16_t kind, const void *fixed, uint32_t fixed_len, const void *extra, uint32_t extra_len,
                      const char *str, uint32_t str_len, int with_string)
{
    hs_frame_header h;
    uint16_t slen = (uint16_t)str_len;
    h.payload_size = fixed_len + extra_len + (with_string ? 2 + str_len : 0);
    h.kind = kind;
    h.reserved = 0;
    ring_put(&h, sizeof h);
    if (fixed_len) ring_put(fixed, fixed_len);
    if (extra_len) ring_put(extra, extra_len);
    if (with_string) {
        ring_put(&slen, 2);
        if (str_len) ring_put(str, str_len);
    }
}

static int kind_has_string(uint16_t kind)
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
    ReleaseSRWLockExclusive(&g_lock);
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

static uint32_t hash_frames(const uint64_t *f, uint16_t n)
{
    uint32_t h = 2166136261u;
    for (uint16_t i = 0; i < n; i++) {
        uint64_t v = f[i];
        for (int b = 0; b < 8; b++) { h ^= (uint8_t)(v >> (8 * b)); h *= 16777619u; }
    }
    return h ? h : 1;
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
        if (s->hash == hash && s->count == n && memcmp(g_pool + s->first, frames, n * sizeof(uint64_t)) == 0)
            return s->id;
    }
    return HS_NO_STACK;
}

typedef struct pending_stack {
    uint64_t frames[HS_MAX_STACK_FRAMES];
    uint16_t count;
} pending_stack;

static __declspec(noinline) uint16_t capture(unsigned skip, uint64_t *out)
{
    void *raw[62];
    USHORT n = RtlCaptureStackBackTrace((ULONG)skip + 1, 62, raw, NULL);
    for (USHORT i = 0; i < n; i++) out[i] = (uint64_t)(uintptr_t)raw[i];
    return n;
}

/* Emits CREATE (and the STACK first if new) under one lock so a reader never
 * sees a stack id before its STACK frame. */
static void emit_with_stack(uint16_t kind, const void *fixed, uint32_t fixed_len, uint32_t stack_field_offset,
                            const pending_stack *ps, const char *str, uint32_t str_len)
{
    uint8_t buf[64];
    uint32_t stack_frame_len = (uint32_t)(sizeof(hs_frame_header) + sizeof(hs_stack) + ps->count * sizeof(uint64_t));
    int with_string = kind_has_string(kind);
    uint32_t total = stack_frame_len + (uint32_t)sizeof(hs_frame_header) + fixed_len + (with_string ? 2 + str_len : 0);
    uint32_t hash = ps->count ? hash_frames(ps->frames, ps->count) : 0;
    memcpy(buf, fixed, fixed_len);
    if (!ring_reserve(total)) return;
    uint32_t id = ps->count ? stack_id_locked(ps->frames, ps->count, hash) : HS_NO_STACK;
    memcpy(buf + stack_field_offset, &id, sizeof id);
    put_frame(kind, buf, fixed_len, NULL, 0, str, str_len, with_string);
    ReleaseSRWLockExclusive(&g_lock);
}

__declspec(noinline) void hs_emit_create(uint64_t handle, uint16_t type, uint16_t api, uint32_t skip, const char *name, uint32_t name_len)
{
    pending_stack ps;
    ps.count = capture(skip, ps.frames);
    hs_create c = { hs_now(), handle, GetCurrentThreadId(), 0, type, api };
    emit_with_stack(HS_FRAME_CREATE, &c, sizeof c, offsetof(hs_create, stack_id), &ps, name, name_len);
}

__declspec(noinline) void hs_emit_close_event(uint64_t handle, uint16_t api, uint32_t skip)
{
    pending_stack ps;
    ps.count = g_cfg.close_stacks ? capture(skip, ps.frames) : 0;
    hs_close c = { hs_now(), handle, GetCurrentThreadId(), 0, api, 0 };
    emit_with_stack(HS_FRAME_CLOSE, &c, sizeof c, offsetof(hs_close, stack_id), &ps, NULL, 0);
}

__declspec(noinline) void hs_emit_duplicate_event(uint64_t source, uint64_t target, uint16_t type, uint16_t api, uint32_t flags, uint32_t skip)
{
    pending_stack ps;
    ps.count = (flags & HS_DUP_NEW_IN_SELF) || g_cfg.close_stacks ? capture(skip, ps.frames) : 0;
    hs_duplicate d = { hs_now(), source, target, GetCurrentThreadId(), 0, type, api, flags };
    emit_with_stack(HS_FRAME_DUPLICATE, &d, sizeof d, offsetof(hs_duplicate, stack_id), &ps, NULL, 0);
}

uint32_t hs_utf16_to_utf8(const WCHAR *s, uint32_t chars, char *out, uint32_t cap)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < chars; i++) {
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
    for (unsigned i = 0; i < sizeof k_known_types / sizeof k_known_types[0]; i++)
        if (strlen(k_known_types[i].name) == len && memcmp(k_known_types[i].name, name, len) == 0)
            return k_known_types[i].id;
    uint16_t id = HS_TYPE_UNKNOWN;
    AcquireSRWLockExclusive(&g_lock);
    for (uint32_t i = 0; i < g_type_count; i++)
        if (g_types[i].len == len && memcmp(g_types[i].name, name, len) == 0) id = g_types[i].id;
    int fresh = id == HS_TYPE_UNKNOWN && g_type_count < TYPE_CACHE;
    if (fresh) {
        type_entry *e = &g_types[g_type_count++];
        e->id = id = g_next_dynamic++;
        e->len = (uint16_t)len;
        memcpy(e->name, name, len);
    }
    ReleaseSRWLockExclusive(&g_lock);
    if (fresh) {
        hs_define d = { HS_DEFINE_TYPE, id };
        hs_emit(HS_FRAME_DEFINE, &d, sizeof d, NULL, 0, name, len);
    }
    return id;
}

uint32_t hs_ring_take(uint8_t *out, uint32_t cap)
{
    AcquireSRWLockExclusive(&g_lock);
    uint64_t avail = g_head - g_tail;
    uint32_t n = avail < cap ? (uint32_t)avail : cap;
    uint32_t at = (uint32_t)(g_tail & (RING_SIZE - 1));
    uint32_t first = RING_SIZE - at < n ? RING_SIZE - at : n;
    memcpy(out, g_ring + at, first);
    memcpy(out + first, g_ring, n - first);
    g_tail += n;
    ReleaseSRWLockExclusive(&g_lock);
    return n;
}

/* Writes one DROPPED frame for the drops counted so far, if there is room. */
void hs_flush_dropped(void)
{
    uint64_t count = (uint64_t)g_dropped;
    if (!count) return;
    AcquireSRWLockExclusive(&g_lock);
    if (RING_SIZE - (g_head - g_tail) >= sizeof(hs_frame_header) + sizeof(hs_dropped)) {
        hs_dropped d = { hs_now(), count };
        InterlockedExchangeAdd64(&g_dropped, -(LONG64)count);
        put_frame(HS_FRAME_DROPPED, &d, sizeof d, NULL, 0, NULL, 0, 0);
    }
    ReleaseSRWLockExclusive(&g_lock);
}
