/*
 * A small process tree for record --follow-children: leaks 1 eventfd from
 * leak_in_parent(), then forks 3 workers, like a pre-fork server; worker k
 * (k = 1..3) leaks k eventfds from leak_in_worker() and ends with _exit(10 + k)
 * (no destructors, as a forked worker does). The parent waits for them, prints
 * "pid PID worker k exit CODE" per worker on stdout and exits 0.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((noinline)) static void leak_in_parent(void) {
    eventfd(0, 0);
}

__attribute__((noinline)) static void leak_in_worker(int k) {
    for (int i = 0; i < k; i++) eventfd(0, 0);
}

int main(void) {
    leak_in_parent();
    pid_t workers[3];
    for (int k = 1; k <= 3; k++) {
        pid_t pid = fork();
        if (pid < 0) return 1;
        if (pid == 0) {
            leak_in_worker(k);
            _exit(10 + k);
        }
        workers[k - 1] = pid;
    }
    for (int k = 1; k <= 3; k++) {
        int status;
        if (waitpid(workers[k - 1], &status, 0) != workers[k - 1]) return 1;
        printf("pid %d worker %d exit %d\n", (int)workers[k - 1], k, WEXITSTATUS(status));
    }
    return 0;
}
