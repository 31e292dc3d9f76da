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
} regs;

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

/* The committed readable region holding `at`; the current thread's stack
 * needs no system call. */
static int region_of(uint64_t at, range *out)
{
    const NT_TIB *tib;
    /* the TEB's self pointer; mingw's NtCurrentTeb trips GCC 12's -Warray-bounds */
    __asm__("movq %%gs:0x30, %0" : "=r"(tib));
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
static int undo_prolog(const range *m, regs *r, uint64_t base, uint32_t size, const RUNTIME_FUNCTION *fn,
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
                    frame = r->r[frame_reg] - 16u * (u->frame >> 4);
        }
        for (unsigned i = 0; i < u->code_count; i += code_slots(u->codes[i])) {
            uint16_t c = u->codes[i];
            unsigned op = (c >> 8) & 15, info = c >> 12;
            if (i + code_slots(c) > u->code_count) return 0;
            if ((c & 0xFF) > offset) continue;   /* not executed yet */
            uint64_t v;
            switch (op) {
            case UWOP_PUSH_NONVOL:
                if (!read_u64(m, r->rsp, &v)) return 0;
                r->r[info] = v;
                r->rsp += 8;
                break;
            case UWOP_ALLOC_LARGE:
                r->rsp += info ? (u->codes[i + 1] | ((uint64_t)u->codes[i + 2] << 16)) : u->codes[i + 1] * 8u;
                break;
            case UWOP_ALLOC_SMALL:
                r->rsp += info * 8u + 8u;
                break;
            case UWOP_SET_FPREG:
                r->rsp = r->r[frame_reg] - 16u * (u->frame >> 4);
                break;
            case UWOP_SAVE_NONVOL:
                if (!read_u64(m, frame + u->codes[i + 1] * 8u, &v)) return 0;
                r->r[info] = v;
                break;
            case UWOP_SAVE_NONVOL_FAR:
                if (!read_u64(m, frame + (u->codes[i + 1] | ((uint64_t)u->codes[i + 2] << 16)), &v)) return 0;
                r->r[info] = v;
                break;
            case UWOP_PUSH_MACHFRAME: {
                uint64_t at = r->rsp + (info ? 8 : 0), rsp;
                if (!read_u64(m, at, &v) || !read_u64(m, at + 24, &rsp)) return 0;
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

__declspec(noinline) unsigned hs_stack_walk(unsigned skip, unsigned cap, uint64_t *out)
{
    CONTEXT ctx;
    regs r;
    range m;
    unsigned n = 0;
    RtlCaptureContext(&ctx);
    r.rip = ctx.Rip;
    r.rsp = ctx.Rsp;
    memcpy(r.r, &ctx.Rax, sizeof r.r);
    if (!region_of(r.rsp, &m)) return 0;
    for (unsigned depth = 0; n < cap && depth < 4 * HS_MAX_STACK_FRAMES; depth++) {
        if (depth) {
            if (skip) skip--;
            else out[n++] = r.rip;
        }
        uint64_t base = 0;
        PRUNTIME_FUNCTION fn = RtlLookupFunctionEntry(r.rip, &base, NULL);
        if (!fn) {
            /* code without unwind data (Go before 1.22, generated code): its
             * caller's frames are reached through RBP, if at all */
            if (depth) n = walk_frame_pointers(r.r[REG_RBP], skip, n, cap, out);
            break;
        }
        uint64_t rbp = r.r[REG_RBP];
        int undone = undo_prolog(&m, &r, base, image_size(base), fn, r.rip - base - fn->BeginAddress);
        if (!undone) {
            /* a frame that is not on this stack (Go's goroutine stacks) */
            if (depth) n = walk_frame_pointers(rbp, skip, n, cap, out);
            break;
        }
        if (undone == 1) {
            uint64_t ret;
            if (!read_u64(&m, r.rsp, &ret)) break;
            r.rip = ret;
            r.rsp += 8;
        }
        r.r[REG_RSP] = r.rsp;
        if (!r.rip || r.rsp < m.lo || r.rsp >= m.hi) break;
    }
    return n;
}

#endif
