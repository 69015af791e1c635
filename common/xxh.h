/* xxh: xxh3-64 and xxh128 digests (libxxhash).  Not cryptographic: for
 * or-hash's xxh3/xxh128 verbs and hash tables, never for tamper checks.
 * Ownership: states are allocated by xxh_init and freed by xxh_final. */
#ifndef OR_XXH_H
#define OR_XXH_H

#include <stddef.h>
#include <stdint.h>

struct xxh {
	void *st;
	int bits;	/* 64 or 128 */
};

void xxh_init(struct xxh *x, int bits);
void xxh_update(struct xxh *x, const void *p, size_t n);
/* Big-endian canonical digest: 8 or 16 bytes written to out. */
void xxh_final(struct xxh *x, uint8_t out[16]);

#endif
