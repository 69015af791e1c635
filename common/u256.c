/* u256: 256-bit words and their decimal text (see u256.h).  Arithmetic
 * works on four 64-bit limbs, least significant first. */
#include <string.h>

#include "u256.h"
#include "hex.h"
#include "banned.h"

static void
to_limbs(const uint8_t v[32], uint64_t l[4])
{
	int i, k;

	for (i = 0; i < 4; i++) {
		uint64_t x = 0;

		for (k = 0; k < 8; k++)
			x = x << 8 | v[(3 - i) * 8 + k];
		l[i] = x;
	}
}

static void
from_limbs(const uint64_t l[4], uint8_t v[32])
{
	int i, k;

	for (i = 0; i < 4; i++)
		for (k = 0; k < 8; k++)
			v[(3 - i) * 8 + k] = (uint8_t)(l[i] >> (56 - 8 * k));
}

/* l = l * m + a; returns the carry out of the top limb. */
static uint64_t
mul_add(uint64_t l[4], uint64_t m, uint64_t a)
{
	unsigned __int128 t;
	uint64_t carry = a;
	int i;

	for (i = 0; i < 4; i++) {
		t = (unsigned __int128)l[i] * m + carry;
		l[i] = (uint64_t)t;
		carry = (uint64_t)(t >> 64);
	}
	return carry;
}

/* l = l / d; returns the remainder. */
static uint64_t
div_small(uint64_t l[4], uint64_t d)
{
	unsigned __int128 r = 0;
	int i;

	for (i = 3; i >= 0; i--) {
		r = r << 64 | l[i];
		l[i] = (uint64_t)(r / d);
		r %= d;
	}
	return (uint64_t)r;
}

int
u256_from_dec(const char *s, size_t n, uint8_t out[32])
{
	uint64_t l[4] = { 0 }, chunk;
	size_t i = 0, k, take;
	static const uint64_t pow10[] = { 1, 10, 100, 1000, 10000, 100000,
	    1000000, 10000000, 100000000, 1000000000, 10000000000ULL,
	    100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	    100000000000000000ULL, 1000000000000000000ULL };

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	/* 18 digits at a time keep the limb multiply cheap */
	for (i = 0; i < n; i += take) {
		take = n - i < 18 ? n - i : 18;
		chunk = 0;
		for (k = 0; k < take; k++)
			chunk = chunk * 10 + (uint64_t)(s[i + k] - '0');
		if (mul_add(l, pow10[take], chunk) != 0)
			return -2;
	}
	from_limbs(l, out);
	return 0;
}

int
u256_from_hex(const char *s, size_t n, uint8_t out[32])
{
	size_t i;
	int d;

	if (n == 0)
		return -1;
	memset(out, 0, 32);
	for (i = 0; i < n; i++)
		if (hex_digit((unsigned char)s[i]) < 0)
			return -1;
	while (n > 1 && s[0] == '0') {
		s++;
		n--;
	}
	if (n > 64)
		return -2;
	for (i = 0; i < n; i++) {
		d = hex_digit((unsigned char)s[n - 1 - i]);
		out[31 - i / 2] |= (uint8_t)(i % 2 ? d << 4 : d);
	}
	return 0;
}

void
u256_to_dec(const uint8_t v[32], char *dst)
{
	uint64_t l[4], r;
	char tmp[U256_DEC_MAX];
	size_t n = 0, i;
	int k;

	to_limbs(v, l);
	/* 19 decimal digits per division by 10^19 */
	do {
		r = div_small(l, 10000000000000000000ULL);
		for (k = 0; k < 19; k++) {
			tmp[n++] = (char)('0' + r % 10);
			r /= 10;
			if (r == 0 && (l[0] | l[1] | l[2] | l[3]) == 0)
				break;
		}
	} while ((l[0] | l[1] | l[2] | l[3]) != 0);
	for (i = 0; i < n; i++)
		dst[i] = tmp[n - 1 - i];
	dst[n] = '\0';
}

void
u256_to_dec_signed(const uint8_t v[32], char *dst)
{
	uint8_t m[32];

	if ((v[0] & 0x80) == 0) {
		u256_to_dec(v, dst);
		return;
	}
	memcpy(m, v, 32);
	u256_neg(m);
	dst[0] = '-';
	u256_to_dec(m, dst + 1);
}

void
u256_neg(uint8_t v[32])
{
	unsigned carry = 1;
	int i;

	for (i = 31; i >= 0; i--) {
		unsigned x = (uint8_t)~v[i] + carry;

		v[i] = (uint8_t)x;
		carry = x >> 8;
	}
}

unsigned
u256_bitlen(const uint8_t v[32])
{
	int i;

	for (i = 0; i < 32; i++)
		if (v[i] != 0)
			return (unsigned)(32 - i) * 8 -
			    (unsigned)__builtin_clz(v[i]) + 24;
	return 0;
}

int
u256_is_zero(const uint8_t v[32])
{
	int i;

	for (i = 0; i < 32; i++)
		if (v[i] != 0)
			return 0;
	return 1;
}

void
u256_from_u64(uint64_t x, uint8_t out[32])
{
	int i;

	memset(out, 0, 32);
	for (i = 0; i < 8; i++)
		out[31 - i] = (uint8_t)(x >> (8 * i));
}
