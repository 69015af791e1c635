/* decimal: metric strings as (sign, digits, exponent), scaled and rounded on
 * digit strings; the improvement rule on small fixed-width magnitudes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "banned.h"

#define MAX_INPUT 256
#define MAX_EXP 9999

static const char INT256_MAX[] =
    "57896044618658097711785492504343953926634992332820282019728792003956564819967";
static const char INT256_MIN_MAG[] =
    "57896044618658097711785492504343953926634992332820282019728792003956564819968";

/* A parsed value: (-1)^neg * digits * 10^exp; digits without leading zeros
 * ("0" for zero). */
struct dec {
	int neg;
	char *digits;
	long exp;
};

static int
parse(const char *s, size_t n, struct dec *d, struct or_err *e)
{
	size_t i = 0, k = 0, frac = 0;
	long ex = 0;
	int eneg = 0, any = 0;

	memset(d, 0, sizeof(*d));
	if (n == 0)
		return or_error(e, "dec.syntax", "empty metric value");
	if (n > MAX_INPUT)
		return or_error(e, "dec.range", "metric value longer than %d "
		    "bytes", MAX_INPUT);
	d->digits = xmalloc(n + 2);
	if (s[i] == '-') {
		d->neg = 1;
		i++;
	}
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = 1)
		d->digits[k++] = s[i];
	if (!any)
		goto bad;
	if (i < n && s[i] == '.') {
		any = 0;
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = 1) {
			d->digits[k++] = s[i];
			frac++;
		}
		if (!any)
			goto bad;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		any = 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = 1) {
			ex = ex * 10 + (s[i] - '0');
			if (ex > MAX_EXP) {
				free(d->digits);
				return or_error(e, "dec.range", "exponent of "
				    "metric value out of range (|e| <= %d)",
				    MAX_EXP);
			}
		}
		if (!any)
			goto bad;
	}
	if (i != n)
		goto bad;
	d->digits[k] = '\0';
	d->exp = (eneg ? -ex : ex) - (long)frac;
	/* strip leading zeros, keep one */
	for (i = 0; d->digits[i] == '0' && d->digits[i + 1] != '\0'; i++)
		;
	memmove(d->digits, d->digits + i, k - i + 1);
	if (strcmp(d->digits, "0") == 0)
		d->neg = 0;
	return 0;
bad:
	free(d->digits);
	d->digits = NULL;
	return or_error(e, "dec.syntax", "invalid metric value (grammar "
	    "-?digits(.digits)?([eE][+-]?digits)?)");
}

int
decimal_check(const char *s, size_t n, struct or_err *e)
{
	struct dec d;

	if (parse(s, n, &d, e) < 0)
		return -1;
	free(d.digits);
	return 0;
}

char *
decimal_normalize(const char *s, size_t n, struct or_err *e)
{
	struct dec d;
	struct buf b = { 0 };
	size_t len, ip, i;
	char *digits;

	if (parse(s, n, &d, e) < 0)
		return NULL;
	if (d.neg)
		buf_addc(&b, '-');
	len = strlen(d.digits);
	if (d.exp >= 0) {
		buf_add(&b, d.digits, len);
		if (strcmp(d.digits, "0") != 0)
			for (i = 0; i < (size_t)d.exp; i++)
				buf_addc(&b, '0');
	} else {
		size_t frac = (size_t)-d.exp;
		size_t total = len > frac ? len : frac + 1;

		/* left-pad with zeros so one integer digit remains */
		digits = xmalloc(total + 1);
		memset(digits, '0', total - len);
		memcpy(digits + total - len, d.digits, len);
		ip = total - frac;
		for (len = total; len > ip && digits[len - 1] == '0'; len--)
			;
		buf_add(&b, digits, ip);
		if (len > ip) {
			buf_addc(&b, '.');
			buf_add(&b, digits + ip, len - ip);
		}
		free(digits);
	}
	free(d.digits);
	if (strcmp(b.p, "-0") == 0) {
		b.len = 0;
		buf_add(&b, "0", 1);
	}
	return b.p;
}

/* |a| <= |b| for decimal digit strings without leading zeros. */
static int
mag_le(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb;
	return strcmp(a, b) <= 0;
}

static int
scale_digits(const char *scale, struct or_err *e)
{
	size_t n = strlen(scale), i;

	if (n < 1 || n > 19 || scale[0] != '1')
		goto bad;
	for (i = 1; i < n; i++)
		if (scale[i] != '0')
			goto bad;
	return (int)(n - 1);
bad:
	return or_error(e, "dec.bad_scale", "metric scale must be a power of "
	    "ten from 1 to 10^18, not '%s'", scale);
}

int
decimal_score(const char *s, size_t n, const char *scale, int minimize,
    char out[DEC_MAX], struct or_err *e)
{
	struct dec d;
	long shift;
	size_t len, keep, i;
	char *m = NULL;
	int k, up = 0, neg;

	if ((k = scale_digits(scale, e)) < 0 || parse(s, n, &d, e) < 0)
		return -1;
	shift = d.exp + k;
	len = strlen(d.digits);
	if (strcmp(d.digits, "0") == 0) {
		m = xstrdup("0");
	} else if (shift >= 0) {
		if ((long)len + shift > 80)
			goto range;
		m = xmalloc(len + (size_t)shift + 1);
		memcpy(m, d.digits, len);
		memset(m + len, '0', (size_t)shift);
		m[len + (size_t)shift] = '\0';
	} else {
		size_t drop = (size_t)-shift;
		char f, *padded;
		int rest = 0;

		if (drop > len + 1) {
			m = xstrdup("0");	/* below 0.1: rounds to 0 */
		} else {
			/* left-pad so one integer digit remains */
			padded = xmalloc(drop + len + 2);
			memset(padded, '0', drop + 1);
			memcpy(padded + drop + 1, d.digits, len + 1);
			len += drop + 1;
			keep = len - drop;
			f = padded[keep];
			for (i = keep + 1; i < len; i++)
				rest |= padded[i] != '0';
			up = f > '5' || (f == '5' && (rest ||
			    (padded[keep - 1] - '0') % 2 == 1));
			padded[keep] = '\0';
			for (i = keep; up && i-- > 0;) {
				if (padded[i] == '9') {
					padded[i] = '0';
				} else {
					padded[i]++;
					up = 0;
				}
			}
			for (i = 0; i + 1 < keep && padded[i] == '0'; i++)
				;
			m = xstrdup(padded + i);
			free(padded);
		}
	}
	neg = strcmp(m, "0") != 0 && (d.neg != minimize);
	if (!mag_le(m, neg ? INT256_MIN_MAG : INT256_MAX)) {
		free(m);
		goto range;
	}
	if (strlen(m) + 2 > DEC_MAX) {
		free(m);
		goto range;
	}
	out[0] = '-';
	memcpy(out + neg, m, strlen(m) + 1);
	free(m);
	free(d.digits);
	return 0;
range:
	free(d.digits);
	return or_error(e, "dec.range", "score of '%.*s' is outside int256",
	    (int)(n > 64 ? 64 : n), s);
}

/* Fixed-width magnitudes: 12 little-endian 32-bit limbs (384 bits). */
#define LIMBS 12
struct big {
	int neg;
	uint32_t l[LIMBS];
};

static int
big_parse(const char *s, struct big *b)
{
	uint64_t carry;
	int i;

	memset(b, 0, sizeof(*b));
	if (*s == '-') {
		b->neg = 1;
		s++;
	}
	if (*s == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		carry = (uint64_t)(*s - '0');
		for (i = 0; i < LIMBS; i++) {
			carry += (uint64_t)b->l[i] * 10;
			b->l[i] = (uint32_t)carry;
			carry >>= 32;
		}
		if (carry)
			return -1;
	}
	return 0;
}

static int
big_is_zero(const struct big *b)
{
	int i;

	for (i = 0; i < LIMBS; i++)
		if (b->l[i])
			return 0;
	return 1;
}

static uint32_t
big_divmod(struct big *b, uint32_t d)
{
	uint64_t r = 0;
	int i;

	for (i = LIMBS - 1; i >= 0; i--) {
		r = r << 32 | b->l[i];
		b->l[i] = (uint32_t)(r / d);
		r %= d;
	}
	return (uint32_t)r;
}

static void
big_format(const struct big *b, char out[DEC_MAX])
{
	struct big t = *b;
	char tmp[DEC_MAX];
	int n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + big_divmod(&t, 10));
	} while (!big_is_zero(&t));
	if (b->neg && !big_is_zero(b))
		out[i++] = '-';
	while (n > 0)
		out[i++] = tmp[--n];
	out[i] = '\0';
}

static int
mag_cmp(const struct big *a, const struct big *b)
{
	int i;

	for (i = LIMBS - 1; i >= 0; i--)
		if (a->l[i] != b->l[i])
			return a->l[i] < b->l[i] ? -1 : 1;
	return 0;
}

/* a + b in sign-magnitude. */
static void
big_add(const struct big *a, const struct big *b, struct big *r)
{
	const struct big *x = a, *y = b;
	uint64_t c = 0;
	int64_t w;
	int i;

	if (a->neg == b->neg) {
		for (i = 0; i < LIMBS; i++) {
			c += (uint64_t)a->l[i] + b->l[i];
			r->l[i] = (uint32_t)c;
			c >>= 32;
		}
		r->neg = a->neg;
		return;
	}
	if (mag_cmp(a, b) < 0) {
		x = b;
		y = a;
	}
	for (i = 0, w = 0; i < LIMBS; i++) {
		w += (int64_t)x->l[i] - y->l[i];
		r->l[i] = (uint32_t)w;
		w = w < 0 ? -1 : 0;
	}
	r->neg = x->neg;
}

static int
big_cmp(const struct big *a, const struct big *b)
{
	int az = big_is_zero(a), bz = big_is_zero(b);
	int an = a->neg && !az, bn = b->neg && !bz;

	if (an != bn)
		return an ? -1 : 1;
	return an ? -mag_cmp(a, b) : mag_cmp(a, b);
}

int
decimal_int256_check(const char *s, struct or_err *e)
{
	struct big b;
	const char *mag = s[0] == '-' ? s + 1 : s;

	if (big_parse(s, &b) < 0 || strcmp(s, "-0") == 0)
		return or_error(e, "dec.syntax", "'%s' is not a decimal "
		    "integer", s);
	if (!mag_le(mag, s[0] == '-' ? INT256_MIN_MAG : INT256_MAX))
		return or_error(e, "dec.range", "'%s' is outside int256", s);
	return 0;
}

int
decimal_improved(const char *incumbent, unsigned bips,
    const char *candidate, char threshold[DEC_MAX], int *improved, struct or_err *e)
{
	struct big inc, cand, margin, th;
	uint64_t c = 0;
	int i;

	if (decimal_int256_check(incumbent, e) < 0 ||
	    decimal_int256_check(candidate, e) < 0)
		return -1;
	if (bips > 10000)
		return or_error(e, "dec.bad_bips", "minScoreImprovementBips "
		    "must be 0 to 10000, not %u", bips);
	big_parse(incumbent, &inc);
	big_parse(candidate, &cand);
	margin = inc;
	margin.neg = 0;
	for (i = 0; i < LIMBS; i++) {
		c += (uint64_t)margin.l[i] * bips;
		margin.l[i] = (uint32_t)c;
		c >>= 32;
	}
	big_divmod(&margin, 10000);
	if (big_is_zero(&margin))
		margin.l[0] = 1;
	big_add(&inc, &margin, &th);
	*improved = big_cmp(&cand, &th) >= 0;
	big_format(&th, threshold);
	return 0;
}
