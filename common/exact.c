/* exact: rationals as (num, den) BIGNUM pairs, den > 0. */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "decimal.h"
#include "exact.h"
#include "banned.h"

static BIGNUM *
bn_new(void)
{
	BIGNUM *b = BN_new();

	if (b == NULL)
		die_oom();
	return b;
}

static BN_CTX *
ctx_new(void)
{
	BN_CTX *c = BN_CTX_new();

	if (c == NULL)
		die_oom();
	return c;
}

static void
ck(int ok)
{
	if (!ok)
		die_oom();
}

void
rat_init(struct rat *r)
{
	r->num = bn_new();
	r->den = bn_new();
	ck(BN_one(r->den));
}

void
rat_free(struct rat *r)
{
	BN_free(r->num);
	BN_free(r->den);
	r->num = r->den = NULL;
}

void
rat_copy(struct rat *r, const struct rat *a)
{
	ck(BN_copy(r->num, a->num) != NULL);
	ck(BN_copy(r->den, a->den) != NULL);
}

/* 10^k */
static void
pow10(BIGNUM *r, size_t k, BN_CTX *c)
{
	BIGNUM *ten = bn_new(), *p = bn_new();

	ck(BN_set_word(ten, 10));
	ck(BN_set_word(p, k));
	ck(BN_exp(r, ten, p, c));
	BN_free(ten);
	BN_free(p);
}

int
rat_from_dec(struct rat *r, const char *s, size_t n, struct or_err *e)
{
	char *norm, *dot, *digits;
	size_t frac = 0, len;
	BN_CTX *c;

	/* a plain decimal (what dec_normalize writes, of any length) is
	 * taken as it is; anything else goes through the metric grammar */
	{
		size_t i = n > 0 && s[0] == '-', d = strspn(s + i, "0123456789");

		if (d > 0 && d < n - i && s[i + d] == '.')
			d += 1 + strspn(s + i + d + 1, "0123456789");
		if (d > 0 && i + d == n && s[n - 1] != '.' && memchr(s, 0,
		    n) == NULL)
			norm = xmemdup(s, n);
		else if ((norm = dec_normalize(s, n, e)) == NULL)
			return -1;
	}
	len = strlen(norm);
	digits = xmalloc(len + 1);
	if ((dot = strchr(norm, '.')) != NULL) {
		frac = len - (size_t)(dot - norm) - 1;
		memcpy(digits, norm, (size_t)(dot - norm));
		memcpy(digits + (dot - norm), dot + 1, frac + 1);
	} else {
		memcpy(digits, norm, len + 1);
	}
	ck(BN_dec2bn(&r->num, digits) != 0);
	c = ctx_new();
	pow10(r->den, frac, c);
	BN_CTX_free(c);
	free(digits);
	free(norm);
	return 0;
}

void
rat_from_long(struct rat *r, long v)
{
	ck(BN_set_word(r->num, v < 0 ? -(unsigned long)v : (unsigned long)v));
	BN_set_negative(r->num, v < 0);
	ck(BN_one(r->den));
}

int
rat_from_int(struct rat *r, const char *s, struct or_err *e)
{
	size_t i = s[0] == '-';

	if (s[i] == '\0' || strspn(s + i, "0123456789") != strlen(s + i) ||
	    strlen(s) > 1000000)
		return or_error(e, "dec.syntax", "not a decimal integer");
	ck(BN_dec2bn(&r->num, s) != 0);
	ck(BN_one(r->den));
	return 0;
}

/* Divide num and den by their gcd when both are large: keeps sums of many
 * values from growing without bound. */
static void
reduce(struct rat *r, BN_CTX *c)
{
	BIGNUM *g;

	if (BN_num_bits(r->den) < 512)
		return;
	g = bn_new();
	ck(BN_gcd(g, r->num, r->den, c));
	if (!BN_is_one(g) && !BN_is_zero(g)) {
		ck(BN_div(r->num, NULL, r->num, g, c));
		ck(BN_div(r->den, NULL, r->den, g, c));
	}
	BN_free(g);
}

static void
addsub(struct rat *r, const struct rat *a, const struct rat *b, int sub)
{
	BN_CTX *c = ctx_new();
	BIGNUM *x = bn_new(), *y = bn_new(), *d = bn_new();

	if (BN_cmp(a->den, b->den) == 0) {
		ck(BN_copy(x, a->num) != NULL);
		ck(BN_copy(y, b->num) != NULL);
		ck(BN_copy(d, a->den) != NULL);
	} else {
		ck(BN_mul(x, a->num, b->den, c));
		ck(BN_mul(y, b->num, a->den, c));
		ck(BN_mul(d, a->den, b->den, c));
	}
	ck(sub ? BN_sub(r->num, x, y) : BN_add(r->num, x, y));
	ck(BN_copy(r->den, d) != NULL);
	reduce(r, c);
	BN_free(x);
	BN_free(y);
	BN_free(d);
	BN_CTX_free(c);
}

void
rat_add(struct rat *r, const struct rat *a, const struct rat *b)
{
	addsub(r, a, b, 0);
}

void
rat_sub(struct rat *r, const struct rat *a, const struct rat *b)
{
	addsub(r, a, b, 1);
}

void
rat_mul(struct rat *r, const struct rat *a, const struct rat *b)
{
	BN_CTX *c = ctx_new();

	ck(BN_mul(r->num, a->num, b->num, c));
	ck(BN_mul(r->den, a->den, b->den, c));
	reduce(r, c);
	BN_CTX_free(c);
}

void
rat_div(struct rat *r, const struct rat *a, const struct rat *b)
{
	BN_CTX *c = ctx_new();
	BIGNUM *n = bn_new(), *d = bn_new();
	int neg;

	ck(BN_mul(n, a->num, b->den, c));
	ck(BN_mul(d, a->den, b->num, c));
	neg = BN_is_negative(d);
	BN_set_negative(d, 0);
	if (neg)
		BN_set_negative(n, !BN_is_negative(n));
	BN_free(r->num);
	BN_free(r->den);
	r->num = n;
	r->den = d;
	reduce(r, c);
	BN_CTX_free(c);
}

void
rat_abs(struct rat *r, const struct rat *a)
{
	rat_copy(r, a);
	BN_set_negative(r->num, 0);
}

int
rat_cmp(const struct rat *a, const struct rat *b)
{
	BN_CTX *c = ctx_new();
	BIGNUM *x = bn_new(), *y = bn_new();
	int rc;

	ck(BN_mul(x, a->num, b->den, c));
	ck(BN_mul(y, b->num, a->den, c));
	rc = BN_cmp(x, y);
	BN_free(x);
	BN_free(y);
	BN_CTX_free(c);
	return rc < 0 ? -1 : rc > 0;
}

int
rat_sign(const struct rat *a)
{
	if (BN_is_zero(a->num))
		return 0;
	return BN_is_negative(a->num) ? -1 : 1;
}

int
rat_qsort_cmp(const void *a, const void *b)
{
	return rat_cmp(a, b);
}

/* q = floor(n / d) with d > 0, rem = n - q d in [0, d). */
static void
floordiv(BIGNUM *q, BIGNUM *rem, const BIGNUM *n, const BIGNUM *d,
    BN_CTX *c)
{
	ck(BN_div(q, rem, n, d, c));
	if (BN_is_negative(rem) && !BN_is_zero(rem)) {
		ck(BN_sub_word(q, 1));
		ck(BN_add(rem, rem, d));
	}
}

static char *
bn_str(const BIGNUM *b)
{
	char *s = BN_bn2dec(b), *r;

	if (s == NULL)
		die_oom();
	r = xstrdup(s);
	OPENSSL_free(s);
	return r;
}

char *
rat_floor_str(const struct rat *a)
{
	BN_CTX *c = ctx_new();
	BIGNUM *q = bn_new(), *rem = bn_new();
	char *s;

	floordiv(q, rem, a->num, a->den, c);
	s = bn_str(q);
	BN_free(q);
	BN_free(rem);
	BN_CTX_free(c);
	return s;
}

/* The integer q as a decimal with k fractional digits, canonical. */
static char *
fixed_str(const BIGNUM *q, unsigned k)
{
	BIGNUM *m = BN_dup(q);
	char *digits, *out, *p;
	size_t len, pad, intlen;
	int neg;

	if (m == NULL)
		die_oom();
	neg = BN_is_negative(m) && !BN_is_zero(m);
	BN_set_negative(m, 0);
	digits = bn_str(m);
	BN_free(m);
	len = strlen(digits);
	pad = len <= k ? k + 1 - len : 0;
	out = xmalloc(len + pad + 3);
	p = out;
	if (neg)
		*p++ = '-';
	memset(p, '0', pad);
	memcpy(p + pad, digits, len + 1);
	free(digits);
	len += pad;
	intlen = len - k;
	if (k > 0) {
		memmove(p + intlen + 1, p + intlen, k + 1);
		p[intlen] = '.';
		len++;
		while (p[len - 1] == '0')
			p[--len] = '\0';
		if (p[len - 1] == '.')
			p[--len] = '\0';
	}
	if (neg && strcmp(p, "0") == 0)
		memmove(out, p, 2);
	return out;
}

char *
rat_round_str(const struct rat *a, unsigned k)
{
	BN_CTX *c = ctx_new();
	BIGNUM *x = bn_new(), *q = bn_new(), *rem = bn_new();
	char *s;
	int cmp;

	pow10(x, k, c);
	ck(BN_mul(x, x, a->num, c));
	floordiv(q, rem, x, a->den, c);
	ck(BN_lshift1(rem, rem));
	cmp = BN_cmp(rem, a->den);
	if (cmp > 0 || (cmp == 0 && BN_is_odd(q)))
		ck(BN_add_word(q, 1));
	s = fixed_str(q, k);
	BN_free(x);
	BN_free(q);
	BN_free(rem);
	BN_CTX_free(c);
	return s;
}

/* Count and remove the factors p of b. */
static size_t
strip(BIGNUM *b, BN_ULONG p)
{
	size_t k = 0;
	BIGNUM *t;

	if (BN_is_zero(b))
		return 0;
	t = bn_new();
	for (;;) {
		ck(BN_copy(t, b) != NULL);
		if (BN_div_word(t, p) != 0)
			break;
		ck(BN_copy(b, t) != NULL);
		k++;
	}
	BN_free(t);
	return k;
}

char *
rat_dec_str(const struct rat *a)
{
	BN_CTX *c = ctx_new();
	BIGNUM *g = bn_new(), *d = bn_new();
	size_t twos, fives;
	char *s = NULL;

	ck(BN_gcd(g, a->num, a->den, c));
	ck(BN_div(d, NULL, a->den, g, c));
	twos = strip(d, 2);
	fives = strip(d, 5);
	if (BN_is_one(d) && twos <= 100000 && fives <= 100000)
		s = rat_round_str(a, (unsigned)(twos > fives ? twos : fives));
	BN_free(g);
	BN_free(d);
	BN_CTX_free(c);
	return s;
}

double
rat_double(const struct rat *a)
{
	char *s = rat_round_str(a, 40);
	double d = strtod(s, NULL);

	free(s);
	return d;
}

int
rat_from_metric(struct rat *r, const char *s, size_t n, struct or_err *e)
{
	const char *slash = memchr(s, '/', n);
	char *a, *b;
	int rc;

	if (slash == NULL)
		return rat_from_dec(r, s, n, e);
	a = xmemdup(s, (size_t)(slash - s));
	b = xmemdup(slash + 1, n - (size_t)(slash - s) - 1);
	rc = rat_from_int(r, a, e);
	if (rc == 0 && (b[0] == '-' || strlen(b) > 1000000 ||
	    strspn(b, "0123456789") != strlen(b) || b[0] == '\0' ||
	    strspn(b, "0") == strlen(b)))
		rc = or_error(e, "dec.syntax", "'%.64s' is not a fraction", s);
	if (rc == 0)
		ck(BN_dec2bn(&r->den, b) != 0);
	free(a);
	free(b);
	return rc;
}

char *
rat_metric_str(const struct rat *a)
{
	BN_CTX *c;
	BIGNUM *g, *n, *d;
	char *s, *ns, *ds;

	if ((s = rat_dec_str(a)) != NULL)
		return s;
	c = ctx_new();
	g = bn_new();
	n = bn_new();
	d = bn_new();
	ck(BN_gcd(g, a->num, a->den, c));
	ck(BN_div(n, NULL, a->num, g, c));
	ck(BN_div(d, NULL, a->den, g, c));
	ns = bn_str(n);
	ds = bn_str(d);
	s = xasprintf("%s/%s", ns, ds);
	free(ns);
	free(ds);
	BN_free(g);
	BN_free(n);
	BN_free(d);
	BN_CTX_free(c);
	return s;
}
