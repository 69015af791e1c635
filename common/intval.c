/* intval: integer fields of records, on top of u256. */
#include <string.h>

#include "intval.h"
#include "u256.h"
#include "banned.h"

/* The width check of a magnitude and sign, then two's complement. */
static int
fit(const uint8_t mag[32], int neg, int bits, int is_signed, uint8_t out[32],
    const char *what, struct or_err *e)
{
	uint8_t v[32], lim[32] = { 0 };

	memcpy(v, mag, 32);
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

/* Name a failure of json_int_read or json_int_text. */
static int
fail(enum json_int r, int is_signed, const char *what, struct or_err *e)
{
	switch (r) {
	case JSON_INT_UNSAFE:
	case JSON_INT_TYPE:
		return json_int_error(r, what, e);
	case JSON_INT_RANGE:
		return or_error(e, "int.too_large", "'%s' exceeds %s256", what,
		    is_signed ? "int" : "uint");
	default:
		return or_error(e, "int.invalid",
		    "'%s' is not a decimal or 0x integer", what);
	}
}

int
intval_parse(const char *s, size_t n, int bits, int is_signed,
    uint8_t out[32], const char *what, struct or_err *e)
{
	uint8_t mag[32];
	enum json_int r;
	int neg;

	if ((r = json_int_text(s, n, is_signed, mag, &neg)) != JSON_INT_OK)
		return fail(r, is_signed, what, e);
	return fit(mag, neg, bits, is_signed, out, what, e);
}

int
intval_from_json(const cJSON *v, int bits, int is_signed, uint8_t out[32],
    const char *what, struct or_err *e)
{
	uint8_t mag[32];
	enum json_int r;
	int neg;

	if ((r = json_int_read(v, is_signed, mag, &neg)) != JSON_INT_OK)
		return fail(r, is_signed, what, e);
	return fit(mag, neg, bits, is_signed, out, what, e);
}
