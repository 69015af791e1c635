/* keccak: Keccak-f[1600] with the 25 lanes in local variables and two rounds
 * per loop step (A -> E -> A), which lets the compiler keep most lanes in
 * registers; the round itself is keccakround.h's. */
#include <string.h>

#include "keccak.h"
#include "keccakround.h"
#include "banned.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "keccak.c assumes a little-endian host"
#endif

/* the round constants, shared with keccakx8.c */
const uint64_t keccak_rc[24] = {
	0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL,
	0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL,
	0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL,
	0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
	0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
	0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
	0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
	0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

#define K_XOR(x, y)		((x) ^ (y))
#define K_XOR5(a, b, c, d, e)	((a) ^ (b) ^ (c) ^ (d) ^ (e))
#define K_ROL(x, n)		(((x) << (n)) | ((x) >> (64 - (n))))
#define K_CHI(a, b, c)		((a) ^ (~(b) & (c)))
#define K_LANE			uint64_t
#define K_RC(rc)		(rc)

void
keccak_f1600(uint64_t s[25])
{
	KPERMUTE();
}

void
keccak_init(struct keccak *k)
{
	memset(k, 0, sizeof(*k));
}

static void
absorb_block(uint64_t s[25], const uint8_t *p)
{
	uint64_t w;
	int i;

	for (i = 0; i < KECCAK256_RATE / 8; i++) {
		memcpy(&w, p + 8 * i, 8);
		s[i] ^= w;
	}
	keccak_f1600(s);
}

void
keccak_update(struct keccak *k, const void *data, size_t n)
{
	const uint8_t *p = data;
	uint8_t *st = (uint8_t *)k->s;

	if (k->pos > 0) {
		while (n > 0 && k->pos < KECCAK256_RATE) {
			st[k->pos++] ^= *p++;
			n--;
		}
		if (k->pos < KECCAK256_RATE)
			return;
		keccak_f1600(k->s);
		k->pos = 0;
	}
	while (n >= KECCAK256_RATE) {
		absorb_block(k->s, p);
		p += KECCAK256_RATE;
		n -= KECCAK256_RATE;
	}
	while (n > 0) {
		st[k->pos++] ^= *p++;
		n--;
	}
}

void
keccak_final(struct keccak *k, uint8_t out[32])
{
	uint8_t *st = (uint8_t *)k->s;

	st[k->pos] ^= 0x01;
	st[KECCAK256_RATE - 1] ^= 0x80;
	keccak_f1600(k->s);
	memcpy(out, k->s, 32);
}

void
keccak256(const void *p, size_t n, uint8_t out[32])
{
	struct keccak k;

	keccak_init(&k);
	keccak_update(&k, p, n);
	keccak_final(&k, out);
}

void
keccak256_pair(const uint8_t a[32], const uint8_t b[32], uint8_t out[32])
{
	uint64_t s[25] = { 0 };

	memcpy(s, a, 32);
	memcpy(s + 4, b, 32);
	((uint8_t *)s)[64] ^= 0x01;
	((uint8_t *)s)[KECCAK256_RATE - 1] ^= 0x80;
	keccak_f1600(s);
	memcpy(out, s, 32);
}
