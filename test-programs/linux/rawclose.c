/*
 * Closes every descriptor from 3 up with a close_range system call made
 * without libc (as Go's runtime or a hand-written syscall stub would), which
 * takes the hook's socket with it: the recording must end saying it is
 * incomplete, not carry on silently. Leaks one eventfd from before_close()
 * (recorded) and one from after_close() (not), then lingers 1 s and exits 0.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

NOINLINE static void before_close(void) {
    if (eventfd(0, 0) < 0) exit(90);
}

NOINLINE static void after_close(void) {
    if (eventfd(0, 0) < 0) exit(91);
}

int main(void) {
    before_close();
    usleep(200000);
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_close_range), "D"(3L), "S"(~0UL), "d"(0L) : "rcx", "r11", "memory");
    if (r != 0) return 92;
    after_close();
    sleep(1);
    printf("rawclose done\n");
    return 0;
}
