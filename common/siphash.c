/* siphash: SipHash-2-4 written from the paper's description (see siphash.h). */
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "siphash.h"
#include "util.h"
#include "banned.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void
rounds(uint64_t v[4], int n)
{
	while (n-- > 0) {
		v[0] += v[1]; v[1] = ROTL(v[1], 13); v[1] ^= v[0];
		v[0] = ROTL(v[0], 32);
		v[2] += v[3]; v[3] = ROTL(v[3], 16); v[3] ^= v[2];
		v[0] += v[3]; v[3] = ROTL(v[3], 21); v[3] ^= v[0];
		v[2] += v[1]; v[1] = ROTL(v[1], 17); v[1] ^= v[2];
		v[2] = ROTL(v[2], 32);
	}
}

uint64_t
siphash24(const uint8_t key[16], const void *p, size_t n)
{
	const uint8_t *s = p;
	uint64_t k0 = le64(key), k1 = le64(key + 8), m, v[4];
	uint8_t last[8] = { 0 };
	size_t i;

	v[0] = k0 ^ 0x736f6d6570736575ull;
	v[1] = k1 ^ 0x646f72616e646f6dull;
	v[2] = k0 ^ 0x6c7967656e657261ull;
	v[3] = k1 ^ 0x7465646279746573ull;
	for (i = 0; i + 8 <= n; i += 8) {
		m = le64(s + i);
		v[3] ^= m;
		rounds(v, 2);
		v[0] ^= m;
	}
	if (n > i)
		memcpy(last, s + i, n - i);
	last[7] = (uint8_t)n;	/* the length mod 256 in the top byte */
	m = le64(last);
	v[3] ^= m;
	rounds(v, 2);
	v[0] ^= m;
	v[2] ^= 0xff;
	rounds(v, 4);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

void
siphash_key(uint8_t key[16])
{
	struct timespec ts;
	uint64_t a, b;

	if (random_fill(key, 16) == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	a = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	b = (uint64_t)getpid() ^ (uint64_t)(uintptr_t)&ts;
	memcpy(key, &a, 8);
	memcpy(key + 8, &b, 8);
}
