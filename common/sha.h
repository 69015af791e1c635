/* sha: SHA-256 (libcrypto) and the openresearch framings built on it.
 * Ownership: contexts are caller-owned and freed by sha256_final. */
#ifndef OR_SHA_H
#define OR_SHA_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	void *md;	/* EVP_MD_CTX */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *p, size_t n);
void sha256_final(struct sha256 *c, uint8_t out[32]);
void sha256(const void *p, size_t n, uint8_t out[32]);

#endif
