/*
 * count-allocations.c — an LD_PRELOAD library that counts heap allocations, for scripts/bench/allocations.sh.
 *
 * Every malloc, calloc, realloc, posix_memalign, aligned_alloc and memalign of the process is counted (one atomic
 * increment) and then served by glibc's own allocator. On SIGUSR2 the count so far is written, as decimal digits
 * and a newline, to the file named by ALLOCATION_COUNT_FILE (read once, at load), which the script reads before
 * and after a fixed sequence of requests. Allocation counts do not depend on what else the machine is doing, as
 * requests per second do; this machine has no hardware instruction counters for perf, and valgrind cannot read
 * Swift 6.3's debug information.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_ulong allocations;
static char count_file[4096];

void *malloc(size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    return memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    void *pointer = memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *result = pointer;
    return 0;
}

/* Only async-signal-safe calls: digits by hand, then open, write, close. */
static void report(int signal_number) {
    (void)signal_number;
    if (count_file[0] == '\0') return;
    unsigned long value = atomic_load_explicit(&allocations, memory_order_relaxed);
    char digits[32];
    int length = 0;
    do {
        digits[sizeof digits - 2 - length++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    digits[sizeof digits - 1] = '\n';
    int saved = errno;
    int fd = open(count_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        (void)!write(fd, digits + sizeof digits - 1 - length, (size_t)length + 1);
        close(fd);
    }
    errno = saved;
}

__attribute__((constructor)) static void install(void) {
    const char *path = getenv("ALLOCATION_COUNT_FILE");
    if (path == NULL || strlen(path) >= sizeof count_file) return;
    strcpy(count_file, path);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = report;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR2, &action, NULL);
}
