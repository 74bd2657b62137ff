#ifndef PORTICO_SYSTEM_H
#define PORTICO_SYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 where the system or file system cannot do it.
int portico_exchange_paths(const char *first, const char *second);

#endif
