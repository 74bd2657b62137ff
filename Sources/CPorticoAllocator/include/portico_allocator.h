#ifndef PORTICO_ALLOCATOR_H
#define PORTICO_ALLOCATOR_H

/// jemalloc's options for the portico executable (see jemalloc_options.c).
extern const char *malloc_conf;

#endif
