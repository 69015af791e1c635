/* abiunits: exact conversions between ether units (abiunits.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abiunits.h"
#include "quantity.h"
#include "banned.h"

int
abiunits_decimals(const char *s)
{
	size_t n = strlen(s), i;
	unsigned d = 0;

	if (n > 0 && n <= 2 && s[0] >= '0' && s[0] <= '9') {
		for (i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			d = d * 10 + (unsigned)(s[i] - '0');
		}
		return d <= ABIUNITS_MAX_DECIMALS && (n == 1 || s[0] != '0') ?
		    (int)d : -1;
	}
	return quantity_unit(s, n);
}

/* The decimals of the record's "unit" (a name, or a JSON number of
 * decimals), else of def, else 18 (ether). */
static int
unit_field(const cJSON *rec, const char *def, struct or_err *e)
{
	const cJSON *u = json_get(rec, "unit");
	const char *s = def;
	char tmp[64];
	int d;

	if (u != NULL && json_is_number(u))
		s = json_numtext(u, tmp);
	else if (u != NULL && (s = json_strval(u, NULL)) == NULL)
		return or_error(e, "json.bad_field", "'unit' must be a unit "
		    "name or a number of decimals");
	if (s == NULL)
		return 18;
	if ((d = abiunits_decimals(s)) < 0)
		return or_error(e, "abi.bad_unit", "unknown unit '%.40s': want "
		    "wei, kwei, mwei, gwei, szabo, twei, finney, pwei, ether "
		    "or a number of decimals 0 to %d", s,
		    ABIUNITS_MAX_DECIMALS);
	return d;
}

/* The text of a string or integer field; tmp holds a number's text. */
static const char *
amount_text(const cJSON *rec, const char *key, char tmp[64],
    struct or_err *e)
{
	const cJSON *v = json_get(rec, key);
	const char *s;
	size_t n;

	if (v == NULL) {
		or_error(e, "abi.missing_field", "record has no '%s'", key);
		return NULL;
	}
	if (json_is_number(v)) {
		uint64_t x;

		if (json_value_u64(v, key, UINT64_MAX, &x, e) < 0)
			return NULL;
		snprintf(tmp, 64, "%llu", (unsigned long long)x);
		return tmp;
	}
	if ((s = json_strval(v, &n)) == NULL || strlen(s) != n) {
		or_error(e, "json.bad_field", "'%s' must be a decimal string",
		    key);
		return NULL;
	}
	return s;
}

int
abiunits_to_wei(cJSON *rec, const char *unit, struct or_err *e)
{
	char tmp[64], dec[QUANTITY_DEC_MAX];
	struct quantity q;
	const char *s;
	size_t n, k;
	int d;

	if ((d = unit_field(rec, unit, e)) < 0 ||
	    (s = amount_text(rec, "amount", tmp, e)) == NULL)
		return -1;
	/* a unit suffix ("1.5gwei") names the unit itself */
	n = strlen(s);
	for (k = 0; k < n && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.');
	    k++)
		;
	if (k < n) {
		int u = k > 0 ? quantity_unit(s + k, n - k) : -1;

		if (u < 0)	/* "-1", "abc", "1furlong" */
			return or_error(e, "abi.bad_amount", "'amount' %.80s "
			    "is not a decimal with an optional unit", s);
		if (json_get(rec, "unit") != NULL)
			return or_error(e, "abi.bad_amount", "'amount' %.80s "
			    "has a unit suffix and a unit is given too", s);
		d = u;
		n = k;
	}
	if (quantity_parse_units(s, n, (unsigned)d, &q) < 0)
		return or_error(e, "abi.bad_amount", "'amount' %.80s is not an "
		    "exact amount of wei: want a decimal with at most %d "
		    "fraction digits, below 2^256 wei", s, d);
	quantity_to_dec(&q, dec);
	json_set_str(rec, "wei", dec);
	return 0;
}

int
abiunits_from_wei(cJSON *rec, const char *unit, struct or_err *e)
{
	char tmp[64], out[QUANTITY_DEC_MAX + 2];
	struct quantity q;
	const char *s;
	int d;

	if ((d = unit_field(rec, unit, e)) < 0 ||
	    (s = amount_text(rec, "wei", tmp, e)) == NULL)
		return -1;
	if (quantity_parse_wei(s, strlen(s), &q) < 0)
		return or_error(e, "abi.bad_amount", "'wei' %.80s is not a wei "
		    "amount: want a decimal or 0x integer below 2^256, or an "
		    "amount with a unit such as 1.5gwei", s);
	quantity_format_units(&q, (unsigned)d, out);
	json_set_str(rec, "amount", out);
	return 0;
}
