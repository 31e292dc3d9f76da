/* Holds known numbers of descriptors of eight kinds in two steps, each held
 * 400 ms so the chart's per-type lines have plateaus the tests read exactly:
 *   step 1: eventfd 16, timerfd 14, epoll 12, inotify 10, memfd 9, signalfd 8,
 *           pidfd 2, directory 1;
 *   step 2: 8 of the eventfds and every timerfd closed, the rest unchanged.
 * Then it exits with everything else still open. No pipes or plain files, whose
 * counts the descriptors inherited from the test would blur. */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/pidfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static void hold(void) {
    struct timespec t = {0, 400 * 1000 * 1000};
    nanosleep(&t, NULL);
}

int main(void) {
    int events[16], timers[14];
    for (int i = 0; i < 16; i++) events[i] = eventfd(0, 0);
    for (int i = 0; i < 14; i++) timers[i] = timerfd_create(CLOCK_MONOTONIC, 0);
    for (int i = 0; i < 12; i++) epoll_create1(0);
    for (int i = 0; i < 10; i++) inotify_init1(0);
    for (int i = 0; i < 9; i++) memfd_create("typesteps", 0);
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    for (int i = 0; i < 8; i++) signalfd(-1, &mask, 0);
    for (int i = 0; i < 2; i++) pidfd_open(getpid(), 0);
    opendir("/");
    hold();
    for (int i = 0; i < 8; i++) close(events[i]);
    for (int i = 0; i < 14; i++) close(timers[i]);
    hold();
    return 0;
}
