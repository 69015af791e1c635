/* quantity: 256-bit unsigned integers (see quantity.h). */
#include <string.h>
#include <strings.h>

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
	return quantity_parse_wei(s, strlen(s), out);
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

/* The units of ether, as cast and alloy name them: decimals of each. */
static const struct {
	const char *name;
	unsigned decimals;
} units[] = {
	{ "wei", 0 }, { "kwei", 3 }, { "mwei", 6 }, { "gwei", 9 },
	{ "szabo", 12 }, { "twei", 12 }, { "finney", 15 }, { "pwei", 15 },
	{ "ether", 18 }, { "eth", 18 },
};

int
quantity_unit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n &&
		    strncasecmp(units[i].name, s, n) == 0)
			return (int)units[i].decimals;
	return -1;
}

int
quantity_parse_units(const char *s, size_t n, unsigned decimals,
    struct quantity *out)
{
	const char *dot = memchr(s, '.', n);
	size_t ip = dot != NULL ? (size_t)(dot - s) : n, fl = 0, i;
	char digits[QUANTITY_DEC_MAX + 40];

	if (dot != NULL && (fl = n - ip - 1) == 0)
		return -1;
	if (ip == 0 || ip + decimals >= sizeof(digits))
		return -1;
	/* a fraction finer than the unit allows must be zeros */
	for (i = decimals; i < fl; i++)
		if (dot[1 + i] != '0')
			return -1;
	memcpy(digits, s, ip);
	for (i = 0; i < decimals; i++) {
		digits[ip + i] = i < fl ? dot[1 + i] : '0';
		if (digits[ip + i] < '0' || digits[ip + i] > '9')
			return -1;
	}
	return quantity_parse_dec(digits, ip + decimals, out);
}

int
quantity_parse_wei(const char *s, size_t n, struct quantity *out)
{
	size_t k = 0;
	int d;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return s[1] == 'x' ? quantity_parse_hex(s, n, out) : -1;
	while (k < n && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.'))
		k++;
	if (k == n)
		return quantity_parse_units(s, n, 0, out);
	if ((d = quantity_unit(s + k, n - k)) < 0)
		return -1;
	return quantity_parse_units(s, k, (unsigned)d, out);
}

void
quantity_format_units(const struct quantity *v, unsigned decimals,
    char out[QUANTITY_DEC_MAX + 2])
{
	char d[QUANTITY_DEC_MAX];
	size_t n, ip, fl;

	quantity_to_dec(v, d);
	n = strlen(d);
	if (decimals == 0) {
		memcpy(out, d, n + 1);
		return;
	}
	/* pad to at least one whole digit, then cut trailing zeros */
	if (n <= decimals) {
		memset(out, '0', decimals - n + 1);
		memcpy(out + decimals - n + 1, d, n + 1);
		memcpy(d, out, decimals + 2);
		n = decimals + 1;
	}
	ip = n - decimals;
	memcpy(out, d, ip);
	for (fl = decimals; fl > 0 && d[ip + fl - 1] == '0'; fl--)
		;
	if (fl == 0) {
		out[ip] = '\0';
		return;
	}
	out[ip] = '.';
	memcpy(out + ip + 1, d + ip, fl);
	out[ip + 1 + fl] = '\0';
}

int
quantity_has_unit(const cJSON *v)
{
	const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
	size_t n = s != NULL ? strlen(s) : 0;

	return n > 0 && s[n - 1] >= 'a' && s[n - 1] <= 'z' &&
	    strncmp(s, "0x", 2) != 0;
}

int
quantity_wei_from_json(const cJSON *v, const char *what, struct quantity *out,
    struct or_err *e)
{
	const char *s = quantity_has_unit(v) ? v->valuestring : NULL;

	/* a string with a unit suffix; anything else reads as an integer */
	if (s != NULL) {
		size_t n = strlen(s);

		if (quantity_parse_wei(s, n, out) < 0)
			return or_error(e, "json.bad_field", "'%s' is not a "
			    "wei amount ('%.40s': want an integer of wei, or a "
			    "number with a unit such as 1.5gwei or 1ether, "
			    "exact in wei)", what, s);
		return 0;
	}
	return quantity_from_json(v, what, out, e);
}
