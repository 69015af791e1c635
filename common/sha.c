/* sha: SHA-256 through libcrypto's low-level SHA256_* functions.  They are
 * deprecated in OpenSSL 3 in favour of EVP, but EVP fetches a provider on
 * every init (slow for one digest per file) and crashes inside OpenSSL when
 * that lazy set-up runs out of memory; the low-level calls allocate
 * nothing and use the same assembly. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <errno.h>
#include <unistd.h>

#include "sha.h"
#include "util.h"
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

int
sha256_fd(int fd, uint8_t out[32], uint64_t *size)
{
	struct sha256 c;
	char buf[65536];
	ssize_t r;
	uint64_t n = 0;

	sha256_init(&c);
	for (;;) {
		r = read_some(fd, buf, sizeof(buf));
		if (r < 0) {
			int err = errno;

			sha256_final(&c, out);
			errno = err;
			return -1;
		}
		if (r == 0)
			break;
		sha256_update(&c, buf, (size_t)r);
		n += (uint64_t)r;
	}
	sha256_final(&c, out);
	if (size != NULL)
		*size = n;
	return 0;
}
