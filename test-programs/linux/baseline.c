/*
 * Three builds of one program for the baseline and diff tests. baseline-b is built
 * with HS_PADDING, which puts a large function in front of every other one, so
 * the same leak sits at other addresses in the two builds (the #ifdef keeps the
 * source lines the same). A baseline must still match the leaks by function and
 * line. baseline-c is built with HS_SHIFT_LINES, which renumbers every line below
 * as an edit near the top of the file would. "--changed" is the next version of the
 * program: one leak grows, one shrinks, one is gone and one is new.
 *
 * Usage: baseline [--changed]    (leaks, prints "done")
 *        baseline [--changed] --expect    (prints "function count" per leaking function)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

#ifdef HS_SHIFT_LINES
#line 500
#endif

#ifdef HS_PADDING
/* Never called (argc > 100); "hot" puts it in .text.hot, which the linker places before the leak functions. */
NOINLINE __attribute__((hot)) int hs_padding(int n) {
    volatile int acc = 0;
#define HS_STEP acc += n * 3; acc ^= n; acc -= n >> 1; acc += n * 7; acc ^= n << 2;
#define HS_TEN HS_STEP HS_STEP HS_STEP HS_STEP HS_STEP HS_STEP HS_STEP HS_STEP HS_STEP HS_STEP
    HS_TEN HS_TEN HS_TEN HS_TEN HS_TEN HS_TEN HS_TEN HS_TEN HS_TEN HS_TEN
    return acc;
}
#endif

static void must(int ok, const char *what) {
    if (!ok) {
        perror(what);
        exit(90);
    }
}

NOINLINE static void leak_config(int n) {
    for (int i = 0; i < n; i++) must(open("/dev/null", O_RDONLY) >= 0, "open");
}

NOINLINE static void leak_cache(int n) {
    for (int i = 0; i < n; i++) must(open("/dev/zero", O_RDONLY) >= 0, "open");
}

NOINLINE static void leak_same(void) {
    must(open("/dev/null", O_RDONLY) >= 0, "open");
}

NOINLINE static void leak_gone(void) {
    must(open("/dev/zero", O_RDONLY) >= 0, "open");
}

NOINLINE static void leak_new(void) {
    int p[2];
    must(pipe(p) == 0, "pipe");
}

NOINLINE static void balanced(void) {
    for (int i = 0; i < 5; i++) {
        int fd = open("/dev/null", O_RDONLY);
        must(fd >= 0, "open");
        close(fd);
    }
}

int main(int argc, char **argv) {
    int changed = 0, expect = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--changed") == 0) changed = 1;
        else if (strcmp(argv[i], "--expect") == 0) expect = 1;
    }
#ifdef HS_PADDING
    if (argc > 100) printf("%d\n", hs_padding(argc));
#endif
    int config = changed ? 3 : 2, cache = changed ? 2 : 4;
    if (expect) {
        printf("leak_config %d\nleak_cache %d\nleak_same 1\n", config, cache);
        printf(changed ? "leak_new 2\n" : "leak_gone 1\n");
        return 0;
    }
    balanced();
    leak_config(config);
    leak_cache(cache);
    leak_same();
    if (changed) leak_new();
    else leak_gone();
    printf("done\n");
    return 0;
}
