/*
 * Sets up an io_uring instance (a raw system call: glibc has no wrapper), keeps
 * it open for 500 ms and exits 0. The recording must note that descriptors
 * io_uring requests open or close are not seen.
 */
#define _GNU_SOURCE
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    long fd;
    __asm__ volatile("syscall" : "=a"(fd) : "a"((long)SYS_io_uring_setup), "D"(4L), "S"(&p) : "rcx", "r11", "memory");
    if (fd < 0) {
        fprintf(stderr, "io_uring_setup failed: %s\n", strerror((int)-fd));
        return 90;
    }
    usleep(500000);
    printf("uring done\n");
    return 0;
}
