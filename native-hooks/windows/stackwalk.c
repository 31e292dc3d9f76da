/* The x64 stack walk of the agent: the PE unwind data where the code has it,
 * frame pointers where it does not, and never a read outside memory known to
 * be a committed stack.
 *
 * Why not RtlCaptureStackBackTrace: Wine's RtlVirtualUnwind trusts the frame
 * it is given. Go (1.22 and later) describes its functions as frame-pointer
 * frames in .pdata, but calls the OS from assembly that does not keep that
 * promise; unwinding through it read address 0 inside RtlVirtualUnwind, the
 * access violation's own dispatch unwound the same frames and faulted again,
 * until the thread's stack overflowed and the thread died: the Go program
 * then waited forever for it (measured with a Go 1.27 program under Wine 8).
 * Go 1.21 and older have no unwind data at all, and the walk produced noise
 * past runtime.asmstdcall. Go keeps frame pointers on amd64, and its system
 * calls leave RBP holding the caller's frame on the goroutine stack, so the
 * walk continues there by frame pointers. */
#include "hs_hook.h"
#include <string.h>

#if defined(_M_X64) || defined(__x86_64__)

#define UWOP_PUSH_NONVOL 0
#define UWOP_ALLOC_LARGE 1
#define UWOP_ALLOC_SMALL 2
#define UWOP_SET_FPREG 3
#define UWOP_SAVE_NONVOL 4
#define UWOP_SAVE_NONVOL_FAR 5
#define UWOP_EPILOG 6
#define UWOP_SPARE_CODE 7
#define UWOP_SAVE_XMM128 8
#define UWOP_SAVE_XMM128_FAR 9
#define UWOP_PUSH_MACHFRAME 10
#define REG_RSP 4
#define REG_RBP 5
#define MAX_CHAIN 8
#define MAX_REGIONS 4            /* stacks a frame-pointer chain may cross */

typedef struct unwind_info {
    uint8_t version_flags;
    uint8_t prolog_size;
    uint8_t code_count;
    uint8_t frame;               /* register (low 4 bits), offset / 16 (high 4 bits) */
    uint16_t codes[];
} unwind_info;

/* Memory that may be read: a committed, readable stack region. */
typedef struct range { uint64_t lo, hi; } range;

typedef struct regs {
    uint64_t rip, rsp;
    uint64_t r[16];              /* by x64 register number */
    uint32_t restored;           /* registers since read from the stack (the rest hold their captured values) */
    uint64_t from[16];           /* where on the stack each restored register was read */
} regs;

/* What one walk's result depends on, for the memo below: the stack words it
 * used (return addresses, and saved registers only where their value was then
 * used, as a frame register), the captured register values it used, and the
 * span of stack it read at all (every read must succeed again). Saved
 * registers whose values the walk only stepped over are not dependencies: the
 * caller's loop counter in RBX must not make every call a new stack. `ok`
 * drops to 0 when the walk depended on anything else (another memory region,
 * code without unwind data, a dynamic function table) or used more words than
 * fit. */
#define MEMO_DEPS 160
typedef struct trace {
    int ok;
    unsigned n;
    uint64_t lo, hi;             /* lowest and highest stack word read */
    uint32_t regs;
    uint64_t reg_value[16];
    uint64_t addr[MEMO_DEPS], value[MEMO_DEPS];
} trace;

static int holds(const range *m, uint64_t at, uint64_t len)
{
    return m->hi - m->lo >= len && at >= m->lo && at - m->lo <= m->hi - m->lo - len;
}

static int read_u64(const range *m, uint64_t at, uint64_t *out)
{
    if (!holds(m, at, 8) || (at & 7)) return 0;
    *out = *(const uint64_t *)(uintptr_t)at;
    return 1;
}

static void depend_on(trace *t, uint64_t at, uint64_t value)
{
    if (t->n == MEMO_DEPS) t->ok = 0;
    else {
        t->addr[t->n] = at;
        t->value[t->n++] = value;
    }
}

/* A stack read whose success the walk relies on. A read that fails might
 * succeed later (the stack grows), so a walk that met one is not memoised. */
static int read_span(const range *m, trace *t, uint64_t at, uint64_t *out)
{
    if (!read_u64(m, at, out)) {
        t->ok = 0;
        return 0;
    }
    if (at < t->lo) t->lo = at;
    if (at > t->hi) t->hi = at;
    return 1;
}

/* A stack read whose value the walk uses. */
static int read_dep(const range *m, trace *t, uint64_t at, uint64_t *out)
{
    if (!read_span(m, t, at, out)) return 0;
    depend_on(t, at, *out);
    return 1;
}

/* Loads a saved register from the stack; its value is not a dependency until used. */
static int restore(const range *m, trace *t, regs *r, unsigned reg, uint64_t at)
{
    if (!read_span(m, t, at, &r->r[reg])) return 0;
    r->restored |= 1u << reg;
    r->from[reg] = at;
    return 1;
}

/* A register's value as the walk uses it: the stack word it came from, or
 * its captured value. */
static uint64_t reg_dep(const regs *r, trace *t, unsigned reg)
{
    if (r->restored & (1u << reg)) {
        depend_on(t, r->from[reg], r->r[reg]);
    } else {
        t->regs |= 1u << reg;
        t->reg_value[reg] = r->r[reg];
    }
    return r->r[reg];
}

/* The committed readable region holding `at`; the current thread's stack
 * needs no system call. */
static int region_of(uint64_t at, range *out)
{
    const NT_TIB *tib = (const NT_TIB *)hs_current_teb();
    if (at >= (uint64_t)(uintptr_t)tib->StackLimit && at < (uint64_t)(uintptr_t)tib->StackBase) {
        out->lo = (uint64_t)(uintptr_t)tib->StackLimit;
        out->hi = (uint64_t)(uintptr_t)tib->StackBase;
        return 1;
    }
    MEMORY_BASIC_INFORMATION mbi;
    DWORD err = GetLastError();
    SIZE_T got = VirtualQuery((const void *)(uintptr_t)at, &mbi, sizeof mbi);
    SetLastError(err);   /* the hooked API's caller may read it after we return */
    if (!got || mbi.State != MEM_COMMIT || (mbi.Protect & (PAGE_GUARD | PAGE_NOACCESS))
        || !(mbi.Protect & (PAGE_READWRITE | PAGE_READONLY | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_READ | PAGE_WRITECOPY)))
        return 0;
    out->lo = (uint64_t)(uintptr_t)mbi.BaseAddress;
    out->hi = out->lo + mbi.RegionSize;
    return 1;
}

/* 0 when `base` is not a PE image (a table registered for generated code). */
static uint32_t image_size(uint64_t base)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)(uintptr_t)base;
    if (dos->e_magic != IMAGE_DOS_SIGNATURE || dos->e_lfanew <= 0 || dos->e_lfanew > 4096 - (LONG)sizeof(IMAGE_NT_HEADERS64))
        return 0;
    const IMAGE_NT_HEADERS64 *nt = (const IMAGE_NT_HEADERS64 *)(uintptr_t)(base + (uint32_t)dos->e_lfanew);
    return nt->Signature == IMAGE_NT_SIGNATURE ? nt->OptionalHeader.SizeOfImage : 0;
}

/* The unwind info at `rva`, or NULL when it does not lie inside the image. */
static const unwind_info *info_at(uint64_t base, uint32_t size, uint32_t rva)
{
    if (rva & 1 || rva > size - 4) return NULL;
    const unwind_info *u = (const unwind_info *)(uintptr_t)(base + rva);
    if ((u->version_flags & 7) == 0 || (u->version_flags & 7) > 2) return NULL;
    if (rva + 4u + 2u * ((u->code_count + 1u) & ~1u) + sizeof(RUNTIME_FUNCTION) > size) return NULL;
    return u;
}

static unsigned code_slots(uint16_t code)
{
    unsigned op = (code >> 8) & 15, info = code >> 12;
    switch (op) {
    case UWOP_ALLOC_LARGE: return info ? 3 : 2;
    case UWOP_SAVE_NONVOL: case UWOP_SAVE_XMM128: case UWOP_EPILOG: return 2;
    case UWOP_SAVE_NONVOL_FAR: case UWOP_SAVE_XMM128_FAR: case UWOP_SPARE_CODE: return 3;
    default: return 1;
    }
}

/* Undoes one function's prolog as far as `offset` into it has executed,
 * reading only inside `m`. Returns 0 when a read would leave it, 1 when the
 * return address is still to be popped, 2 after a machine frame (rip and rsp
 * already restored). */
static int undo_prolog(const range *m, trace *t, regs *r, uint64_t base, uint32_t size, const RUNTIME_FUNCTION *fn,
                       uint64_t offset)
{
    if (size < 4) return 0;
    for (unsigned chain = 0; chain < MAX_CHAIN; chain++) {
        const unwind_info *u = info_at(base, size, fn->UnwindData);
        if (!u) return 0;
        unsigned frame_reg = u->frame & 15;
        uint64_t frame = r->rsp;
        if (frame_reg) {
            /* offsets of saved registers count from the frame register once it is set */
            for (unsigned i = 0; i < u->code_count; i += code_slots(u->codes[i]))
                if (((u->codes[i] >> 8) & 15) == UWOP_SET_FPREG && (u->codes[i] & 0xFF) <= offset)
                    frame = reg_dep(r, t, frame_reg) - 16u * (u->frame >> 4);
        }
        for (unsigned i = 0; i < u->code_count; i += code_slots(u->codes[i])) {
            uint16_t c = u->codes[i];
            unsigned op = (c >> 8) & 15, info = c >> 12;
            if (i + code_slots(c) > u->code_count) return 0;
            if ((c & 0xFF) > offset) continue;   /* not executed yet */
            uint64_t v;
            switch (op) {
            case UWOP_PUSH_NONVOL:
                if (!restore(m, t, r, info, r->rsp)) return 0;
                r->rsp += 8;
                break;
            case UWOP_ALLOC_LARGE:
                r->rsp += info ? (u->codes[i + 1] | ((uint64_t)u->codes[i + 2] << 16)) : u->codes[i + 1] * 8u;
                break;
            case UWOP_ALLOC_SMALL:
                r->rsp += info * 8u + 8u;
                break;
            case UWOP_SET_FPREG:
                r->rsp = reg_dep(r, t, frame_reg) - 16u * (u->frame >> 4);
                break;
            case UWOP_SAVE_NONVOL:
                if (!restore(m, t, r, info, frame + u->codes[i + 1] * 8u)) return 0;
                break;
            case UWOP_SAVE_NONVOL_FAR:
                if (!restore(m, t, r, info, frame + (u->codes[i + 1] | ((uint64_t)u->codes[i + 2] << 16)))) return 0;
                break;
            case UWOP_PUSH_MACHFRAME: {
                uint64_t at = r->rsp + (info ? 8 : 0), rsp;
                if (!read_dep(m, t, at, &v) || !read_dep(m, t, at + 24, &rsp)) return 0;
                r->rip = v;
                r->rsp = rsp;
                return 2;
            }
            default:
                break;   /* XMM saves and epilog descriptors do not move integer registers */
            }
            r->r[REG_RSP] = r->rsp;
        }
        if (!((u->version_flags >> 3) & UNW_FLAG_CHAININFO)) return 1;
        fn = (const RUNTIME_FUNCTION *)(uintptr_t)(base + fn->UnwindData + 4u + 2u * ((u->code_count + 1u) & ~1u));
        offset = ~(uint64_t)0;   /* a chained (parent) prolog has run completely */
    }
    return 0;
}

/* Follows saved frame pointers from `rbp`: each frame holds the caller's
 * frame pointer, then the return address. */
static unsigned walk_frame_pointers(uint64_t rbp, unsigned skip, unsigned n, unsigned cap, uint64_t *out)
{
    range m = { 0, 0 };
    unsigned regions = 0;
    for (unsigned seen = 0; n < cap && seen < 4 * HS_MAX_STACK_FRAMES; seen++) {
        if (!holds(&m, rbp, 16)) {
            if (++regions > MAX_REGIONS || !region_of(rbp, &m)) break;
        }
        uint64_t next, ret;
        if (!read_u64(&m, rbp, &next) || !read_u64(&m, rbp + 8, &ret) || !ret) break;
        if (skip) skip--;
        else out[n++] = ret;
        if (next <= rbp) break;   /* callers' frames lie above: anything else is not a chain */
        rbp = next;
    }
    return n;
}

/* The memo: Wine's RtlLookupFunctionEntry and the unwind cost microseconds a
 * call, and a hooked call site sees the same stack again and again. A walk is
 * a function of the stack words it read, the captured registers it used, and
 * the unwind data of the modules its frames are in; when a walk depended on
 * nothing else, its frames are kept with those words and register values, and
 * a later walk from the same stack pointer whose words and registers all still
 * hold the same values returns the same frames without walking. A module
 * unload (or a new recording) empties the memo. Each thread has a block of its
 * own, taken from a preallocated pool on its first walk and given back when it
 * exits; a thread that finds none free walks every time. */
#define MEMO_SITES 8
#define MEMO_THREADS 128
#define NO_BLOCK ((void *)1)

typedef struct memo_entry {
    uint64_t rsp;                /* the key: the walk's stack pointer, */
    uint32_t skip_cap;           /* its skip and cap, */
    LONG epoch;                  /* and the memo's epoch (0: empty) */
    unsigned frames;
    uint64_t frame[HS_MAX_STACK_FRAMES];
    trace deps;
} memo_entry;

typedef struct memo_block {
    volatile LONG owner;         /* thread id, 0 when free */
    unsigned next_victim;
    memo_entry entry[MEMO_SITES];
} memo_block;

static memo_block *g_memo;
static DWORD g_memo_tls = TLS_OUT_OF_INDEXES;
static volatile LONG g_memo_epoch = 1;

#ifdef HS_BENCH
int hs_bench_stack_memo = 1;     /* the harness compares walks with and without it */
#endif

int hs_stack_memo_init(void)
{
    if (!g_memo) {
        g_memo_tls = TlsAlloc();
        if (g_memo_tls == TLS_OUT_OF_INDEXES) return -1;
        g_memo = VirtualAlloc(NULL, MEMO_THREADS * sizeof(memo_block), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        if (!g_memo) return -1;
    }
    hs_stack_memo_forget();
    return 0;
}

void hs_stack_memo_forget(void)
{
    if (InterlockedIncrement(&g_memo_epoch) == 0) InterlockedIncrement(&g_memo_epoch);
}

void hs_stack_memo_thread_exit(void)
{
    if (g_memo_tls == TLS_OUT_OF_INDEXES) return;
    memo_block *b = hs_tls_get(g_memo_tls);
    if (!b || b == NO_BLOCK) return;
    for (unsigned i = 0; i < MEMO_SITES; i++) b->entry[i].epoch = 0;
    hs_tls_set(g_memo_tls, NULL);
    InterlockedExchange(&b->owner, 0);
}

static memo_block *memo_block_of_thread(void)
{
    if (!g_memo) return NULL;
    memo_block *b = hs_tls_get(g_memo_tls);
    if (b == NO_BLOCK) return NULL;
    if (b) return b;
    LONG tid = (LONG)hs_current_thread_id();
    for (unsigned i = 0; i < MEMO_THREADS; i++) {
        if (g_memo[i].owner == 0 && InterlockedCompareExchange(&g_memo[i].owner, tid, 0) == 0) {
            hs_tls_set(g_memo_tls, &g_memo[i]);
            return &g_memo[i];
        }
    }
    hs_tls_set(g_memo_tls, NO_BLOCK);
    return NULL;
}

static void trace_start(trace *t)
{
    t->ok = 1;
    t->n = 0;
    t->lo = ~(uint64_t)0;
    t->hi = 0;
    t->regs = 0;
}

/* Every word and register the entry's walk depended on still holds its value. */
static int still_holds(const memo_entry *e, const regs *r, const range *m)
{
    const trace *t = &e->deps;
    if (t->hi >= t->lo && !holds(m, t->lo, t->hi - t->lo + 8)) return 0;
    for (unsigned i = 0; i < t->n; i++) {
        uint64_t v;
        if (!read_u64(m, t->addr[i], &v) || v != t->value[i]) return 0;
    }
    for (unsigned reg = 0; reg < 16; reg++)
        if ((t->regs & (1u << reg)) && r->r[reg] != t->reg_value[reg]) return 0;
    return 1;
}

/* The walk itself; `t` collects what it depends on. */
static unsigned walk(regs *r, const range *m, trace *t, unsigned skip, unsigned cap, uint64_t *out)
{
    unsigned n = 0;
    for (unsigned depth = 0; n < cap && depth < 4 * HS_MAX_STACK_FRAMES; depth++) {
        if (depth) {
            if (skip) skip--;
            else out[n++] = r->rip;
        }
        uint64_t base = 0;
        PRUNTIME_FUNCTION fn = RtlLookupFunctionEntry(r->rip, &base, NULL);
        uint32_t size = fn ? image_size(base) : 0;
        if (!size) t->ok = 0;    /* no unwind data, or a table registered at run time: not memoised */
        if (!fn) {
            /* code without unwind data (Go before 1.22, generated code): its
             * caller's frames are reached through RBP, if at all */
            if (depth) n = walk_frame_pointers(r->r[REG_RBP], skip, n, cap, out);
            break;
        }
        uint64_t rbp = r->r[REG_RBP];
        int undone = undo_prolog(m, t, r, base, size, fn, r->rip - base - fn->BeginAddress);
        if (!undone) {
            /* a frame that is not on this stack (Go's goroutine stacks) */
            t->ok = 0;
            if (depth) n = walk_frame_pointers(rbp, skip, n, cap, out);
            break;
        }
        if (undone == 1) {
            uint64_t ret;
            if (!read_dep(m, t, r->rsp, &ret)) break;
            r->rip = ret;
            r->rsp += 8;
        }
        r->r[REG_RSP] = r->rsp;
        if (r->rsp < m->lo) t->ok = 0;   /* below the stack's committed part, which may grow */
        if (!r->rip || r->rsp < m->lo || r->rsp >= m->hi) break;
    }
    return n;
}

__declspec(noinline) unsigned hs_stack_walk(unsigned skip, unsigned cap, uint64_t *out)
{
    CONTEXT ctx;
    regs r;
    range m;
    RtlCaptureContext(&ctx);
    r.rip = ctx.Rip;
    r.rsp = ctx.Rsp;
    memcpy(r.r, &ctx.Rax, sizeof r.r);
    r.restored = 1u << REG_RSP;  /* RSP follows from the key and the words read */
    if (!region_of(r.rsp, &m)) return 0;
    if (cap > HS_MAX_STACK_FRAMES) cap = HS_MAX_STACK_FRAMES;
    /* only walks on the thread's own stack are memoised: its bounds are known without a system call */
    const NT_TIB *tib = (const NT_TIB *)hs_current_teb();
    memo_block *b = m.hi == (uint64_t)(uintptr_t)tib->StackBase ? memo_block_of_thread() : NULL;
#ifdef HS_BENCH
    if (!hs_bench_stack_memo) b = NULL;
#endif
    if (!b) {
        trace scratch;
        trace_start(&scratch);
        return walk(&r, &m, &scratch, skip, cap, out);
    }
    LONG epoch = g_memo_epoch;
    uint32_t skip_cap = skip << 16 | cap;
    memo_entry *e = NULL;
    for (unsigned i = 0; i < MEMO_SITES; i++) {
        memo_entry *c = &b->entry[i];
        if (c->epoch != epoch || c->rsp != r.rsp || c->skip_cap != skip_cap) continue;
        if (still_holds(c, &r, &m)) {
            memcpy(out, c->frame, c->frames * sizeof *out);
            return c->frames;
        }
        e = c;                   /* the same spot, another stack: learn it anew in place */
        break;
    }
    if (!e) e = &b->entry[b->next_victim++ % MEMO_SITES];
    e->epoch = 0;
    trace_start(&e->deps);
    unsigned n = walk(&r, &m, &e->deps, skip, cap, out);
    if (e->deps.ok) {
        e->rsp = ctx.Rsp;
        e->skip_cap = skip_cap;
        e->frames = n;
        memcpy(e->frame, out, n * sizeof *out);
        e->epoch = epoch;
    }
    return n;
}

#endif
