/* intval: integer fields of records, on top of u256. */
#include <string.h>

#include "intval.h"
#include "u256.h"
#include "banned.h"

#define MAX_SAFE 9007199254740991LL

int
intval_parse(const char *s, size_t n, int bits, int is_signed,
    uint8_t out[32], const char *what, struct or_err *e)
{
	uint8_t v[32], lim[32] = { 0 };
	int neg = 0, r;

	if (n > 2 && s[0] == '0' && s[1] == 'x') {
		r = u256_from_hex(s + 2, n - 2, v);
	} else {
		if (is_signed && n > 0 && s[0] == '-') {
			neg = 1;
			s++;
			n--;
		}
		r = u256_from_dec(s, n, v);
	}
	if (r == -1)
		return or_error(e, "int.invalid",
		    "'%s' is not a decimal or 0x integer", what);
	if (r == -2)
		return or_error(e, "int.too_large", "'%s' exceeds %s256", what,
		    is_signed ? "int" : "uint");
	if (!is_signed) {
		if (u256_bitlen(v) > (unsigned)bits)
			return or_error(e, "int.too_large", "'%s' exceeds uint%d",
			    what, bits);
	} else {
		/* |v| < 2^(bits-1), or == 2^(bits-1) when negative */
		lim[31 - (bits - 1) / 8] = (uint8_t)(1u << ((bits - 1) % 8));
		if (!(memcmp(v, lim, 32) < 0 ||
		    (neg && memcmp(v, lim, 32) == 0)))
			return or_error(e, "int.too_large",
			    "'%s' is outside int%d", what, bits);
		if (neg)
			u256_neg(v);
	}
	memcpy(out, v, 32);
	return 0;
}

int
intval_from_json(const cJSON *v, int bits, int is_signed, uint8_t out[32],
    const char *what, struct or_err *e)
{
	char tmp[64];
	const char *s;
	size_t n;
	int64_t x;

	if (json_is_number(v)) {
		s = json_numtext(v, tmp);
		if (parse_i64(s, &x) < 0 || x > MAX_SAFE || x < -MAX_SAFE)
			return or_error(e, "json.unsafe_integer",
			    "'%s' must be an integer up to 2^53-1 (use a "
			    "decimal string for larger values)", what);
		return intval_parse(s, strlen(s), bits, is_signed, out, what,
		    e);
	}
	if ((s = json_strval(v, &n)) == NULL)
		return or_error(e, "json.bad_field",
		    "'%s' must be an integer or a string", what);
	if (memchr(s, '\0', n) != NULL)
		return or_error(e, "int.invalid", "'%s' is not an integer",
		    what);
	return intval_parse(s, n, bits, is_signed, out, what, e);
}
