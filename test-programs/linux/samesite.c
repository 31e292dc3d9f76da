/*
 * Leaks from one call site reached by different paths at the same stack depth:
 * open_here() sees the same return address, stack pointer and frame pointer
 * whichever path called it, so only the return addresses further up tell the
 * paths apart. The hook's stack memo (native-hooks/linux/stack_memo.h) must
 * still give each leak its own path. The calls interleave so that every path
 * follows a different one, and repeat so that each is also seen twice in a row.
 *
 * Usage: samesite    (leaks, prints "done")
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

NOINLINE static void open_here(void) {
    if (open("/dev/null", O_RDONLY) < 0) {
        perror("open");
        exit(90);
    }
}

/* Each function leaves its own mark: identical bodies would be folded into one
 * function by the compiler, and the paths would then truly be the same. */
static volatile int mark;

NOINLINE static void path_a(void) { open_here(); mark = 1; }
NOINLINE static void path_b(void) { open_here(); mark = 2; }
NOINLINE static void outer_c(void) { path_a(); mark = 3; }
NOINLINE static void outer_d(void) { path_a(); mark = 4; }
NOINLINE static void outer_e(void) { path_b(); mark = 5; }

int main(void) {
    /* c: open_here<path_a<outer_c 4, d: open_here<path_a<outer_d 3, e: open_here<path_b<outer_e 5 */
    const char *order = "cdecedceecde";
    for (const char *p = order; *p; p++) {
        if (*p == 'c') outer_c();
        else if (*p == 'd') outer_d();
        else outer_e();
    }
    printf("done\n");
    return 0;
}
