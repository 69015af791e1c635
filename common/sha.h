/* sha: SHA-256 (libcrypto's low-level interface).
 * Ownership: contexts are plain caller-owned structs; nothing is allocated. */
#ifndef OR_SHA_H
#define OR_SHA_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/sha.h>

struct sha256 {
	SHA256_CTX ctx;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *p, size_t n);
void sha256_final(struct sha256 *c, uint8_t out[32]);
void sha256(const void *p, size_t n, uint8_t out[32]);
/* SHA-256 of an open file's bytes to its end, and their count (size may
 * be NULL); -1 with errno on a read error. */
int sha256_fd(int fd, uint8_t out[32], uint64_t *size);

#endif
