/*
 * Repeats one "user action" N times, each when the test says so, among noise: the
 * action leaks exactly one eventfd per iteration (leak_per_action); noise leaks a
 * pipe every third iteration (leak_sometimes) and a burst of five descriptors in
 * iteration 2 only (leak_burst); setup leaks before the first iteration
 * (leak_setup) and every iteration also opens and closes descriptors (churn).
 *
 * Usage: iterleak DIR N    creates DIR/ready after the setup, runs iteration i (1..N)
 *                           once DIR/go-i exists, then creates DIR/done-i; prints
 *                           "done" at the end.
 *        iterleak DIR N --free    runs the iterations without waiting, 50 ms apart.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static void must(int ok, const char *what) {
    if (!ok) {
        perror(what);
        exit(90);
    }
}

static void nap_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

NOINLINE static void leak_setup(void) {
    for (int i = 0; i < 3; i++) must(open("/dev/null", O_RDONLY) >= 0, "open");
}

NOINLINE static void leak_per_action(void) {
    must(eventfd(0, 0) >= 0, "eventfd");
}

NOINLINE static void leak_sometimes(void) {
    int p[2];
    must(pipe(p) == 0, "pipe");
}

NOINLINE static void leak_burst(void) {
    for (int i = 0; i < 5; i++) must(open("/dev/zero", O_RDONLY) >= 0, "open");
}

NOINLINE static void churn(void) {
    for (int i = 0; i < 20; i++) {
        int fd = open("/dev/null", O_RDONLY);
        must(fd >= 0, "open");
        close(fd);
    }
}

static void wait_for(const char *dir, const char *what, int i) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s-%d", dir, what, i);
    while (access(path, F_OK) != 0) nap_ms(5);
}

static void signal_file(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    must(fd >= 0, "open done");
    close(fd);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: iterleak DIR N [--free]\n");
        return 2;
    }
    const char *dir = argv[1];
    int n = atoi(argv[2]);
    int free_run = argc > 3 && strcmp(argv[3], "--free") == 0;
    leak_setup();
    if (!free_run) signal_file(dir, "ready");
    for (int i = 1; i <= n; i++) {
        if (free_run) nap_ms(50);
        else wait_for(dir, "go", i);
        churn();
        leak_per_action();
        if (i % 3 == 0) leak_sometimes();
        if (i == 2) leak_burst();
        churn();
        if (!free_run) {
            char name[32];
            snprintf(name, sizeof name, "done-%d", i);
            signal_file(dir, name);
        }
    }
    printf("done\n");
    return 0;
}
