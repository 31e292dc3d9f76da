/*
 * A socket-heavy workload for the peer benchmark (./bench peers): THREADS
 * threads each make ROUNDS rounds of a Unix socketpair with a one-byte
 * ping-pong, and every tenth round a TCP connection over loopback to the main
 * thread's listener (socket, connect, accept, one byte each way, close both).
 * Every socket is closed; exits 0.
 * Usage: sockchurn [THREADS] [ROUNDS]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int rounds = 5000;
static struct sockaddr_in listener_addr;
static int listener;

static void fail(const char *what) {
    perror(what);
    exit(90);
}

static void ping_pong(int a, int b) {
    char c = 'x';
    if (write(a, &c, 1) != 1 || read(b, &c, 1) != 1) fail("ping");
    if (write(b, &c, 1) != 1 || read(a, &c, 1) != 1) fail("pong");
}

static void unix_pair(void) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) fail("socketpair");
    ping_pong(sv[0], sv[1]);
    close(sv[0]);
    close(sv[1]);
}

static void tcp_loopback(void) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (c < 0) fail("socket");
    if (connect(c, (struct sockaddr *)&listener_addr, sizeof listener_addr) != 0) fail("connect");
    int s = accept(listener, NULL, NULL);
    if (s < 0) fail("accept");
    ping_pong(c, s);
    /* The server side closes first so TIME_WAIT stays on the accepted socket, not on an ephemeral port. */
    close(s);
    close(c);
}

static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
    for (int i = 0; i < rounds; i++) {
        unix_pair();
        if (i % 10 == 0) {
            pthread_mutex_lock(&accept_lock);
            tcp_loopback();
            pthread_mutex_unlock(&accept_lock);
        }
    }
    return arg;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 4;
    if (argc > 2) rounds = atoi(argv[2]);
    if (threads < 1 || threads > 64 || rounds < 1) {
        fprintf(stderr, "usage: sockchurn [THREADS 1-64] [ROUNDS >= 1]\n");
        return 2;
    }
    listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0) fail("socket");
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    listener_addr.sin_family = AF_INET;
    listener_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof listener_addr;
    if (bind(listener, (struct sockaddr *)&listener_addr, len) != 0 || listen(listener, 64) != 0) fail("listen");
    if (getsockname(listener, (struct sockaddr *)&listener_addr, &len) != 0) fail("getsockname");
    pthread_t t[64];
    for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, work, NULL);
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    close(listener);
    return 0;
}
