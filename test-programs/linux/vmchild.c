/*
 * Children that share the parent's memory: vfork (one execs, one _exits),
 * clone(CLONE_VM|CLONE_VFORK) and clone(CLONE_VM) running alongside the
 * parent, all on the parent thread's TLS; then posix_spawn and popen. Each
 * child opens, dup2()s and closes descriptors of its own, and closes every
 * number the parent uses: none of it is the parent's. The parent leaks 2
 * eventfds from before_children() and 1 from after_children() (the recording
 * goes on), and keeps the descriptors the children closed in their tables.
 * Exits 0.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

extern char **environ;

static void must(int ok, const char *what) {
    if (!ok) {
        perror(what);
        exit(90);
    }
}

/* What every child does: descriptors of its own, and closes of the parent's numbers. */
static void child_work(void) {
    for (int i = 0; i < 3; i++) {
        int fd = open("/dev/null", O_RDONLY);
        dup2(fd, 100 + i);
        close(fd);
    }
    eventfd(0, 0);
    for (int fd = 3; fd < 64; fd++) close(fd);
}

NOINLINE static void before_children(int *kept) {
    kept[0] = eventfd(0, 0);
    kept[1] = eventfd(0, 0);
}

NOINLINE static void after_children(void) {
    must(eventfd(0, 0) >= 0, "eventfd");
}

static int clone_child(void *arg) {
    child_work();
    return arg != NULL;
}

static void run_vfork(int exec) {
    pid_t c = vfork();
    if (c == 0) {
        child_work();
        if (exec) execl("/bin/true", "true", (char *)NULL);
        _exit(0);
    }
    must(c > 0 && waitpid(c, NULL, 0) == c, "vfork");
}

static void run_clone(int flags) {
    static char stacks[2][256 * 1024] __attribute__((aligned(16)));
    static int which;
    char *stack = stacks[which++ % 2] + sizeof stacks[0];
    pid_t c = clone(clone_child, stack, flags | SIGCHLD, NULL);
    must(c > 0, "clone");
    /* Alongside a CLONE_VM child without CLONE_VFORK, the parent keeps working. */
    for (int i = 0; i < 200; i++) close(open("/dev/null", O_RDONLY));
    must(waitpid(c, NULL, 0) == c, "waitpid");
}

int main(void) {
    int kept[2];
    before_children(kept);
    run_vfork(1);
    run_vfork(0);
    run_clone(CLONE_VM | CLONE_VFORK);
    run_clone(CLONE_VM);
    pid_t spawned;
    char *args[] = {"true", NULL};
    must(posix_spawn(&spawned, "/bin/true", NULL, NULL, args, environ) == 0, "posix_spawn");
    waitpid(spawned, NULL, 0);
    FILE *p = popen("echo popen", "r");
    must(p != NULL, "popen");
    char line[64];
    must(fgets(line, sizeof line, p) != NULL, "fgets");
    pclose(p);
    after_children();
    must(fcntl(kept[0], F_GETFD) >= 0 && fcntl(kept[1], F_GETFD) >= 0, "the parent's descriptors");
    printf("children done\n");
    return 0;
}
