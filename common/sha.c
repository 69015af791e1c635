/* sha: SHA-256 through libcrypto's low-level SHA256_* functions.  They are
 * deprecated in OpenSSL 3 in favour of EVP, but EVP fetches a provider on
 * every init (slow for one digest per file) and crashes inside OpenSSL when
 * that lazy set-up runs out of memory; the low-level calls allocate
 * nothing and use the same assembly. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "sha.h"
#include "banned.h"

void
sha256_init(struct sha256 *c)
{
	SHA256_Init(&c->ctx);
}

void
sha256_update(struct sha256 *c, const void *p, size_t n)
{
	SHA256_Update(&c->ctx, p, n);
}

void
sha256_final(struct sha256 *c, uint8_t out[32])
{
	SHA256_Final(out, &c->ctx);
}

/* Not SHA256(): in OpenSSL 3 the one-shot call goes through EVP. */
void
sha256(const void *p, size_t n, uint8_t out[32])
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, p, n);
	sha256_final(&c, out);
}
