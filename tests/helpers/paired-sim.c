/* paired-sim: the statistical test of or-bench's paired verdict
 * (sandbox.md 8, "Measured properties"), in-process and seeded.  Each run's
 * value is mu * (1 + sigma * Z), Z standard normal and independent per run;
 * the whole procedure runs, batches included, through paired_eval.
 *
 *   paired-sim SEED N SIGMA RHO IMPROVE maximize|minimize
 *
 * IMPROVE 1 compares identical trees; 1.05 gives mu_C = 1.05 mu_I
 * (maximize) or mu_I / 1.05 (minimize).  bips 100, measuredTrials 5, scale
 * 10^6, S_I the incumbent's mu.  Prints one JSON line: verifier outcomes
 * (approve, reject, release, mean pairs), "minerApproved": comparisons
 * where an honest miner's own paired run approved (it then claims its
 * normalizedLow), and "slash": those of them where the verifier rejected
 * (or-bench's reject, or the claim check of workflows.md 4.7: claim >
 * normalizedHigh + margin). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchstat.h"
#include "decimal.h"
#include "exact.h"
#include "json.h"
#include "xorshift.h"

#define PI 3.14159265358979323846

static double
uniform(void)
{
	return ((double)(next() >> 11) + 0.5) / 9007199254740992.0;
}

static double
normal(void)
{
	static int have;
	static double spare;
	double u, v;

	if (have) {
		have = 0;
		return spare;
	}
	u = uniform();
	v = uniform();
	spare = sqrt(-2 * log(u)) * sin(2 * PI * v);
	have = 1;
	return sqrt(-2 * log(u)) * cos(2 * PI * v);
}

static char *
value(double mu, double sigma)
{
	char b[64];

	snprintf(b, sizeof(b), "%.9f", mu * (1 + sigma * normal()));
	return strdup(b);
}

/* claim > high + margin, exactly */
static int
claim_over(const char *claim, const char *high, const char *margin)
{
	struct rat c, h, m;
	int r;

	rat_init(&c);
	rat_init(&h);
	rat_init(&m);
	rat_from_int(&c, claim, NULL);
	rat_from_int(&h, high, NULL);
	rat_from_int(&m, margin, NULL);
	rat_add(&h, &h, &m);
	r = rat_cmp(&c, &h) > 0;
	rat_free(&c);
	rat_free(&h);
	rat_free(&m);
	return r;
}

struct outcome {
	char decision[16];
	char low[DEC_MAX], high[DEC_MAX];
	size_t pairs;
};

static void
procedure(const struct bench_params *p, const char *si, double mu_i,
    double mu_c, double sigma, struct outcome *o)
{
	char *inc[20], *cand[20];
	struct paired_in in;
	struct or_err e;
	size_t n = 0, k, n0 = paired_batch(p);
	int extend = 1;
	cJSON *r = NULL;
	const char *s;

	memset(&in, 0, sizeof(in));
	in.p = p;
	in.incumbent_score = si;
	while (extend) {
		for (k = 0; k < n0; k++, n++) {
			inc[n] = value(mu_i, sigma);
			cand[n] = value(mu_c, sigma);
		}
		in.pairs = n;
		in.inc = (const char *const *)inc;
		in.cand = (const char *const *)cand;
		cJSON_Delete(r);
		if (paired_eval(&in, &r, &extend, &e) < 0) {
			fprintf(stderr, "paired-sim: %s\n", e.msg);
			exit(3);
		}
	}
	snprintf(o->decision, sizeof(o->decision), "%s",
	    json_strval(json_get(r, "decision"), NULL));
	s = json_strval(json_get(r, "normalizedLow"), NULL);
	snprintf(o->low, DEC_MAX, "%s", s != NULL ? s : "");
	s = json_strval(json_get(r, "normalizedHigh"), NULL);
	snprintf(o->high, DEC_MAX, "%s", s != NULL ? s : "");
	o->pairs = n;
	cJSON_Delete(r);
	for (k = 0; k < n; k++) {
		free(inc[k]);
		free(cand[k]);
	}
}

int
main(int argc, char *argv[])
{
	struct bench_params p = { 0 };
	struct outcome v, m;
	unsigned long long seed;
	long i, n, approve = 0, reject = 0, release = 0, slash = 0, mined = 0;
	double sigma, imp, mu_c, pairs = 0;
	const char *si;
	char rho[32], margin[DEC_MAX], th[DEC_MAX];
	struct or_err e;

	if (argc != 7) {
		fprintf(stderr, "usage: paired-sim SEED N SIGMA RHO IMPROVE "
		    "maximize|minimize\n");
		return 2;
	}
	seed = strtoull(argv[1], NULL, 10);
	rng = seed * 2654435761u + 0x9e3779b97f4a7c15ULL;
	n = strtol(argv[2], NULL, 10);
	sigma = strtod(argv[3], NULL);
	snprintf(rho, sizeof(rho), "%s", argv[4]);
	imp = strtod(argv[5], NULL);
	p.minimize = strcmp(argv[6], "minimize") == 0;
	p.scale = "1000000";
	p.bips = 100;
	p.rho = rho;
	p.aggregator = "median";
	p.measured = 5;
	si = p.minimize ? "-1000000" : "1000000";
	mu_c = p.minimize ? 1 / imp : imp;
	for (i = 0; i < n; i++) {
		procedure(&p, si, 1, mu_c, sigma, &m);	/* the miner's */
		procedure(&p, si, 1, mu_c, sigma, &v);	/* the verifier's */
		pairs += (double)v.pairs;
		if (strcmp(v.decision, "approve") == 0)
			approve++;
		else if (strcmp(v.decision, "reject") == 0)
			reject++;
		else
			release++;
		if (strcmp(m.decision, "approve") != 0)
			continue;
		mined++;
		if (strcmp(v.decision, "reject") == 0) {
			slash++;
			continue;
		}
		if (v.high[0] == '\0')
			continue;
		/* claim check: claim > normalizedHigh + m */
		if (bench_improvement(si, p.bips, NULL, margin, th, NULL,
		    &e) < 0)
			return 3;
		if (claim_over(m.low, v.high, margin))
			slash++;
	}
	printf("{\"seed\":%llu,\"n\":%ld,\"sigma\":%s,\"rho\":%s,"
	    "\"improve\":%s,\"direction\":\"%s\",\"approve\":%ld,"
	    "\"reject\":%ld,\"release\":%ld,\"meanPairs\":%.2f,"
	    "\"minerApproved\":%ld,\"slash\":%ld}\n", seed, n, argv[3], rho,
	    argv[5], argv[6], approve, reject, release, pairs / (double)n,
	    mined, slash);
	return 0;
}
