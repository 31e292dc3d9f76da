/*
 * A close that blocks: a thread fcloses a FILE whose buffered data cannot go
 * into its pipe (full, nobody reads), so fclose blocks in its flush. Meanwhile
 * the main thread leaks 3 eventfds from while_blocked() and prints "leaked";
 * the recording must see them while the other thread is still blocked. On the
 * line "cancel" on stdin, the blocked thread is cancelled inside fclose, and
 * the main thread leaks 2 more from after_cancel(), prints "done" and exits 0.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static int pipe_fds[2];
static volatile int in_fclose;

static void must(int ok, const char *what) {
    if (!ok) {
        perror(what);
        exit(90);
    }
}

static void *blocked_closer(void *arg) {
    FILE *f = fdopen(pipe_fds[1], "w");
    must(f != NULL, "fdopen");
    static char chunk[100];
    memset(chunk, 'x', sizeof chunk);
    must(setvbuf(f, NULL, _IOFBF, 1 << 16) == 0, "setvbuf");
    fwrite(chunk, 1, sizeof chunk, f); /* stays in the buffer: the pipe is full */
    in_fclose = 1;
    fclose(f);
    return arg;
}

NOINLINE static void while_blocked(void) {
    for (int i = 0; i < 3; i++) must(eventfd(0, 0) >= 0, "eventfd");
}

NOINLINE static void after_cancel(void) {
    for (int i = 0; i < 2; i++) must(eventfd(0, 0) >= 0, "eventfd");
}

int main(void) {
    must(pipe(pipe_fds) == 0, "pipe");
    /* Fill the pipe without blocking, then make the write end blocking again. */
    int flags = fcntl(pipe_fds[1], F_GETFL);
    fcntl(pipe_fds[1], F_SETFL, flags | O_NONBLOCK);
    static char fill[4096];
    while (write(pipe_fds[1], fill, sizeof fill) > 0) continue;
    fcntl(pipe_fds[1], F_SETFL, flags);

    pthread_t t;
    must(pthread_create(&t, NULL, blocked_closer, NULL) == 0, "pthread_create");
    while (!in_fclose) usleep(1000);
    usleep(200000); /* well inside the flush's blocking write by now */
    while_blocked();
    printf("leaked\n");
    fflush(stdout);

    char line[64];
    while (fgets(line, sizeof line, stdin) && strncmp(line, "cancel", 6) != 0) continue;
    must(pthread_cancel(t) == 0, "pthread_cancel");
    must(pthread_join(t, NULL) == 0, "pthread_join");
    after_cancel();
    printf("done\n");
    fflush(stdout);
    return 0;
}
