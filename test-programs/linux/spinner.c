/*
 * Attach while the main thread is busy in user code: the main thread spins
 * (no system call, so it may be anywhere, even inside malloc) while a second
 * thread waits in read() on stdin. The injector must run dlopen in the waiting
 * thread. On a line from stdin the main thread leaks 2 eventfds from
 * spin_leak(), prints "done" and spins again until stdin ends.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

static atomic_int phase;

static void *reader(void *arg) {
    char line[64];
    if (fgets(line, sizeof line, stdin)) atomic_store(&phase, 1);
    while (fgets(line, sizeof line, stdin)) {}
    atomic_store(&phase, 3);
    return arg;
}

__attribute__((noinline)) static void spin_leak(void) {
    for (int i = 0; i < 2; i++)
        if (eventfd(0, 0) < 0) exit(90);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    printf("ready %d\n", (int)getpid());
    volatile unsigned long spins = 0;
    while (atomic_load(&phase) == 0) spins++;
    spin_leak();
    printf("done\n");
    while (atomic_load(&phase) != 3) {
        void *p = malloc(64); /* busy inside libc too */
        free(p);
        spins++;
    }
    pthread_join(t, NULL);
    return 0;
}
