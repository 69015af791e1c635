/* digest: one interface over the digests or-hash offers (Keccak-256,
 * SHA-256, xxh3-64, xxh128) and the data input rule of hashes.md 1.3.
 * Ownership: results go into caller buffers; nothing outlives a call. */
#ifndef OR_DIGEST_H
#define OR_DIGEST_H

#include <stddef.h>

#include "util.h"

enum digest_alg { DG_KECCAK256, DG_SHA256, DG_XXH3, DG_XXH128 };

#define DIGEST_HEX_MAX 67	/* "0x", 64 digits, NUL */

/* A data string: "0x" and an even number of hex digits are those bytes,
 * anything else is its own UTF-8 bytes.  Errors: hex.* (field "data"). */
int digest_data(enum digest_alg a, const char *s, size_t n,
    char hex[DIGEST_HEX_MAX], struct or_err *e);
/* The bytes of an open file to its end; path names it in errors
 * (file.read, file.is_directory). */
int digest_fd(enum digest_alg a, int fd, const char *path,
    char hex[DIGEST_HEX_MAX], struct or_err *e);

#endif
