/*
 * fork + exec: children run /bin/true (via execvp) and a forked child leaks on
 * its own before exiting; neither is the recorded process. The parent leaks
 * exactly 2 eventfds from parent_leak(). Then, with --reexec, the process
 * replaces its image with itself: two O_CLOEXEC descriptors opened in
 * before_exec() close at exec (no leak), one plain descriptor survives (a leak
 * of before_exec), and the new image leaks one more from after_exec().
 * Exits with code 7 so the test sees the status passed through.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

NOINLINE static void parent_leak(void) {
    for (int i = 0; i < 2; i++) eventfd(0, 0);
}

NOINLINE static void child_leak(void) {
    for (int i = 0; i < 10; i++) eventfd(0, 0);
}

NOINLINE static void before_exec(char *self) {
    open("/dev/null", O_RDONLY | O_CLOEXEC);
    open("/dev/null", O_RDONLY | O_CLOEXEC);
    open("/dev/null", O_RDONLY);
    char *args[] = {self, "--after-exec", NULL};
    execv(self, args);
    perror("execv");
    exit(92);
}

NOINLINE static void after_exec(void) {
    eventfd(0, 0);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--after-exec") == 0) {
        after_exec();
        return 7;
    }
    for (int i = 0; i < 3; i++) {
        pid_t c = fork();
        if (c == 0) {
            char *args[] = {"true", NULL};
            execvp("true", args);
            _exit(93);
        }
        waitpid(c, NULL, 0);
    }
    pid_t c = fork();
    if (c == 0) {
        child_leak();
        _exit(0);
    }
    waitpid(c, NULL, 0);
    parent_leak();
    if (argc > 1 && strcmp(argv[1], "--reexec") == 0) before_exec(argv[0]);
    return 7;
}
