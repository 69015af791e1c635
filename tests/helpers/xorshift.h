/* xorshift.h: the seeded generator of the test helpers (xorshift64*), so a
 * seed names the same corpus on every machine.  Set rng (non-zero) first. */
#ifndef OR_XORSHIFT_H
#define OR_XORSHIFT_H

#include <stdint.h>

static uint64_t rng;

static uint64_t
next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

#endif
