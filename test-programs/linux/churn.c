/*
 * 8 threads each open and close /dev/null 20,000 times while the main thread
 * leaks one eventfd every 20 ms from slow_leak(), 5 in all. Afterwards it idles
 * 400 ms so the helper samples the final /proc/PID/fd count, then exits 0.
 * Usage: churn [THREADS] [PAIRS]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define SLOW_LEAKS 5

static int pairs = 20000;

static void *churn(void *arg) {
    for (int i = 0; i < pairs; i++) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0) {
            perror("open");
            exit(90);
        }
        close(fd);
    }
    return arg;
}

__attribute__((noinline)) static void slow_leak(void) {
    if (eventfd(0, 0) < 0) exit(91);
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 8;
    if (argc > 2) pairs = atoi(argv[2]);
    pthread_t t[64];
    if (threads > 64) threads = 64;
    for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, churn, NULL);
    for (int i = 0; i < SLOW_LEAKS; i++) {
        slow_leak();
        usleep(20000);
    }
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    usleep(400000);
    printf("churned %d x %d\n", threads, pairs);
    return 0;
}
