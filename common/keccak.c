/* keccak: Keccak-f[1600] with the 25 lanes in local variables and two rounds
 * per loop step (A -> E -> A), which lets the compiler keep most lanes in
 * registers.  Lane names: row b g k m s (y = 0..4), column a e i o u
 * (x = 0..4); lane (x, y) is s[x + 5y]. */
#include <string.h>

#include "keccak.h"
#include "banned.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "keccak.c assumes a little-endian host"
#endif

static const uint64_t RC[24] = {
	0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL,
	0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL,
	0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL,
	0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
	0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
	0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
	0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
	0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

#define ROL(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

/* chi over one output row from the five rotated lanes b0..b4 */
#define CHI(E, r, rc) do { \
	E##r##a = b0 ^ (~b1 & b2) ^ (rc); \
	E##r##e = b1 ^ (~b2 & b3); \
	E##r##i = b2 ^ (~b3 & b4); \
	E##r##o = b3 ^ (~b4 & b0); \
	E##r##u = b4 ^ (~b0 & b1); \
} while (0)

/* theta, rho, pi, chi, iota: one round from lanes A.. into lanes E.. */
#define ROUND(A, E, rc) do { \
	ca = A##ba ^ A##ga ^ A##ka ^ A##ma ^ A##sa; \
	ce = A##be ^ A##ge ^ A##ke ^ A##me ^ A##se; \
	ci = A##bi ^ A##gi ^ A##ki ^ A##mi ^ A##si; \
	co = A##bo ^ A##go ^ A##ko ^ A##mo ^ A##so; \
	cu = A##bu ^ A##gu ^ A##ku ^ A##mu ^ A##su; \
	da = cu ^ ROL(ce, 1); de = ca ^ ROL(ci, 1); di = ce ^ ROL(co, 1); \
	dO = ci ^ ROL(cu, 1); du = co ^ ROL(ca, 1); \
	b0 = A##ba ^ da; b1 = A##ge ^ de; b1 = ROL(b1, 44); \
	b2 = A##ki ^ di; b2 = ROL(b2, 43); b3 = A##mo ^ dO; b3 = ROL(b3, 21); \
	b4 = A##su ^ du; b4 = ROL(b4, 14); \
	CHI(E, b, rc); \
	b0 = A##bo ^ dO; b0 = ROL(b0, 28); b1 = A##gu ^ du; b1 = ROL(b1, 20); \
	b2 = A##ka ^ da; b2 = ROL(b2, 3); b3 = A##me ^ de; b3 = ROL(b3, 45); \
	b4 = A##si ^ di; b4 = ROL(b4, 61); \
	CHI(E, g, 0); \
	b0 = A##be ^ de; b0 = ROL(b0, 1); b1 = A##gi ^ di; b1 = ROL(b1, 6); \
	b2 = A##ko ^ dO; b2 = ROL(b2, 25); b3 = A##mu ^ du; b3 = ROL(b3, 8); \
	b4 = A##sa ^ da; b4 = ROL(b4, 18); \
	CHI(E, k, 0); \
	b0 = A##bu ^ du; b0 = ROL(b0, 27); b1 = A##ga ^ da; b1 = ROL(b1, 36); \
	b2 = A##ke ^ de; b2 = ROL(b2, 10); b3 = A##mi ^ di; b3 = ROL(b3, 15); \
	b4 = A##so ^ dO; b4 = ROL(b4, 56); \
	CHI(E, m, 0); \
	b0 = A##bi ^ di; b0 = ROL(b0, 62); b1 = A##go ^ dO; b1 = ROL(b1, 55); \
	b2 = A##ku ^ du; b2 = ROL(b2, 39); b3 = A##ma ^ da; b3 = ROL(b3, 41); \
	b4 = A##se ^ de; b4 = ROL(b4, 2); \
	CHI(E, s, 0); \
} while (0)

#define LANES(P) \
	P(ba, 0) P(be, 1) P(bi, 2) P(bo, 3) P(bu, 4) \
	P(ga, 5) P(ge, 6) P(gi, 7) P(go, 8) P(gu, 9) \
	P(ka, 10) P(ke, 11) P(ki, 12) P(ko, 13) P(ku, 14) \
	P(ma, 15) P(me, 16) P(mi, 17) P(mo, 18) P(mu, 19) \
	P(sa, 20) P(se, 21) P(si, 22) P(so, 23) P(su, 24)

void
keccak_f1600(uint64_t s[25])
{
#define DECL(n, i) uint64_t a##n = s[i], e##n;
	LANES(DECL)
#undef DECL
	uint64_t ca, ce, ci, co, cu, da, de, di, dO, du, b0, b1, b2, b3, b4;
	int r;

	for (r = 0; r < 24; r += 2) {
		ROUND(a, e, RC[r]);
		ROUND(e, a, RC[r + 1]);
	}
#define STORE(n, i) s[i] = a##n;
	LANES(STORE)
#undef STORE
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
