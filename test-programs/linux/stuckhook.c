/*
 * A thread held inside a hook: one thread opens and closes /dev/null without
 * end; SIGUSR1 (blocked in every other thread) runs a handler on it that waits
 * until the main thread reads "release" on stdin. Sent while the recording
 * holds that thread waiting for ring space (lossless mode with the helper
 * stopped), the handler keeps it inside the hook for as long as the test
 * likes. Prints "ready PID", "waiting" once in the handler, "released" after.
 * Exits 0 at end of stdin.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static atomic_int released, waiting, stop;

static void on_usr1(int sig) {
    (void)sig;
    static const char msg[] = "waiting\n";
    atomic_store(&waiting, 1);
    if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0) _exit(92);
    while (!atomic_load(&released)) usleep(1000);
}

static void *churn(void *arg) {
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
    while (!atomic_load(&stop)) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0) _exit(90);
        close(fd);
    }
    return arg;
}

int main(void) {
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    pthread_t t;
    pthread_create(&t, NULL, churn, NULL);
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (strcmp(line, "release\n") == 0) {
            atomic_store(&released, 1);
            printf("released\n");
            fflush(stdout);
        }
    }
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    return 0;
}
