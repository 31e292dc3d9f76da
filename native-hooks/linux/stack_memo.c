/*
 * The stack memo (see stack_memo.h). One table per thread ring, written and
 * read only by the thread that owns the ring, so it needs no atomics; a hook
 * running in a signal handler never reaches it (the re-entrancy guard).
 */
#define _GNU_SOURCE
#define UNW_LOCAL_ONLY
#include "stack_memo.h"

#include <dlfcn.h>
#include <libunwind.h>
#include <string.h>

#define MEMO_SETS 16u
#define MEMO_WAYS 2u
/* Three words per frame at most (return address, frame and stack pointer);
 * deeper stacks are not memoised. */
#define MEMO_CHECKS 64u
/* Each learn spends one credit, each hit earns one back; with none left a
 * thread learns once every CREDIT_RETRY captures. */
#define CREDIT_START 32u
#define CREDIT_MAX 64u
#define CREDIT_RETRY 256u

struct memo_check {
    uint64_t addr;
    uint64_t value;
};

struct memo_entry {
    uint64_t ip;         /* the site: return address, */
    uint64_t frame;      /* frame address, */
    uint64_t caller_fp;  /* and the caller's frame pointer saved there */
    uint32_t epoch;      /* the memo's epoch when learned; any other value is empty */
    uint32_t stack;
    uint32_t checks;
    uint32_t last_use;
    struct memo_check check[MEMO_CHECKS];
};

struct hs_stack_memo {
    uint32_t epoch;
    uint32_t credit;
    uint32_t dry;   /* captures since the credit ran out */
    uint32_t clock; /* counts uses, for replacement */
    struct memo_entry set[MEMO_SETS][MEMO_WAYS];
};

const size_t hs_stack_memo_size = sizeof(struct hs_stack_memo);

static int (*g_getcontext)(unw_context_t *);
static int (*g_init_local)(unw_cursor_t *, unw_context_t *);
static int (*g_step)(unw_cursor_t *);
static int (*g_get_reg)(unw_cursor_t *, unw_regnum_t, unw_word_t *);
static int (*g_get_save_loc)(unw_cursor_t *, int, unw_save_loc_t *);
static int (*g_is_signal_frame)(unw_cursor_t *);
static int g_loaded;

void hs_stack_memo_load(void *libunwind) {
    /* The names behind libunwind.h's local-only macros (unw_init_local, ...). */
    g_getcontext = (int (*)(unw_context_t *))dlsym(libunwind, "_Ux86_64_getcontext");
    g_init_local = (int (*)(unw_cursor_t *, unw_context_t *))dlsym(libunwind, "_ULx86_64_init_local");
    g_step = (int (*)(unw_cursor_t *))dlsym(libunwind, "_ULx86_64_step");
    g_get_reg = (int (*)(unw_cursor_t *, unw_regnum_t, unw_word_t *))dlsym(libunwind, "_ULx86_64_get_reg");
    g_get_save_loc = (int (*)(unw_cursor_t *, int, unw_save_loc_t *))dlsym(libunwind, "_ULx86_64_get_save_loc");
    g_is_signal_frame = (int (*)(unw_cursor_t *))dlsym(libunwind, "_ULx86_64_is_signal_frame");
    g_loaded = g_getcontext && g_init_local && g_step && g_get_reg && g_get_save_loc && g_is_signal_frame;
}

void hs_stack_memo_reset(struct hs_stack_memo *m) {
    if (++m->epoch == 0) m->epoch = 1;
    m->credit = CREDIT_START;
    m->dry = 0;
}

__attribute__((no_sanitize_address)) static uint64_t load_word(uintptr_t addr) {
    uint64_t v;
    memcpy(&v, (const void *)addr, sizeof v);
    return v;
}

static struct memo_entry *set_of(struct hs_stack_memo *m, struct hs_site at) {
    uint64_t h = (uint64_t)at.ip * 0x9e3779b97f4a7c15ull ^ (uint64_t)at.frame * 0xc2b2ae3d27d4eb4full;
    return m->set[(h >> 40) & (MEMO_SETS - 1)];
}

/* Reads words of this thread's stack above the hook's frame, outside any
 * object AddressSanitizer knows about. */
__attribute__((no_sanitize_address)) static int words_hold(const struct memo_entry *e) {
    for (uint32_t i = 0; i < e->checks; i++)
        if (load_word((uintptr_t)e->check[i].addr) != e->check[i].value) return 0;
    return 1;
}

__attribute__((no_sanitize_address)) uint32_t hs_stack_memo_find(struct hs_stack_memo *m, struct hs_site at) {
    if (!g_loaded) return HS_NO_STACK;
    uint64_t caller_fp = load_word(at.frame);
    struct memo_entry *set = set_of(m, at);
    for (uint32_t w = 0; w < MEMO_WAYS; w++) {
        struct memo_entry *e = &set[w];
        if (e->epoch == m->epoch && e->ip == at.ip && e->frame == at.frame && e->caller_fp == caller_fp
            && words_hold(e)) {
            e->last_use = ++m->clock;
            if (m->credit < CREDIT_MAX) m->credit++;
            return e->stack;
        }
    }
    return HS_NO_STACK;
}

int hs_stack_memo_should_learn(struct hs_stack_memo *m) {
    if (!g_loaded) return 0;
    if (m->credit) return 1;
    if (++m->dry < CREDIT_RETRY) return 0;
    m->dry = 0;
    return 1;
}

static struct memo_entry *victim(struct hs_stack_memo *m, struct hs_site at) {
    struct memo_entry *set = set_of(m, at), *oldest = &set[0];
    for (uint32_t w = 0; w < MEMO_WAYS; w++) {
        if (set[w].epoch != m->epoch) return &set[w];
        if (set[w].last_use < oldest->last_use) oldest = &set[w];
    }
    return oldest;
}

static int inside(uintptr_t addr, const void *object, size_t size) {
    return addr >= (uintptr_t)object && addr < (uintptr_t)object + size;
}

/* Appends the stack word that holds `reg` for the cursor's frame. A value the
 * unwinder computed needs none: local-only libunwind reports it as a "memory"
 * location inside the cursor (the stack pointer, the frame's CFA); only
 * `computable` registers may be such values. Fails (0) on a location this memo
 * cannot check again later: a register, or a word below the hook's frame (this
 * call's own frames and context, gone by the next capture). */
__attribute__((no_sanitize_address)) static int note_word(unw_cursor_t *c, const unw_context_t *uc, int reg,
                                                          int computable, struct memo_entry *e, struct hs_site at) {
    unw_save_loc_t loc;
    if (g_get_save_loc(c, reg, &loc) < 0) return 0;
    int computed = loc.type == UNW_SLT_NONE
                   || (loc.type == UNW_SLT_MEMORY && (inside(loc.u.addr, c, sizeof *c) || inside(loc.u.addr, uc, sizeof *uc)));
    if (computed) return computable;
    if (loc.type != UNW_SLT_MEMORY || loc.u.addr < at.frame || e->checks == MEMO_CHECKS) return 0;
    e->check[e->checks].addr = loc.u.addr;
    e->check[e->checks].value = load_word(loc.u.addr);
    e->checks++;
    return 1;
}

__attribute__((no_sanitize_address)) void hs_stack_memo_learn(struct hs_stack_memo *m, struct hs_site at,
                                                              void *const *frames, int count, uint32_t stack,
                                                              uintptr_t self_lo, uintptr_t self_hi) {
    if (m->credit) m->credit--;
    if (!g_loaded || count <= 0 || stack == HS_NO_STACK) return;
    unw_context_t uc;
    unw_cursor_t c;
    if (g_getcontext(&uc) != 0 || g_init_local(&c, &uc) != 0) return;
    struct memo_entry *e = victim(m, at);
    e->epoch = 0;
    e->checks = 0;
    int n = 0, ours = 1;
    for (;;) {
        unw_word_t ip;
        if (g_get_reg(&c, UNW_REG_IP, &ip) < 0) return;
        if (ours && ip >= self_lo && ip < self_hi) {
            if (g_step(&c) <= 0) return;
            continue;
        }
        ours = 0;
        if (ip != (unw_word_t)(uintptr_t)frames[n] || g_is_signal_frame(&c) > 0) return;
        if (!note_word(&c, &uc, UNW_REG_IP, 0, e, at) || !note_word(&c, &uc, UNW_X86_64_RBP, 0, e, at)
            || !note_word(&c, &uc, UNW_REG_SP, 1, e, at))
            return;
        if (++n == count) break;
        if (g_step(&c) <= 0) return;
    }
    e->ip = at.ip;
    e->frame = at.frame;
    e->caller_fp = load_word(at.frame);
    e->stack = stack;
    e->last_use = ++m->clock;
    e->epoch = m->epoch;
}
