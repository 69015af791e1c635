/* uint256: 256-bit integer parsing and decimal printing. */
#include <string.h>

#include "hex.h"
#include "uint256.h"
#include "banned.h"

/* v = v * 10 + d; returns 1 on overflow past 2^256-1. */
static int
mul10_add(uint8_t v[32], unsigned d)
{
	unsigned carry = d;
	int i;

	for (i = 31; i >= 0; i--) {
		unsigned x = v[i] * 10u + carry;

		v[i] = (uint8_t)x;
		carry = x >> 8;
	}
	return carry != 0;
}

/* Is v < 2^bits?  (bits 8..256, multiple of 8 not required) */
static int
fits(const uint8_t v[32], int bits)
{
	int i, top = 256 - bits;	/* high bits that must be zero */

	for (i = 0; i < top / 8; i++)
		if (v[i] != 0)
			return 0;
	if (top % 8 != 0 && (v[top / 8] >> (8 - top % 8)) != 0)
		return 0;
	return 1;
}

static void
negate(uint8_t v[32])
{
	unsigned carry = 1;
	int i;

	for (i = 31; i >= 0; i--) {
		unsigned x = (uint8_t)~v[i] + carry;

		v[i] = (uint8_t)x;
		carry = x >> 8;
	}
}

int
u256_parse(const char *s, size_t n, int bits, int is_signed, uint8_t out[32],
    const char *what, struct or_err *e)
{
	uint8_t v[32] = { 0 };
	int neg = 0, over = 0;
	size_t i;

	if (n > 2 && s[0] == '0' && s[1] == 'x') {
		for (i = 2; i < n && s[i] == '0'; i++)
			;
		if (n - i > 64)
			over = 1;
		for (; i < n; i++) {
			int d = hex_digit((unsigned char)s[i]);

			if (d < 0)
				return or_error(e, "int.invalid",
				    "invalid hex digit in '%s'", what);
			if (!over) {
				size_t pos = 63 - (n - 1 - i);

				v[pos / 2] |= (uint8_t)(pos % 2 ? d : d << 4);
			}
		}
	} else {
		if (is_signed && n > 0 && s[0] == '-') {
			neg = 1;
			s++;
			n--;
		}
		if (n == 0)
			return or_error(e, "int.invalid",
			    "'%s' is not an integer", what);
		for (i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return or_error(e, "int.invalid",
				    "'%s' is not a decimal or 0x integer",
				    what);
			over |= mul10_add(v, (unsigned)(s[i] - '0'));
		}
	}
	if (over)
		return or_error(e, "int.too_large", "'%s' exceeds %s%d bits",
		    what, is_signed ? "int" : "uint", bits);
	if (is_signed) {
		/* magnitude limit: 2^(bits-1)-1, or 2^(bits-1) when negative */
		uint8_t lim[32] = { 0 };
		int ok;

		lim[31 - (bits - 1) / 8] = (uint8_t)(1u << ((bits - 1) % 8));
		ok = memcmp(v, lim, 32) < 0 || (neg && memcmp(v, lim, 32) == 0);
		if (!ok)
			return or_error(e, "int.too_large",
			    "'%s' is outside int%d", what, bits);
		if (neg)
			negate(v);
	} else if (!fits(v, bits)) {
		return or_error(e, "int.too_large", "'%s' exceeds uint%d", what,
		    bits);
	}
	memcpy(out, v, 32);
	return 0;
}

int
u256_from_json(const cJSON *v, int bits, int is_signed, uint8_t out[32],
    const char *what, struct or_err *e)
{
	char tmp[64];
	const char *s;
	size_t n;

	if (json_is_number(v)) {
		int64_t x;

		s = json_numtext(v, tmp);
		if (parse_i64(s, &x) < 0 || x > 9007199254740991LL ||
		    x < -9007199254740991LL)
			return or_error(e, "json.unsafe_integer",
			    "'%s' must be an integer up to 2^53-1 (use a "
			    "decimal string for larger values)", what);
		return u256_parse(s, strlen(s), bits, is_signed, out, what, e);
	}
	if ((s = json_strval(v, &n)) == NULL)
		return or_error(e, "json.bad_field",
		    "'%s' must be an integer or a string", what);
	if (memchr(s, '\0', n) != NULL)
		return or_error(e, "int.invalid", "'%s' is not an integer",
		    what);
	return u256_parse(s, n, bits, is_signed, out, what, e);
}

void
u256_to_dec(const uint8_t v[32], char *dst)
{
	uint8_t t[32];
	char rev[80];
	size_t k = 0, i;
	int nonzero;

	memcpy(t, v, 32);
	do {
		unsigned rem = 0;

		nonzero = 0;
		for (i = 0; i < 32; i++) {
			unsigned x = rem << 8 | t[i];

			t[i] = (uint8_t)(x / 10);
			rem = x % 10;
			nonzero |= t[i];
		}
		rev[k++] = (char)('0' + rem);
	} while (nonzero);
	for (i = 0; i < k; i++)
		dst[i] = rev[k - 1 - i];
	dst[k] = '\0';
}

size_t
u256_len(const uint8_t v[32])
{
	size_t i;

	for (i = 0; i < 32 && v[i] == 0; i++)
		;
	return 32 - i;
}
