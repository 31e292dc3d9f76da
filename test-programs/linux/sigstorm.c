/*
 * Signals during hooked calls: a 200 us interval timer fires SIGALRM whose
 * handler opens and closes an eventfd (balanced) while the main thread runs
 * 20,000 open/close pairs and blocks in read() on a pipe that a helper thread
 * feeds slowly (EINTR restarts). Exactly 3 eventfds leak from leak_in_storm().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_alarm(int sig) {
    int saved = errno;
    int fd = eventfd(0, 0);
    if (fd >= 0) close(fd);
    handled++;
    errno = saved;
    (void)sig;
}

static void *feeder(void *arg) {
    int fd = *(int *)arg;
    for (int i = 0; i < 20; i++) {
        usleep(2000);
        if (write(fd, "x", 1) != 1) exit(94);
    }
    return NULL;
}

__attribute__((noinline)) static void leak_in_storm(void) {
    for (int i = 0; i < 3; i++) eventfd(0, 0);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART: blocked calls see EINTR */
    struct itimerval it = {{0, 200}, {0, 200}};
    setitimer(ITIMER_REAL, &it, NULL);
    for (int i = 0; i < 20000; i++) {
        int fd;
        do fd = open("/dev/null", O_RDONLY); while (fd < 0 && errno == EINTR);
        if (fd < 0) exit(95);
        while (close(fd) != 0 && errno == EINTR) {}
    }
    leak_in_storm();
    int p[2];
    if (pipe(p) != 0) exit(96);
    pthread_t t;
    pthread_create(&t, NULL, feeder, &p[1]);
    int got = 0;
    char buf[8];
    while (got < 20) {
        ssize_t n = read(p[0], buf, 1);
        if (n == 1) got++;
        else if (n < 0 && errno != EINTR) exit(97);
    }
    pthread_join(t, NULL);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    close(p[0]);
    close(p[1]);
    printf("signals handled: %d\n", (int)handled);
    return handled > 0 ? 0 : 98;
}
