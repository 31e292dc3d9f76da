/*
 * 8 threads each open and close /dev/null 20,000 times while the main thread
 * leaks one eventfd every 20 ms from slow_leak(), 5 in all. Afterwards it idles
 * 400 ms so the helper samples the final /proc/PID/fd count, then exits 0.
 * Usage: churn [THREADS] [PAIRS] [WAVES]
 * WAVES > 1 runs the threads in that many successive waves of fresh threads
 * (more threads over the run than the agent has rings: rings are reused).
 *
 *        churn --serve [THREADS]
 * The threads churn until stdin reaches end of file; each line "leak N" on
 * stdin makes slow_leak() leak N eventfds 20 ms apart and print "leaked N";
 * "pause" stops every thread between two pairs (then prints "paused", and the
 * descriptor table holds still), "resume" lets them go on.
 * Prints "ready PID" first and "churned" at the end (attach/detach cycles).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define SLOW_LEAKS 5

static int pairs = 20000;
static atomic_int serving;
static atomic_int pausing, paused;

static void open_close(void) {
    int fd = open("/dev/null", O_RDONLY);
    if (fd < 0) {
        perror("open");
        exit(90);
    }
    close(fd);
}

static void *churn(void *arg) {
    if (atomic_load(&serving)) {
        while (atomic_load(&serving)) {
            if (atomic_load(&pausing)) {
                atomic_fetch_add(&paused, 1);
                while (atomic_load(&pausing)) usleep(1000);
                atomic_fetch_sub(&paused, 1);
            }
            open_close();
        }
    } else {
        for (int i = 0; i < pairs; i++) open_close();
    }
    return arg;
}

__attribute__((noinline)) static void slow_leak(void) {
    if (eventfd(0, 0) < 0) exit(91);
}

/* --serve: churn until stdin ends, leaking on request. */
static int serve(int threads) {
    pthread_t t[64];
    atomic_store(&serving, 1);
    for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, churn, NULL);
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        int n;
        if (strcmp(line, "pause\n") == 0) {
            atomic_store(&pausing, 1);
            while (atomic_load(&paused) < threads) usleep(1000);
            printf("paused\n");
            fflush(stdout);
            continue;
        }
        if (strcmp(line, "resume\n") == 0) {
            atomic_store(&pausing, 0);
            continue;
        }
        if (sscanf(line, "leak %d", &n) != 1) continue;
        for (int i = 0; i < n; i++) {
            slow_leak();
            usleep(20000);
        }
        printf("leaked %d\n", n);
        fflush(stdout);
    }
    atomic_store(&serving, 0);
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    printf("churned\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--serve") == 0) {
        int n = argc > 2 ? atoi(argv[2]) : 8;
        return serve(n < 1 ? 1 : n > 64 ? 64 : n);
    }
    int threads = argc > 1 ? atoi(argv[1]) : 8;
    if (argc > 2) pairs = atoi(argv[2]);
    int waves = argc > 3 ? atoi(argv[3]) : 1;
    pthread_t t[64];
    if (threads > 64) threads = 64;
    for (int w = 0; w < waves; w++) {
        for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, churn, NULL);
        if (w == 0) {
            for (int i = 0; i < SLOW_LEAKS; i++) {
                slow_leak();
                usleep(20000);
            }
        }
        for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    }
    usleep(400000);
    printf("churned %d x %d x %d\n", waves, threads, pairs);
    return 0;
}
