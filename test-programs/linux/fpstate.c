/*
 * Holds known values in all sixteen SSE registers across a blocking read()
 * system call made from inline assembly, the kind of wait an attach picks to
 * run dlopen in. After each line on stdin it prints "intact" if every
 * register still holds its value, else "clobbered"; at end of file it exits 0.
 * Prints "ready PID" first.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static unsigned char before[16][16] __attribute__((aligned(16)));
static unsigned char after[16][16] __attribute__((aligned(16)));

/* One read(0, buf, 1) with xmm0..xmm15 loaded from `before` and stored to `after` around it. */
static long read_holding_sse(char *buf) {
    long r;
    __asm__ volatile(
        "movdqa 0(%[b]), %%xmm0\n movdqa 16(%[b]), %%xmm1\n movdqa 32(%[b]), %%xmm2\n movdqa 48(%[b]), %%xmm3\n"
        "movdqa 64(%[b]), %%xmm4\n movdqa 80(%[b]), %%xmm5\n movdqa 96(%[b]), %%xmm6\n movdqa 112(%[b]), %%xmm7\n"
        "movdqa 128(%[b]), %%xmm8\n movdqa 144(%[b]), %%xmm9\n movdqa 160(%[b]), %%xmm10\n movdqa 176(%[b]), %%xmm11\n"
        "movdqa 192(%[b]), %%xmm12\n movdqa 208(%[b]), %%xmm13\n movdqa 224(%[b]), %%xmm14\n movdqa 240(%[b]), %%xmm15\n"
        "syscall\n"
        "movdqa %%xmm0, 0(%[a])\n movdqa %%xmm1, 16(%[a])\n movdqa %%xmm2, 32(%[a])\n movdqa %%xmm3, 48(%[a])\n"
        "movdqa %%xmm4, 64(%[a])\n movdqa %%xmm5, 80(%[a])\n movdqa %%xmm6, 96(%[a])\n movdqa %%xmm7, 112(%[a])\n"
        "movdqa %%xmm8, 128(%[a])\n movdqa %%xmm9, 144(%[a])\n movdqa %%xmm10, 160(%[a])\n movdqa %%xmm11, 176(%[a])\n"
        "movdqa %%xmm12, 192(%[a])\n movdqa %%xmm13, 208(%[a])\n movdqa %%xmm14, 224(%[a])\n movdqa %%xmm15, 240(%[a])\n"
        : "=a"(r)
        : "a"((long)SYS_read), "D"(0L), "S"(buf), "d"(1L), [b] "r"(before), [a] "r"(after)
        : "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
          "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    return r;
}

int main(void) {
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 16; j++) before[i][j] = (unsigned char)(i * 16 + j + 1);
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    char c;
    for (;;) {
        long r = read_holding_sse(&c);
        if (r <= 0) break;
        if (c != '\n') continue;
        printf("%s\n", memcmp(before, after, sizeof before) == 0 ? "intact" : "clobbered");
        fflush(stdout);
    }
    return 0;
}
