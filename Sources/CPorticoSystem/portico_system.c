#define _GNU_SOURCE
#include "portico_system.h"
#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

int portico_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, 2 /* RENAME_EXCHANGE */);
#else
    (void)first;
    (void)second;
    return -1;
#endif
}

/* jemalloc (which the `portico` executable links on Linux) reads its options from this symbol
   of the program. A build allocates about 140 MB at 10,000 tickets within half a second: with
   transparent huge pages it takes some 25,000 fewer page faults (3-4% of the build's time) for
   about 20% more peak memory. MALLOC_CONF in the environment still overrides it. */
#if defined(__linux__)
__attribute__((used, visibility("default"))) const char *malloc_conf = "thp:always,metadata_thp:always";
#endif
