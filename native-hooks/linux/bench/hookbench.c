/*
 * Benchmark of the Linux hook library (results in docs/performance.md).
 *
 *   hookbench [INJECTOR [ROUNDS [PAIRS]]]
 *
 * INJECTOR defaults to ../handlespy-injector next to this program (where the
 * build installs it: target/native/linux-x86_64/bench/hookbench).
 * Per round, interleaved in one run: the worker measures eventfd+close and
 * open("/dev/null")+close pairs unhooked, then launched under the injector
 * (every create captures its stack) with the default unwinder (libunwind with
 * the stack memo), with libunwind alone (HANDLESPY_UNWINDER=libunwind) and with
 * glibc's backtrace() (HANDLESPY_UNWINDER=backtrace). Prints medians and
 * the ratios; then, inside each of those processes, the same pairs timed against
 * the raw system calls in alternating blocks (paired: the drift of a shared
 * machine between one process and the next does not enter this ratio);
 * then attach time to first event, events/s sustained losslessly, and the cost
 * of the candidate unwinders (glibc backtrace() vs a frame-pointer walk) on this
 * -fomit-frame-pointer build, with the depth each one reaches.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

NOINLINE static void eventfd_pairs(int n) {
    for (int i = 0; i < n; i++) close(eventfd(0, 0));
}

NOINLINE static void open_pairs(int n) {
    for (int i = 0; i < n; i++) close(open("/dev/null", O_RDONLY));
}

/* The same pairs as raw system calls: what the libc wrappers cost without the hook. */
NOINLINE static void raw_eventfd_pairs(int n) {
    for (int i = 0; i < n; i++) syscall(SYS_close, syscall(SYS_eventfd2, 0, 0));
}

NOINLINE static void raw_open_pairs(int n) {
    for (int i = 0; i < n; i++) syscall(SYS_close, syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY));
}

NOINLINE static void level3(void (*fn)(int), int n) { fn(n); }
NOINLINE static void level2(void (*fn)(int), int n) { level3(fn, n); }
NOINLINE static void level1(void (*fn)(int), int n) { level2(fn, n); }

static int cmp(const void *a, const void *b);
static double median(double *v, int n);

#define PAIRED_BLOCKS 64
#define PAIRED_BLOCK 500

/* Median over alternating blocks of (libc calls) / (raw system calls) in this
 * one process: the drift of a shared machine hits both sides of each pair. */
static double paired_ratio(void (*libc)(int), void (*raw)(int)) {
    double ratio[PAIRED_BLOCKS];
    for (int b = 0; b < PAIRED_BLOCKS; b++) {
        double t0 = now_ns();
        level1(raw, PAIRED_BLOCK);
        double t1 = now_ns();
        level1(libc, PAIRED_BLOCK);
        double t2 = now_ns();
        ratio[b] = (t2 - t1) / (t1 - t0);
    }
    return median(ratio, PAIRED_BLOCKS);
}

static int work(int pairs) {
    level1(eventfd_pairs, pairs / 10); /* warm-up */
    double t0 = now_ns();
    level1(eventfd_pairs, pairs);
    double t1 = now_ns();
    level1(open_pairs, pairs);
    double t2 = now_ns();
    double ev_paired = paired_ratio(eventfd_pairs, raw_eventfd_pairs);
    double op_paired = paired_ratio(open_pairs, raw_open_pairs);
    printf("%.1f %.1f %.3f %.3f\n", (t1 - t0) / pairs, (t2 - t1) / pairs, ev_paired, op_paired);
    return 0;
}

static int run_capture(char *const argv[], char *out, size_t size) {
    int p[2];
    if (pipe(p) != 0) return -1;
    pid_t c = fork();
    if (c == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(p[1]);
    size_t got = 0;
    ssize_t n;
    while (got < size - 1 && (n = read(p[0], out + got, size - 1 - got)) > 0) got += (size_t)n;
    out[got] = '\0';
    close(p[0]);
    int st;
    waitpid(c, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Runs one worker with HANDLESPY_UNWINDER set to `unwinder` (NULL: unset) and
 * reads its four figures: eventfd and open ns/pair, eventfd and open paired ratio. */
static int run_worker(char *const argv[], const char *unwinder, double *ev, double *op, double *ev_paired,
                      double *op_paired) {
    char out[256];
    if (unwinder) setenv("HANDLESPY_UNWINDER", unwinder, 1);
    int rc = run_capture(argv, out, sizeof out);
    unsetenv("HANDLESPY_UNWINDER");
    return rc == 0 && sscanf(out, "%lf %lf %lf %lf", ev, op, ev_paired, op_paired) == 4 ? 0 : -1;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Scans a frame file for the first CREATE; its offset or -1. */
static int has_create(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    unsigned char h[8];
    int found = 0;
    while (!found && fread(h, 1, 8, f) == 8) {
        uint32_t size;
        uint16_t kind;
        memcpy(&size, h, 4);
        memcpy(&kind, h + 4, 2);
        if (kind == 5) found = 1;
        else if (fseek(f, size, SEEK_CUR) != 0) break;
    }
    fclose(f);
    return found;
}

NOINLINE static int fp_walk(void **out, int max) {
    void **fp = __builtin_frame_address(0);
    int n = 0;
    while (fp && n < max) {
        void *ret = fp[1];
        if (!ret) break;
        out[n++] = ret;
        void **next = fp[0];
        if (next <= fp || (char *)next - (char *)fp > (1 << 20)) break;
        fp = next;
    }
    return n;
}

static double g_bt_ns, g_fp_ns, g_unw_ns;
static int g_bt_depth, g_fp_depth, g_unw_depth;
static int (*g_unw_backtrace)(void **, int);

NOINLINE static void measure_unwinders(int depth) {
    if (depth > 0) {
        measure_unwinders(depth - 1);
        __asm__ volatile("" ::: "memory");
        return;
    }
    void *buf[64];
    const int n = 20000;
    double t0 = now_ns();
    for (int i = 0; i < n; i++) g_bt_depth = backtrace(buf, 64);
    double t1 = now_ns();
    for (int i = 0; i < n; i++) g_fp_depth = fp_walk(buf, 64);
    double t2 = now_ns();
    if (g_unw_backtrace)
        for (int i = 0; i < n; i++) g_unw_depth = g_unw_backtrace(buf, 64);
    double t3 = now_ns();
    g_bt_ns = (t1 - t0) / n;
    g_fp_ns = (t2 - t1) / n;
    g_unw_ns = (t3 - t2) / n;
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "work") == 0) return work(atoi(argv[2]));
    if (argc > 1 && strcmp(argv[1], "idle") == 0) {
        for (;;) {
            close(eventfd(0, 0));
            usleep(1000);
        }
    }
    char self[4096], default_injector[4200];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    if (sl <= 0) return 1;
    self[sl] = '\0';
    snprintf(default_injector, sizeof default_injector, "%.*s/../handlespy-injector",
             (int)(strrchr(self, '/') - self), self);
    const char *injector = argc > 1 ? argv[1] : default_injector;
    if (access(injector, X_OK) != 0) {
        fprintf(stderr, "usage: hookbench [INJECTOR [ROUNDS [PAIRS]]] (no injector at %s)\n", injector);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 11;
    int pairs = argc > 3 ? atoi(argv[3]) : 50000;
    char pairs_text[16], out_path[64];
    snprintf(pairs_text, sizeof pairs_text, "%d", pairs);
    snprintf(out_path, sizeof out_path, "/tmp/hookbench-%d.frames", (int)getpid());

    double ev_plain[64], ev_hooked[64], op_plain[64], op_hooked[64], ev_ratio[64], op_ratio[64];
    double ev_bt[64], op_bt[64], ev_bt_ratio[64], op_bt_ratio[64];
    double ev_unw[64], op_unw[64], ev_unw_ratio[64], op_unw_ratio[64], ev_unw_paired[64], op_unw_paired[64];
    double ev_paired[64], op_paired[64], ev_paired_plain[64], op_paired_plain[64], ignored[2];
    if (rounds > 64) rounds = 64;
    for (int r = 0; r < rounds; r++) {
        char *plain[] = {self, "work", pairs_text, NULL};
        char *hooked[] = {(char *)injector, "launch", "--output", out_path, "--", self, "work", pairs_text, NULL};
        if (run_worker(plain, NULL, &ev_plain[r], &op_plain[r], &ev_paired_plain[r], &op_paired_plain[r]) != 0
            || run_worker(hooked, NULL, &ev_hooked[r], &op_hooked[r], &ev_paired[r], &op_paired[r]) != 0
            || run_worker(hooked, "libunwind", &ev_unw[r], &op_unw[r], &ev_unw_paired[r], &op_unw_paired[r]) != 0
            || run_worker(hooked, "backtrace", &ev_bt[r], &op_bt[r], &ignored[0], &ignored[1]) != 0)
            return 1;
        ev_unw_ratio[r] = ev_unw[r] / ev_plain[r];
        op_unw_ratio[r] = op_unw[r] / op_plain[r];
        ev_ratio[r] = ev_hooked[r] / ev_plain[r];
        op_ratio[r] = op_hooked[r] / op_plain[r];
        ev_bt_ratio[r] = ev_bt[r] / ev_plain[r];
        op_bt_ratio[r] = op_bt[r] / op_plain[r];
    }
    struct stat st;
    stat(out_path, &st);
    printf("rounds %d, pairs per round %d\n", rounds, pairs);
    printf("eventfd+close ns/pair: unhooked %.0f hooked %.0f ratio %.2f (median of per-round ratios)\n",
           median(ev_plain, rounds), median(ev_hooked, rounds), median(ev_ratio, rounds));
    printf("open+close    ns/pair: unhooked %.0f hooked %.0f ratio %.2f (median of per-round ratios)\n",
           median(op_plain, rounds), median(op_hooked, rounds), median(op_ratio, rounds));
    printf("paired in one process, hooked libc calls / raw system calls (median of %d blocks of %d pairs, "
           "median over rounds): eventfd+close %.2f, open+close %.2f; the same without the hook: %.2f, %.2f\n",
           PAIRED_BLOCKS, PAIRED_BLOCK, median(ev_paired, rounds), median(op_paired, rounds),
           median(ev_paired_plain, rounds), median(op_paired_plain, rounds));
    printf("with libunwind alone (no stack memo): eventfd+close hooked %.0f ratio %.2f, paired %.2f; "
           "open+close hooked %.0f ratio %.2f, paired %.2f\n",
           median(ev_unw, rounds), median(ev_unw_ratio, rounds), median(ev_unw_paired, rounds),
           median(op_unw, rounds), median(op_unw_ratio, rounds), median(op_unw_paired, rounds));
    printf("with glibc backtrace() instead: eventfd+close hooked %.0f ratio %.2f; open+close hooked %.0f ratio %.2f\n",
           median(ev_bt, rounds), median(ev_bt_ratio, rounds), median(op_bt, rounds), median(op_bt_ratio, rounds));
    double hooked_ev = median(ev_hooked, rounds);
    printf("lossless events/s (one thread, create+close = 2 events): %.0f (last round wrote %lld bytes of frames)\n",
           2e9 / hooked_ev, (long long)st.st_size);

    double attach_ms[16];
    int attach_rounds = rounds < 16 ? rounds : 16;
    for (int r = 0; r < attach_rounds; r++) {
        pid_t target = fork();
        if (target == 0) {
            execl(self, self, "idle", (char *)NULL);
            _exit(127);
        }
        usleep(100000);
        unlink(out_path);
        char pid_text[16], control[80];
        snprintf(pid_text, sizeof pid_text, "%d", (int)target);
        snprintf(control, sizeof control, "%s.stop", out_path);
        unlink(control);
        double t0 = now_ns();
        pid_t inj = fork();
        if (inj == 0) {
            execl(injector, injector, "attach", pid_text, "--output", out_path, "--control", control, (char *)NULL);
            _exit(127);
        }
        while (!has_create(out_path) && now_ns() - t0 < 10e9) usleep(200);
        attach_ms[r] = (now_ns() - t0) / 1e6;
        int fd = open(control, O_CREAT | O_WRONLY, 0600);
        close(fd);
        waitpid(inj, NULL, 0);
        kill(target, SIGKILL);
        waitpid(target, NULL, 0);
        unlink(control);
    }
    printf("attach to first event: median %.1f ms over %d attaches\n", median(attach_ms, attach_rounds), attach_rounds);
    unlink(out_path);

    void *unwind = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
    if (unwind) g_unw_backtrace = (int (*)(void **, int))dlsym(unwind, "unw_backtrace");
    measure_unwinders(12);
    printf("unwinders, same stack (this program has no frame pointers): glibc backtrace() %.0f ns for %d frames; "
           "libunwind unw_backtrace() %.0f ns for %d frames; frame-pointer walk %.0f ns for %d frames\n",
           g_bt_ns, g_bt_depth, g_unw_ns, g_unw_depth, g_fp_ns, g_fp_depth);
    return 0;
}
