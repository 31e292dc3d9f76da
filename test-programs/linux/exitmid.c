/*
 * Exits in the middle of a recording: leaks 2 eventfds from leak_then_exit(),
 * starts a thread that blocks in accept() forever, then calls _exit(3) from
 * another thread (no atexit handlers, no destructors) after a short pause.
 * Usage: exitmid [--forever]   --forever: never exit (killed by the test).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

static void *block_in_accept(void *arg) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    listen(s, 1);
    accept(s, NULL, NULL);
    return arg;
}

static void *exit_soon(void *arg) {
    usleep(200000);
    _exit(3);
    return arg;
}

__attribute__((noinline)) static void leak_then_exit(void) {
    for (int i = 0; i < 2; i++) eventfd(0, 0);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_t a, b;
    pthread_create(&a, NULL, block_in_accept, NULL);
    leak_then_exit();
    printf("leaked\n");
    if (argc > 1 && strcmp(argv[1], "--forever") == 0) {
        for (;;) pause();
    }
    pthread_create(&b, NULL, exit_soon, NULL);
    pthread_join(a, NULL);
    return 0;
}
