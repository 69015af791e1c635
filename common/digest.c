/* digest: streaming Keccak-256, SHA-256, xxh3 and xxh128 behind one call. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "hex.h"
#include "keccak.h"
#include "sha.h"
#include "xxh.h"
#include "banned.h"

struct state {
	enum digest_alg a;
	struct keccak k;
	struct sha256 s;
	struct xxh x;
};

static void
init(struct state *d, enum digest_alg a)
{
	d->a = a;
	if (a == DG_KECCAK256)
		keccak_init(&d->k);
	else if (a == DG_SHA256)
		sha256_init(&d->s);
	else
		xxh_init(&d->x, a == DG_XXH3 ? 64 : 128);
}

static void
update(struct state *d, const void *p, size_t n)
{
	if (d->a == DG_KECCAK256)
		keccak_update(&d->k, p, n);
	else if (d->a == DG_SHA256)
		sha256_update(&d->s, p, n);
	else
		xxh_update(&d->x, p, n);
}

/* Always called once per init: it also frees the xxh state. */
static void
final(struct state *d, char hex[DIGEST_HEX_MAX])
{
	uint8_t out[32];

	if (d->a == DG_KECCAK256) {
		keccak_final(&d->k, out);
		hex_encode(hex, out, 32);
	} else if (d->a == DG_SHA256) {
		sha256_final(&d->s, out);
		hex_encode(hex, out, 32);
	} else {
		xxh_final(&d->x, out);
		hex_encode(hex, out, d->a == DG_XXH3 ? 8 : 16);
	}
}

int
digest_data(enum digest_alg a, const char *s, size_t n,
    char hex[DIGEST_HEX_MAX], struct or_err *e)
{
	struct state d;
	uint8_t *bytes = NULL;

	if (n >= 2 && s[0] == '0' && s[1] == 'x') {
		if (hex_decode(s, n, &bytes, &n, "data", e) < 0)
			return -1;
		s = (const char *)bytes;
	}
	init(&d, a);
	update(&d, s, n);
	final(&d, hex);
	free(bytes);
	return 0;
}

int
digest_fd(enum digest_alg a, int fd, const char *path,
    char hex[DIGEST_HEX_MAX], struct or_err *e)
{
	static char buf[1 << 20];
	struct state d;
	ssize_t r;
	int err;

	init(&d, a);
	do {
		if ((r = read_in_full(fd, buf, sizeof(buf))) <= 0)
			break;
		update(&d, buf, (size_t)r);
	} while ((size_t)r == sizeof(buf));
	err = errno;
	final(&d, hex);
	if (r < 0)
		return or_error(e, err == EISDIR ? "file.is_directory" :
		    "file.read", "cannot read '%s': %s", path, strerror(err));
	return 0;
}
