/* quantity: 256-bit unsigned integers (see quantity.h). */
#include <string.h>

#include "hex.h"
#include "quantity.h"
#include "u256.h"
#include "banned.h"

void
quantity_set_u64(struct quantity *v, uint64_t x)
{
	memset(v, 0, sizeof(*v));
	v->w[0] = x;
}

int
quantity_get_u64(const struct quantity *v, uint64_t *out)
{
	if (v->w[1] != 0 || v->w[2] != 0 || v->w[3] != 0)
		return -1;
	*out = v->w[0];
	return 0;
}

int
quantity_is_zero(const struct quantity *a)
{
	return (a->w[0] | a->w[1] | a->w[2] | a->w[3]) == 0;
}

int
quantity_cmp(const struct quantity *a, const struct quantity *b)
{
	int i;

	for (i = 3; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

int
quantity_add(const struct quantity *a, const struct quantity *b,
    struct quantity *out)
{
	unsigned __int128 carry = 0;
	int i;

	for (i = 0; i < 4; i++) {
		carry += (unsigned __int128)a->w[i] + b->w[i];
		out->w[i] = (uint64_t)carry;
		carry >>= 64;
	}
	return carry != 0 ? -1 : 0;
}

int
quantity_mul_u64(const struct quantity *a, uint64_t m, struct quantity *out)
{
	unsigned __int128 carry = 0;
	int i;

	for (i = 0; i < 4; i++) {
		carry += (unsigned __int128)a->w[i] * m;
		out->w[i] = (uint64_t)carry;
		carry >>= 64;
	}
	return carry != 0 ? -1 : 0;
}

uint64_t
quantity_div_u64(const struct quantity *a, uint64_t d, struct quantity *out)
{
	unsigned __int128 rem = 0;
	int i;

	for (i = 3; i >= 0; i--) {
		rem = rem << 64 | a->w[i];
		out->w[i] = (uint64_t)(rem / d);
		rem %= d;
	}
	return (uint64_t)rem;
}

/* Text conversions go through u256 (32 big-endian bytes); quantity keeps
 * little-endian limbs for its arithmetic. */
static void
from_word(const uint8_t w[32], struct quantity *v)
{
	int i, k;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < 32; i++) {
		k = 31 - i;
		v->w[k / 8] |= (uint64_t)w[i] << (k % 8 * 8);
	}
}

static void
to_word(const struct quantity *v, uint8_t w[32])
{
	int i, k;

	for (i = 0; i < 32; i++) {
		k = 31 - i;
		w[i] = (uint8_t)(v->w[k / 8] >> (k % 8 * 8));
	}
}

int
quantity_parse_hex(const char *s, size_t n, struct quantity *out)
{
	uint8_t w[32];

	if (n < 3 || s[0] != '0' || s[1] != 'x' ||
	    u256_from_hex(s + 2, n - 2, w) != 0)
		return -1;
	from_word(w, out);
	return 0;
}

int
quantity_parse_dec(const char *s, size_t n, struct quantity *out)
{
	uint8_t w[32];

	if (u256_from_dec(s, n, w) != 0)
		return -1;
	from_word(w, out);
	return 0;
}

int
quantity_parse_price(const char *s, struct quantity *out)
{
	size_t n = strlen(s), ip, fl = 0, i;
	const char *dot;
	char digits[96];
	struct quantity v;

	if (n > 4 && strcmp(s + n - 4, "gwei") == 0) {
		n -= 4;
		dot = memchr(s, '.', n);
		ip = dot != NULL ? (size_t)(dot - s) : n;
		if (dot != NULL && (fl = n - ip - 1) == 0)
			return -1;
		if (ip == 0 || fl > 9 || ip + 9 >= sizeof(digits))
			return -1;
		/* whole digits, then the fraction padded to 9 places */
		memcpy(digits, s, ip);
		for (i = 0; i < 9; i++)
			digits[ip + i] = i < fl ? dot[1 + i] : '0';
		return quantity_parse_dec(digits, ip + 9, out);
	}
	if (quantity_parse_dec(s, n, &v) < 0)
		return -1;
	*out = v;
	return 0;
}

void
quantity_to_dec(const struct quantity *v, char out[QUANTITY_DEC_MAX])
{
	uint8_t w[32];

	to_word(v, w);
	u256_to_dec(w, out);
}

void
quantity_to_hex(const struct quantity *v, char out[QUANTITY_HEX_MAX])
{
	static const char dig[] = "0123456789abcdef";
	size_t n = 2;
	int i, started = 0;

	out[0] = '0';
	out[1] = 'x';
	for (i = 63; i >= 0; i--) {
		unsigned d = (unsigned)(v->w[i / 16] >> (i % 16 * 4)) & 15;

		if (d != 0 || started || i == 0) {
			out[n++] = dig[d];
			started = 1;
		}
	}
	out[n] = '\0';
}

int
quantity_from_json(const cJSON *v, const char *what, struct quantity *out,
    struct or_err *e)
{
	enum json_int r;
	uint8_t w[32];
	int neg;

	if ((r = json_int_read(v, 0, w, &neg)) == JSON_INT_SYNTAX ||
	    r == JSON_INT_RANGE || (r == JSON_INT_OK && neg))
		return or_error(e, "json.bad_field",
		    "'%s' is not a valid uint256 integer", what);
	if (r != JSON_INT_OK)
		return json_int_error(r, what, e);
	from_word(w, out);
	return 0;
}
