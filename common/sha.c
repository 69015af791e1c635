/* sha: SHA-256 through libcrypto's EVP interface. */
#include <openssl/evp.h>

#include "sha.h"
#include "util.h"
#include "banned.h"

void
sha256_init(struct sha256 *c)
{
	c->md = EVP_MD_CTX_new();
	if (c->md == NULL || EVP_DigestInit_ex(c->md, EVP_sha256(), NULL) != 1)
		die_oom();
}

void
sha256_update(struct sha256 *c, const void *p, size_t n)
{
	if (EVP_DigestUpdate(c->md, p, n) != 1)
		die_oom();
}

void
sha256_final(struct sha256 *c, uint8_t out[32])
{
	unsigned int n = 32;

	if (EVP_DigestFinal_ex(c->md, out, &n) != 1)
		die_oom();
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
}

void
sha256(const void *p, size_t n, uint8_t out[32])
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, p, n);
	sha256_final(&c, out);
}
