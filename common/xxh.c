/* xxh: streaming xxh3 through libxxhash, canonical (big-endian) output as
 * xxhsum prints it. */
#include <string.h>

#include <xxhash.h>

#include "xxh.h"
#include "util.h"
#include "banned.h"

void
xxh_init(struct xxh *x, int bits)
{
	x->bits = bits;
	x->st = XXH3_createState();
	if (x->st == NULL)
		die_oom();
	if (bits == 128)
		XXH3_128bits_reset(x->st);
	else
		XXH3_64bits_reset(x->st);
}

void
xxh_update(struct xxh *x, const void *p, size_t n)
{
	if (x->bits == 128)
		XXH3_128bits_update(x->st, p, n);
	else
		XXH3_64bits_update(x->st, p, n);
}

void
xxh_final(struct xxh *x, uint8_t out[16])
{
	if (x->bits == 128) {
		XXH128_canonical_t c;

		XXH128_canonicalFromHash(&c, XXH3_128bits_digest(x->st));
		memcpy(out, c.digest, 16);
	} else {
		XXH64_canonical_t c;

		XXH64_canonicalFromHash(&c, XXH3_64bits_digest(x->st));
		memcpy(out, c.digest, 8);
	}
	XXH3_freeState(x->st);
	x->st = NULL;
}
