/* benchstat: exact statistics and the paired verdict over struct rat. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "benchstat.h"
#include "decimal.h"
#include "exact.h"
#include "banned.h"

/* An array of rationals parsed from decimal strings. */
struct rats {
	struct rat *v;
	size_t n;
};

static int
rats_parse(struct rats *r, const char *const *vals, size_t n,
    struct or_err *e)
{
	size_t i;

	r->v = xcalloc(n ? n : 1, sizeof(*r->v));
	r->n = 0;
	for (i = 0; i < n; i++) {
		if (vals[i] == NULL)
			continue;
		rat_init(&r->v[r->n]);
		if (rat_from_metric(&r->v[r->n], vals[i], strlen(vals[i]),
		    e) < 0) {
			rat_free(&r->v[r->n]);
			return -1;
		}
		r->n++;
	}
	return 0;
}

static void
rats_free(struct rats *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		rat_free(&r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static void
rat_long(struct rat *r, long v)
{
	rat_init(r);
	rat_from_long(r, v);
}

static int
rat_dec(struct rat *r, const char *s, struct or_err *e)
{
	rat_init(r);
	if (rat_from_dec(r, s, strlen(s), e) < 0) {
		rat_free(r);
		return -1;
	}
	return 0;
}

/* Sum and sum of squares. */
static void
moments(const struct rats *x, struct rat *s, struct rat *q)
{
	struct rat t;
	size_t i;

	rat_init(&t);
	rat_from_long(s, 0);
	rat_from_long(q, 0);
	for (i = 0; i < x->n; i++) {
		rat_add(s, s, &x->v[i]);
		rat_mul(&t, &x->v[i], &x->v[i]);
		rat_add(q, q, &t);
	}
	rat_free(&t);
}

/* var = (n Q - S^2) / (n (n-1)) and mean^2 = S^2 / n^2, n >= 2. */
static void
var_mean2(const struct rats *x, struct rat *var, struct rat *m2)
{
	struct rat s, q, t, nn;

	rat_init(&s);
	rat_init(&q);
	rat_init(&t);
	rat_long(&nn, (long)x->n);
	moments(x, &s, &q);
	rat_mul(var, &nn, &q);
	rat_mul(&t, &s, &s);
	rat_sub(var, var, &t);
	rat_div(m2, &t, &nn);
	rat_div(m2, m2, &nn);
	rat_div(var, var, &nn);
	rat_from_long(&t, (long)x->n - 1);
	rat_div(var, var, &t);
	rat_free(&s);
	rat_free(&q);
	rat_free(&t);
	rat_free(&nn);
}

static int
all_equal(const struct rats *x)
{
	size_t i;

	for (i = 1; i < x->n; i++)
		if (rat_cmp(&x->v[i], &x->v[0]) != 0)
			return 0;
	return 1;
}

/* noisy iff s^2 > L^2 mean^2 (n >= 2); deterministic: not all equal. */
static int
noisy(const struct rats *x, const struct rat *lim, int deterministic)
{
	struct rat var, m2, l2;
	int r;

	if (x->n < 2)
		return 0;
	if (deterministic)
		return !all_equal(x);
	rat_init(&var);
	rat_init(&m2);
	rat_init(&l2);
	var_mean2(x, &var, &m2);
	rat_mul(&l2, lim, lim);
	rat_mul(&l2, &l2, &m2);
	r = rat_cmp(&var, &l2) > 0;
	rat_free(&var);
	rat_free(&m2);
	rat_free(&l2);
	return r;
}

/* s_C^2 mean_I^2 >= 16 s_I^2 mean_C^2 */
static int
four_times(const struct rats *inc, const struct rats *cand)
{
	struct rat vi, mi, vc, mc, a, b, k;
	int r;

	if (inc->n < 2 || cand->n < 2)
		return 0;
	rat_init(&vi);
	rat_init(&mi);
	rat_init(&vc);
	rat_init(&mc);
	rat_init(&a);
	rat_init(&b);
	rat_long(&k, 16);
	var_mean2(inc, &vi, &mi);
	var_mean2(cand, &vc, &mc);
	rat_mul(&a, &vc, &mi);
	rat_mul(&b, &vi, &mc);
	rat_mul(&b, &b, &k);
	r = rat_cmp(&a, &b) >= 0;
	rat_free(&vi);
	rat_free(&mi);
	rat_free(&vc);
	rat_free(&mc);
	rat_free(&a);
	rat_free(&b);
	rat_free(&k);
	return r;
}

/* Median of x (sorted copy), the mean of the middle two for even n. */
static void
median(const struct rats *x, struct rat *m)
{
	struct rat *s = xcalloc(x->n, sizeof(*s)), two;
	size_t i;

	for (i = 0; i < x->n; i++) {
		rat_init(&s[i]);
		rat_copy(&s[i], &x->v[i]);
	}
	qsort(s, x->n, sizeof(*s), rat_qsort_cmp);
	if (x->n % 2 == 1) {
		rat_copy(m, &s[x->n / 2]);
	} else {
		rat_long(&two, 2);
		rat_add(m, &s[x->n / 2 - 1], &s[x->n / 2]);
		rat_div(m, m, &two);
		rat_free(&two);
	}
	for (i = 0; i < x->n; i++)
		rat_free(&s[i]);
	free(s);
}

static cJSON *
str_or_null(char *s)
{
	cJSON *v = s != NULL ? json_new_strn(s, strlen(s)) : cJSON_CreateNull();

	free(s);
	if (v == NULL)
		die_oom();
	return v;
}

static cJSON *
num_or_null(double d)
{
	cJSON *v = isfinite(d) ? json_new_double(d) : cJSON_CreateNull();

	if (v == NULL)
		die_oom();
	return v;
}

/* The exact aggregate of x. */
static void
aggregate(const struct rats *x, const char *agg, struct rat *a)
{
	struct rat nn;
	size_t i;

	if (strcmp(agg, "mean") == 0) {
		rat_from_long(a, 0);
		for (i = 0; i < x->n; i++)
			rat_add(a, a, &x->v[i]);
		rat_long(&nn, (long)x->n);
		rat_div(a, a, &nn);
		rat_free(&nn);
	} else if (strcmp(agg, "min") == 0 || strcmp(agg, "max") == 0) {
		int want = strcmp(agg, "min") == 0 ? -1 : 1;

		rat_copy(a, &x->v[0]);
		for (i = 1; i < x->n; i++)
			if (rat_cmp(&x->v[i], a) == want)
				rat_copy(a, &x->v[i]);
	} else {
		median(x, a);
	}
}

/* round_half_even(v * scale), unoriented, as a decimal integer string. */
static char *
scaled(const struct rat *v, const struct rat *scale)
{
	struct rat t;
	char *s;

	rat_init(&t);
	rat_mul(&t, v, scale);
	s = rat_round_str(&t, 0);
	rat_free(&t);
	return s;
}

static char *
orient(char *s, int minimize)
{
	char *r;

	if (!minimize || strcmp(s, "0") == 0)
		return s;
	r = s[0] == '-' ? xstrdup(s + 1) : xasprintf("-%s", s);
	free(s);
	return r;
}

static int
score_of(const struct rat *v, const struct bench_params *p,
    const struct rat *scale, char **out, struct or_err *e)
{
	char *s = orient(scaled(v, scale), p->minimize);

	if (dec_int256_check(s, e) < 0) {
		free(s);
		return or_error(e, "bench.score", "score outside the int256 "
		    "range");
	}
	*out = s;
	return 0;
}

int
bench_score(const char *value, const struct bench_params *p, char *out,
    struct or_err *e)
{
	struct rat v, scale;
	char *sc;
	int rc = -1;

	rat_init(&v);
	if (rat_from_metric(&v, value, strlen(value), e) == 0 &&
	    rat_dec(&scale, p->scale, e) == 0) {
		if ((rc = score_of(&v, p, &scale, &sc, e)) == 0) {
			snprintf(out, DEC_MAX, "%s", sc);
			free(sc);
		}
		rat_free(&scale);
	}
	rat_free(&v);
	return rc;
}

/* Binary64 mean, stddev and rsd in run order, for reporting. */
static void
float_stats(cJSON *o, const char *const *vals, size_t n)
{
	double sum = 0, ss = 0, mean, sd = 0, *d = xcalloc(n ? n : 1, sizeof(*d));
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (vals[i] != NULL)
			sum += (d[k++] = strtod(vals[i], NULL));
	mean = k ? sum / (double)k : 0;
	for (i = 0; i < k; i++)
		ss += (d[i] - mean) * (d[i] - mean);
	if (k > 1)
		sd = sqrt(ss / (double)(k - 1));
	json_set(o, "mean", num_or_null(mean));
	json_set(o, "stddev", num_or_null(sd));
	json_set(o, "rsd", mean != 0 ? num_or_null(sd / fabs(mean)) :
	    cJSON_CreateNull());
	free(d);
}

cJSON *
bench_summary(const char *const *vals, size_t n, const struct bench_params *p,
    struct or_err *e)
{
	cJSON *o = json_object(), *out, *warn;
	struct rats x = { 0 };
	struct rat med, mad, dev, lim, t, agg, scale, best, k;
	struct rats devs = { 0 };
	size_t i, j, failed;
	char *score, *R;
	int rep = 0, ok = 0;

	if (rats_parse(&x, vals, n, e) < 0)
		goto fail;
	failed = n - x.n;
	json_set_int(o, "n", (int64_t)x.n);
	json_set_int(o, "failed", (int64_t)failed);
	if (x.n == 0) {
		json_set(o, "noisy", cJSON_CreateFalse());
		json_set(o, "noiseExceedsMargin", cJSON_CreateFalse());
		rats_free(&x);
		return o;
	}
	rat_init(&med);
	rat_init(&mad);
	rat_init(&dev);
	rat_init(&agg);
	rat_init(&best);
	rat_init(&t);
	median(&x, &med);
	json_set(o, "median", str_or_null(rat_metric_str(&med)));
	float_stats(o, vals, n);
	devs.v = xcalloc(x.n, sizeof(*devs.v));
	for (i = 0; i < x.n; i++) {
		rat_init(&devs.v[i]);
		rat_sub(&devs.v[i], &x.v[i], &med);
		rat_abs(&devs.v[i], &devs.v[i]);
		devs.n++;
	}
	median(&devs, &mad);
	json_set(o, "mad", str_or_null(rat_metric_str(&mad)));
	aggregate(&x, "min", &t);
	json_set(o, "min", str_or_null(rat_metric_str(&t)));
	aggregate(&x, "max", &t);
	json_set(o, "max", str_or_null(rat_metric_str(&t)));
	/* outliers: |x - med| > 14.826 mad, exact */
	out = json_array();
	warn = json_array();
	rat_dec(&k, "14.826", e);
	rat_mul(&t, &k, &mad);
	for (i = j = 0; i < n; i++) {
		if (vals[i] == NULL)
			continue;
		if (rat_cmp(&devs.v[j], &t) > 0) {
			cJSON_AddItemToArray(out, json_new_int((int64_t)i + 1));
			if (j == 0)
				cJSON_AddItemToArray(warn,
				    json_new_strn("first_run_outlier", 17));
		}
		j++;
	}
	rat_free(&k);
	json_set(o, "outliers", out);
	json_set_str(o, "aggregator", p->aggregator);
	aggregate(&x, p->aggregator, &agg);
	/* representative: closest to the exact aggregate, first on ties */
	for (i = j = 0; i < n; i++) {
		if (vals[i] == NULL)
			continue;
		rat_sub(&dev, &x.v[j], &agg);
		rat_abs(&dev, &dev);
		if (j == 0 || rat_cmp(&dev, &best) < 0) {
			rat_copy(&best, &dev);
			rep = (int)i + 1;
		}
		j++;
	}
	if (failed == 0) {
		if (rat_dec(&scale, p->scale, e) < 0)
			goto fail2;
		R = scaled(&agg, &scale);
		if (score_of(&agg, p, &scale, &score, e) < 0) {
			free(R);
			rat_free(&scale);
			goto fail2;
		}
		rat_from_dec(&t, R, strlen(R), e);
		rat_div(&t, &t, &scale);
		json_set(o, "aggregate", str_or_null(rat_dec_str(&t)));
		json_set(o, "score", str_or_null(score));
		free(R);
		rat_free(&scale);
	}
	json_set_int(o, "representative", rep);
	if (rat_dec(&lim, p->rho, e) < 0)
		goto fail2;
	json_set_bool(o, "noisy", noisy(&x, &lim, p->deterministic));
	rat_free(&lim);
	rat_long(&lim, (long)p->bips);
	rat_long(&k, 10000);
	rat_div(&lim, &lim, &k);
	json_set_bool(o, "noiseExceedsMargin", noisy(&x, &lim,
	    p->deterministic));
	rat_free(&lim);
	rat_free(&k);
	json_set(o, "warnings", warn);
	warn = NULL;
	ok = 1;
fail2:
	cJSON_Delete(warn);
	rat_free(&med);
	rat_free(&mad);
	rat_free(&dev);
	rat_free(&agg);
	rat_free(&best);
	rat_free(&t);
	rats_free(&devs);
	if (ok) {
		rats_free(&x);
		return o;
	}
fail:
	rats_free(&x);
	cJSON_Delete(o);
	return NULL;
}

int
bench_improvement(const char *incumbent, unsigned bips, const char *candidate,
    char *margin, char *threshold, int *improved, struct or_err *e)
{
	struct rat a, b;
	char *m;
	int imp;

	if (dec_improved(incumbent, bips, candidate != NULL ? candidate :
	    incumbent, threshold, &imp, e) < 0)
		return -1;
	if (improved != NULL)
		*improved = imp;
	if (rat_dec(&a, threshold, e) < 0)
		return -1;
	if (rat_dec(&b, incumbent, e) < 0) {
		rat_free(&a);
		return -1;
	}
	rat_sub(&a, &a, &b);
	m = rat_floor_str(&a);
	snprintf(margin, DEC_MAX, "%s", m);
	free(m);
	rat_free(&a);
	rat_free(&b);
	return 0;
}

size_t
paired_batch(const struct bench_params *p)
{
	if (p->deterministic)
		return 2;
	return p->measured > 5 ? p->measured : 5;
}

/* l and the achieved level of the sign-test interval for n values. */
static void
sign_test(size_t n, size_t *l, char **level)
{
	BN_CTX *c = BN_CTX_new();
	BIGNUM *two_n = BN_new(), *cum = BN_new(), *term = BN_new(),
	    *t = BN_new();
	struct rat lv, one;
	size_t j;

	if (c == NULL || two_n == NULL || cum == NULL || term == NULL ||
	    t == NULL)
		die_oom();
	BN_one(two_n);
	if (!BN_lshift(two_n, two_n, (int)n))
		die_oom();
	*l = 1;
	/* restart with a plain loop: cum(l - 1) for increasing l */
	BN_one(cum);
	BN_one(term);
	for (j = 0;; j++) {
		/* here cum = cum(j), term = C(n, j) */
		if (!BN_copy(t, cum) || !BN_mul_word(t, 40))
			die_oom();
		if (BN_cmp(t, two_n) > 0)
			break;
		*l = j + 1;
		if (j + 1 > n)
			break;
		if (!BN_mul_word(term, (BN_ULONG)(n - j)) ||
		    BN_div_word(term, (BN_ULONG)(j + 1)) != 0 ||
		    !BN_add(cum, cum, term))
			die_oom();
	}
	/* level = 1 - 2 cum(l - 1) / 2^n */
	BN_one(cum);
	BN_one(term);
	for (j = 0; j + 1 < *l; j++) {
		if (!BN_mul_word(term, (BN_ULONG)(n - j)) ||
		    BN_div_word(term, (BN_ULONG)(j + 1)) != 0 ||
		    !BN_add(cum, cum, term))
			die_oom();
	}
	rat_init(&lv);
	rat_long(&one, 1);
	if (!BN_lshift1(lv.num, cum) || !BN_copy(lv.den, two_n))
		die_oom();
	rat_sub(&lv, &one, &lv);
	*level = rat_dec_str(&lv);
	rat_free(&lv);
	rat_free(&one);
	BN_free(two_n);
	BN_free(cum);
	BN_free(term);
	BN_free(t);
	BN_CTX_free(c);
}

/* N(q) of section 8. */
static char *
normalize(const struct rat *q, const struct rat *si, const struct rat *scale,
    int ratio, int minimize)
{
	struct rat t;
	char *s, *r;

	rat_init(&t);
	if (!ratio) {
		rat_mul(&t, q, scale);
		s = rat_floor_str(&t);
		rat_from_int(&t, s, NULL);
		free(s);
		rat_add(&t, &t, si);
	} else if (minimize) {
		rat_div(&t, si, q);
	} else {
		rat_mul(&t, si, q);
	}
	r = rat_floor_str(&t);
	rat_free(&t);
	return r;
}

static int
matches_spoofed(const struct paired_in *in)
{
	size_t i;

	if (in->inc_matches == NULL || in->cand_matches == NULL ||
	    in->pairs == 0)
		return 0;
	for (i = 1; i < in->pairs; i++)
		if (in->inc_matches[i] != in->inc_matches[0])
			return 0;
	for (i = 0; i < in->pairs; i++)
		if (in->cand_matches[i] != in->inc_matches[0])
			return 1;
	return 0;
}

static void
set_verdict(cJSON *o, const char *decision, const char *reason)
{
	json_set_str(o, "decision", decision);
	json_set_str(o, "reason", reason);
}

static void
set_null(cJSON *o, const char *key)
{
	json_set(o, key, cJSON_CreateNull());
}

static int
any_null(const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == NULL)
			return 1;
	return 0;
}

/* The interval rows: q values, M, [L, U], N(.) and the last three rules. */
static int
interval(const struct paired_in *in, const struct rats *a,
    const struct rats *c, const struct rat *si, const char *th,
    cJSON *o, int *extend, struct or_err *e)
{
	const struct bench_params *p = in->p;
	struct rat *q, *s, m, scale, two, thr;
	size_t i, n = a->n, l;
	int ratio = 1, dirsign = p->minimize ? -1 : 1;
	char *lo, *hi, *mid, *level;
	cJSON *qa;

	for (i = 0; i < n; i++)
		if (rat_sign(&a->v[i]) <= 0 || rat_sign(&c->v[i]) <= 0)
			ratio = 0;
	if (rat_sign(si) != dirsign)
		ratio = 0;
	if (rat_dec(&scale, p->scale, e) < 0)
		return -1;
	json_set_str(o, "mode", ratio ? "ratio" : "difference");
	q = xcalloc(n, sizeof(*q));
	s = xcalloc(n, sizeof(*s));
	qa = json_array();
	for (i = 0; i < n; i++) {
		rat_init(&q[i]);
		if (ratio && !p->minimize)
			rat_div(&q[i], &c->v[i], &a->v[i]);
		else if (ratio)
			rat_div(&q[i], &a->v[i], &c->v[i]);
		else if (!p->minimize)
			rat_sub(&q[i], &c->v[i], &a->v[i]);
		else
			rat_sub(&q[i], &a->v[i], &c->v[i]);
		cJSON_AddItemToArray(qa, str_or_null(rat_round_str(&q[i], 12)));
		rat_init(&s[i]);
		rat_copy(&s[i], &q[i]);
	}
	json_set(o, "q", qa);
	qsort(s, n, sizeof(*s), rat_qsort_cmp);
	rat_init(&m);
	if (n % 2 == 1) {
		rat_copy(&m, &s[n / 2]);
	} else {
		rat_long(&two, 2);
		rat_add(&m, &s[n / 2 - 1], &s[n / 2]);
		rat_div(&m, &m, &two);
		rat_free(&two);
	}
	sign_test(n, &l, &level);
	json_set(o, "qMedian", str_or_null(rat_round_str(&m, 12)));
	json_set(o, "qLow", str_or_null(rat_round_str(&s[l - 1], 12)));
	json_set(o, "qHigh", str_or_null(rat_round_str(&s[n - l], 12)));
	json_set_int(o, "ciRank", (int64_t)l);
	json_set(o, "ciLevel", str_or_null(level));
	mid = normalize(&m, si, &scale, ratio, p->minimize);
	lo = normalize(&s[l - 1], si, &scale, ratio, p->minimize);
	hi = normalize(&s[n - l], si, &scale, ratio, p->minimize);
	rat_init(&thr);
	rat_init(&two);
	rat_from_int(&thr, th, e);
	rat_from_int(&two, hi, e);
	if (rat_cmp(&two, &thr) < 0) {
		set_verdict(o, "reject", "no_improvement");
	} else {
		rat_from_int(&two, lo, e);
		if (rat_cmp(&two, &thr) >= 0) {
			set_verdict(o, "approve", "ok");
		} else {
			set_verdict(o, "release", "inconclusive");
			*extend = !p->deterministic &&
			    in->pairs < 4 * paired_batch(p);
		}
	}
	rat_free(&two);
	rat_free(&thr);
	json_set(o, "normalizedScore", str_or_null(mid));
	json_set(o, "normalizedLow", str_or_null(lo));
	json_set(o, "normalizedHigh", str_or_null(hi));
	for (i = 0; i < n; i++) {
		rat_free(&q[i]);
		rat_free(&s[i]);
	}
	free(q);
	free(s);
	rat_free(&m);
	rat_free(&scale);
	return 0;
}

int
paired_eval(const struct paired_in *in, cJSON **out, int *extend,
    struct or_err *e)
{
	const struct bench_params *p = in->p;
	char margin[DEC_MAX], th[DEC_MAX], sc[DEC_MAX];
	struct rats a = { 0 }, c = { 0 };
	struct rat si, lim, scale;
	int det = p->deterministic && !p->establish, rc = -1;
	cJSON *o;

	*out = NULL;
	*extend = 0;
	if (in->incumbent_score == NULL ||
	    dec_int256_check(in->incumbent_score, e) < 0)
		return or_error(e, "bench.no_incumbent_score", "the incumbent "
		    "score is missing or not an integer");
	if (bench_improvement(in->incumbent_score, p->bips, NULL, margin, th,
	    NULL, e) < 0)
		return -1;
	if (rats_parse(&a, in->inc, in->pairs, e) < 0 ||
	    rats_parse(&c, in->cand, in->pairs, e) < 0) {
		rats_free(&a);
		rats_free(&c);
		return -1;
	}
	rat_init(&si);
	rat_from_int(&si, in->incumbent_score, e);
	rat_init(&lim);
	o = json_object();
	json_set_str(o, "decision", "release");
	json_set_str(o, "reason", "verifier_error");
	if (det)
		json_set_str(o, "mode", "deterministic");
	else
		set_null(o, "mode");
	json_set_int(o, "pairs", (int64_t)in->pairs);
	json_set_str(o, "incumbentScore", in->incumbent_score);
	json_set_str(o, "margin", margin);
	json_set_str(o, "threshold", th);
	json_set(o, "q", json_array());
	set_null(o, "qMedian");
	set_null(o, "qLow");
	set_null(o, "qHigh");
	set_null(o, "ciRank");
	set_null(o, "ciLevel");
	set_null(o, "normalizedScore");
	set_null(o, "normalizedLow");
	set_null(o, "normalizedHigh");
	if (in->tampered) {
		set_verdict(o, "reject", "harness_tampered");
	} else if (in->verifier_error) {
		set_verdict(o, "release", "verifier_error");
	} else if (in->inc_failed || any_null(in->inc, in->pairs)) {
		set_verdict(o, "release", "harness_failed");
	} else if (in->cand_failed || any_null(in->cand, in->pairs)) {
		set_verdict(o, "reject", "candidate_failed");
	} else if (in->pairs == 0) {
		/* nothing failed and nothing was measured */
		set_verdict(o, "release", "verifier_error");
	} else if (matches_spoofed(in)) {
		set_verdict(o, "reject", "metric_spoofed");
	} else {
		if (det && all_equal(&a)) {
			if (bench_score(in->inc[0], p, sc, e) < 0)
				goto out;
			rat_from_int(&lim, sc, e);
			if (rat_cmp(&lim, &si) != 0) {
				set_verdict(o, "release",
				    "environment_mismatch");
				goto done;
			}
		}
		if (rat_from_dec(&lim, p->rho, strlen(p->rho), e) < 0)
			goto out;
		if (noisy(&a, &lim, p->deterministic)) {
			set_verdict(o, "release", "measurement_too_noisy");
		} else if (noisy(&c, &lim, p->deterministic)) {
			if (four_times(&a, &c))
				set_verdict(o, "reject", "candidate_noisy");
			else
				set_verdict(o, "release",
				    "measurement_too_noisy");
		} else if (det) {
			if (bench_score(in->cand[0], p, sc, e) < 0)
				goto out;
			json_set_str(o, "normalizedScore", sc);
			json_set_str(o, "normalizedLow", sc);
			json_set_str(o, "normalizedHigh", sc);
			rat_init(&scale);
			rat_from_int(&lim, sc, e);
			rat_from_int(&scale, th, e);
			if (rat_cmp(&lim, &scale) < 0)
				set_verdict(o, "reject", "no_improvement");
			else
				set_verdict(o, "approve", "ok");
			rat_free(&scale);
		} else if (interval(in, &a, &c, &si, th, o, extend, e) < 0) {
			goto out;
		}
	}
done:
	rc = 0;
	*out = o;
	o = NULL;
out:
	cJSON_Delete(o);
	rat_free(&lim);
	rat_free(&si);
	rats_free(&a);
	rats_free(&c);
	return rc;
}
