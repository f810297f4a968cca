/*
 * prefault_test.c: PrefaultTests link it with native/start/vt_prefault.c (and once without, as the control). Prints
 * how many pages of a 4 MiB zero-filled (.bss) array are resident when main starts, before anything writes to it, and
 * how many it has: with the prefault constructor all of them are, without it none is.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

__attribute__((used)) static char zeros[4 << 20];

int main(void)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = ((uintptr_t)zeros + page - 1) & ~(page - 1);
    uintptr_t end = ((uintptr_t)zeros + sizeof zeros) & ~(page - 1);
    size_t pages = (end - start) / page;
    static unsigned char resident[(4 << 20) / 4096];
    if (pages > sizeof resident || mincore((void *)start, end - start, resident) != 0) {
        perror("mincore");
        return 2;
    }
    size_t count = 0;
    for (size_t i = 0; i < pages; i++) count += resident[i] & 1;
    printf("%zu %zu\n", count, pages);
    return 0;
}
