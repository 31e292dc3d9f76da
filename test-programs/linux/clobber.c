/*
 * A program that dup2()s onto the highest descriptor numbers (where the hook
 * keeps its own) and then closes that whole range with close_range(): the
 * recording must go on. dup2 onto each of the 20 numbers below the limit
 * (from clobber_top), all closed again; then 1 eventfd leaks from
 * after_clobber().
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

__attribute__((noinline)) static void clobber_top(unsigned first, unsigned last) {
    int null = open("/dev/null", O_RDONLY);
    for (unsigned fd = first; fd <= last; fd++)
        if (dup2(null, (int)fd) != (int)fd) exit(90);
    close(null);
    if (close_range(first, last, 0) != 0) exit(91);
}

__attribute__((noinline)) static void after_clobber(void) {
    if (eventfd(0, 0) < 0) exit(92);
}

int main(void) {
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur < 64) return 93;
    unsigned last = (unsigned)(lim.rlim_cur - 1);
    clobber_top(last - 19, last);
    usleep(20000);
    after_clobber();
    return 0;
}
