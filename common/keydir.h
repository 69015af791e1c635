/* keydir: a folder of keystores (geth's layout): file names, listing, and
 * finding the keystore of an address.
 * Ownership: returned paths and name arrays are the caller's to free. */
#ifndef OR_KEYDIR_H
#define OR_KEYDIR_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util.h"

/* geth's name "UTC--2006-01-02T15-04-05.000000000Z--<address>"; dst holds
 * at least 96 bytes. */
void keydir_filename(char *dst, size_t size, const uint8_t addr[20],
    const struct timespec *ts);
/* The keystore for addr in folder dir: a name ending in "--<address>"
 * (geth), else a file whose "address" field matches.  Errors:
 * keystore.not_found (naming a keystore without an "address" field, which
 * only --keystore FILE can select), file.open. */
int keydir_find(const char *dir, const uint8_t addr[20], char **path,
    struct or_err *e);
/* keystore_peek of the file at path (at most 1 MiB): 1 with addr when it
 * names its address, 0 when it does not, -1 when it cannot be read or is
 * no keystore. */
int keydir_peek(const char *path, uint8_t addr[20]);
/* Sorted names of the regular files in dir (NULL-terminated array, free
 * each name and the array). */
int keydir_list(const char *dir, char ***names, struct or_err *e);

#endif
