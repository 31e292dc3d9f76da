/*
 * Per-thread memo of create stacks: a hook called again from the same place
 * (same return address, stack pointer and frame pointer) usually has the same
 * stack above it, and checking that costs a few loads where unwinding costs
 * hundreds of cycles (docs/performance.md, "Linux agent").
 *
 * A memo entry keeps, besides the stack id, every stack word the unwinder's
 * result depended on: for each frame the slots holding its return address and,
 * where saved, its frame and stack pointers (libunwind's save locations). An
 * entry is used only while all those words still hold the values they held
 * when the stack was unwound; the unwinder, a function of the registers at the
 * call and of those words, would then produce the same frames again. Stacks
 * through a signal frame are never memoised.
 *
 * Checking never reads unmapped memory: the words are checked from the
 * innermost frame out and the check stops at the first mismatch, so each word
 * read lies in a frame whose return address, stack and frame pointers have
 * just matched, that is in a frame that is live on this thread's stack now.
 * This rests on what the unwinder itself rests on: a frame's layout follows
 * from its return address (its CFI) and those registers. Not checked: a CFA
 * computed by a DWARF expression that reads memory (stack-realigning
 * prologues such as some `main`s); that word is written once per activation,
 * and a different activation at the same frame pointer would also have to
 * leave every checked word unchanged.
 */
#ifndef HS_STACK_MEMO_H
#define HS_STACK_MEMO_H

#include <stddef.h>
#include <stdint.h>

#include "agent.h"

struct hs_stack_memo;

HS_HIDDEN extern const size_t hs_stack_memo_size;

/* Resolves libunwind's cursor API from its (dlopen'ed) handle. Without it
 * the memo stays empty and every capture unwinds. */
HS_HIDDEN void hs_stack_memo_load(void *libunwind);

/* Forgets every entry: the memo's thread slot has a new owner. */
HS_HIDDEN void hs_stack_memo_reset(struct hs_stack_memo *m);

/* The stack id remembered for this site if its words still match, else
 * HS_NO_STACK. Sites passed here and to learn are never HS_NO_SITE. */
HS_HIDDEN uint32_t hs_stack_memo_find(struct hs_stack_memo *m, struct hs_site at);

/* Whether a miss at this site should be learned (costs a slow unwind): false
 * for a while after many misses that never hit, so a thread whose sites keep
 * changing pays about what it would without the memo. */
HS_HIDDEN int hs_stack_memo_should_learn(struct hs_stack_memo *m);

/* Unwinds once more with libunwind's cursor API, checks it finds exactly
 * frames[0..count) above the library's own frames [self_lo, self_hi), and
 * remembers the stack words those frames came from under this site. */
HS_HIDDEN void hs_stack_memo_learn(struct hs_stack_memo *m, struct hs_site at, void *const *frames, int count,
                                   uint32_t stack, uintptr_t self_lo, uintptr_t self_hi);

#endif
