/* The paired verdict against every row of paired.tsv, and the section 7
 * summary on hand-checked samples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "benchstat.h"
#include "json.h"

#define NCOL 25

/* Field key of o as the TSV writes it: null, a string's text, a number. */
static void
text(const cJSON *o, const char *key, char *out, size_t size)
{
	const cJSON *v = json_get(o, key);
	char tmp[64];

	if (v == NULL || cJSON_IsNull(v))
		snprintf(out, size, "null");
	else if (cJSON_IsString(v))
		snprintf(out, size, "%s", v->valuestring);
	else
		snprintf(out, size, "%s", json_numtext(v, tmp));
}

static const char **
values(const cJSON *arr, size_t *n)
{
	const char **v;
	const cJSON *c;
	size_t i = 0;

	*n = (size_t)cJSON_GetArraySize(arr);
	v = calloc(*n + 1, sizeof(*v));
	for (c = arr->child; c != NULL; c = c->next)
		v[i++] = cJSON_IsString(c) ? c->valuestring : NULL;
	return v;
}

static cJSON *
lit(const char *s)
{
	struct or_err e;
	cJSON *v = json_parse(s, strlen(s), 0, &e);

	if (v == NULL) {
		printf("# bad literal %s: %s\n", s, e.msg);
		exit(1);
	}
	return v;
}

static void
paired_vectors(void)
{
	static const char *const outs[] = { "decision", "reason", "mode",
	    "pairs", NULL, "threshold", "ciRank", "ciLevel", "qMedian",
	    "qLow", "qHigh", "normalizedScore", "normalizedLow",
	    "normalizedHigh" };
	FILE *f = fopen(vector_path("paired.tsv"), "r");
	char line[8192], *col[NCOL], *save, got[4096], tmp[64];
	size_t rows = 0, lines = 0, ni, nc, k;
	struct bench_params p;
	struct paired_in in;
	struct or_err e;
	cJSON *dir, *scale, *si, *det, *est, *mt, *rho, *inc, *cand, *out;
	const char **iv, **cv;
	int extend, rc, good;

	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' || strncmp(line, "direction\t", 10) == 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		lines++;
		col[0] = strtok_r(line, "\t", &save);
		for (k = 1; k < NCOL; k++)
			col[k] = strtok_r(NULL, "\t", &save);
		if (col[NCOL - 1] == NULL) {
			ok(0, "row %zu has %d columns", rows + 1, NCOL);
			continue;
		}
		rows++;
		dir = lit(col[0]);
		scale = lit(col[1]);
		si = lit(col[3]);
		det = lit(col[4]);
		est = lit(col[5]);
		mt = lit(col[6]);
		rho = lit(col[7]);
		inc = lit(col[8]);
		cand = lit(col[9]);
		memset(&p, 0, sizeof(p));
		p.minimize = strcmp(dir->valuestring, "minimize") == 0;
		p.scale = cJSON_IsString(scale) ? scale->valuestring :
		    json_numtext(scale, tmp);
		p.bips = (unsigned)strtoul(col[2], NULL, 10);
		p.rho = json_numtext(rho, tmp);
		p.deterministic = cJSON_IsTrue(det);
		p.establish = cJSON_IsTrue(est);
		p.aggregator = "median";
		p.measured = (unsigned)mt->valuedouble;
		iv = values(inc, &ni);
		cv = values(cand, &nc);
		memset(&in, 0, sizeof(in));
		in.p = &p;
		in.incumbent_score = si->valuestring;
		in.pairs = ni;
		in.inc = iv;
		in.cand = cv;
		rc = paired_eval(&in, &out, &extend, &e);
		good = rc == 0 && ni == nc;
		for (k = 0; good && k < 14; k++) {
			if (outs[k] == NULL)
				snprintf(got, sizeof(got), "%s",
				    extend ? "extend" : "stop");
			else
				text(out, outs[k], got, sizeof(got));
			if (strcmp(got, col[10 + k]) != 0) {
				printf("# row %zu column %zu: got %s, want "
				    "%s\n", rows, 10 + k, got, col[10 + k]);
				good = 0;
			}
		}
		/* the q array has one display value per pair, or none */
		if (good) {
			size_t nq = (size_t)cJSON_GetArraySize(json_get(out,
			    "q"));

			good = nq == (strcmp(col[12], "ratio") == 0 ||
			    strcmp(col[12], "difference") == 0 ? ni : 0);
		}
		ok(good, "paired.tsv row %zu: %s %s (%s)", rows, col[10],
		    col[11], rc < 0 ? e.msg : col[24]);
		free(iv);
		free(cv);
		cJSON_Delete(out);
		cJSON_Delete(dir);
		cJSON_Delete(scale);
		cJSON_Delete(si);
		cJSON_Delete(det);
		cJSON_Delete(est);
		cJSON_Delete(mt);
		cJSON_Delete(rho);
		cJSON_Delete(inc);
		cJSON_Delete(cand);
	}
	fclose(f);
	ok(rows == lines && rows >= 59, "paired.tsv: checked %zu rows of "
	    "%zu", rows, lines);
}

/* Summary of vals with the given aggregator, rho, bips and direction; the
 * fields named in keys as "k=v" joined by spaces. */
static void
summary(const char *const *vals, size_t n, const char *agg, const char *rho,
    int minimize, int det, const char *keys, const char *want,
    const char *name)
{
	struct bench_params p = { 0 };
	struct or_err e;
	cJSON *s;
	char got[1024], k[64], v[256];
	const char *q = keys;
	size_t len = 0, kl;

	p.minimize = minimize;
	p.scale = "1000000";
	p.bips = 100;
	p.rho = rho;
	p.deterministic = det;
	p.aggregator = agg;
	p.measured = 5;
	if ((s = bench_summary(vals, n, &p, &e)) == NULL) {
		is_str(e.code, want, "%s", name);
		return;
	}
	got[0] = '\0';
	while (*q != '\0') {
		kl = strcspn(q, " ");
		snprintf(k, sizeof(k), "%.*s", (int)kl, q);
		if (json_get(s, k) != NULL && !cJSON_IsString(json_get(s, k))) {
			char *t = json_print_new(json_get(s, k));

			snprintf(v, sizeof(v), "%s", t);
			free(t);
		} else {
			text(s, k, v, sizeof(v));
		}
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s=%s",
		    len ? " " : "", k, v);
		q += kl;
		q += *q == ' ';
	}
	is_str(got, want, "%s", name);
	cJSON_Delete(s);
}

static void
summaries(void)
{
	static const char *const a[] = { "1", "2", "3", "4", "100" };
	static const char *const b[] = { "100", "1", "2", "3", "4" };
	static const char *const c[] = { "1", "2.0" };
	static const char *const d[] = { "1", "1", "2" };
	static const char *const f[] = { "9", "11", "9", "11", "10" };
	static const char *const g[] = { "1", "1.0" };
	static const char *const h[] = { "1", "1.0000001" };
	static const char *const i[] = { "1", NULL, "2" };
	static const char *const j[] = { "2/3", "4/6", "2/3" };
	static const char *const k[] = { "-1", "1" };
	static const char *const l[] = { "5", "1", "9" };

	summary(a, 5, "median", "0.1", 0, 0, "median mad min max outliers "
	    "representative score warnings", "median=3 mad=1 min=1 max=100 "
	    "outliers=[5] representative=3 score=3000000 warnings=[]",
	    "median, mad, a last-run outlier");
	summary(b, 5, "median", "0.1", 0, 0, "outliers warnings",
	    "outliers=[1] warnings=[\"first_run_outlier\"]",
	    "a first-run outlier is a warning");
	summary(c, 2, "median", "0.1", 0, 0, "median mad aggregate",
	    "median=1.5 mad=0.5 aggregate=1.5", "even n");
	summary(d, 3, "mean", "0.1", 0, 0, "aggregate score representative",
	    "aggregate=1.333333 score=1333333 representative=1",
	    "mean 4/3 rounds half to even at the scale");
	summary(d, 3, "mean", "0.1", 1, 0, "aggregate score",
	    "aggregate=1.333333 score=-1333333", "minimize negates the score");
	summary(l, 3, "max", "10", 0, 0, "aggregate representative",
	    "aggregate=9 representative=3", "max");
	summary(l, 3, "min", "10", 0, 0, "aggregate representative",
	    "aggregate=1 representative=2", "min");
	summary(f, 5, "median", "0.1", 0, 0, "noisy noiseExceedsMargin",
	    "noisy=false noiseExceedsMargin=true", "rsd exactly rho is quiet");
	summary(f, 5, "median", "0.0999", 0, 0, "noisy", "noisy=true",
	    "rsd just above rho is noisy");
	summary(g, 2, "median", "0", 0, 1, "noisy", "noisy=false",
	    "deterministic: equal in other notation");
	summary(h, 2, "median", "10", 0, 1, "noisy", "noisy=true",
	    "deterministic: any difference is noisy");
	summary(i, 3, "median", "0.1", 0, 0, "n failed score aggregate",
	    "n=2 failed=1 score=null aggregate=null", "a failed run");
	summary(j, 3, "median", "0.1", 0, 0, "median score noisy",
	    "median=2/3 score=666667 noisy=false", "exact fractions");
	summary(k, 2, "median", "0.1", 0, 0, "noisy rsd median",
	    "noisy=true rsd=null median=0", "mean 0 with spread is noisy");
}

/* The rows of the decision table that paired.tsv cannot hold: set-up
 * failures, tampering and match counts. */
static void
decision(struct paired_in *in, const char *want, const char *name)
{
	struct or_err e;
	cJSON *o;
	int extend;
	char got[128];

	if (paired_eval(in, &o, &extend, &e) < 0) {
		is_str(e.code, want, "%s", name);
		return;
	}
	snprintf(got, sizeof(got), "%s %s %s", json_strval(json_get(o,
	    "decision"), NULL), json_strval(json_get(o, "reason"), NULL),
	    cJSON_IsNull(json_get(o, "mode")) ? "null" :
	    json_strval(json_get(o, "mode"), NULL));
	is_str(got, want, "%s", name);
	cJSON_Delete(o);
}

static void
flags(void)
{
	static const char *const one[] = { "1", "1", "1", "1", "1" };
	static const char *const two[] = { "2", "2", "2", "2", "2" };
	static const long m1[] = { 1, 1, 1, 1, 1 }, m2[] = { 1, 1, 2, 1, 1 },
	    m3[] = { 1, 2, 1, 1, 1 };
	struct bench_params p = { 0 };
	struct paired_in in;

	p.scale = "1000000";
	p.bips = 100;
	p.rho = "0.1";
	p.aggregator = "median";
	p.measured = 5;
	memset(&in, 0, sizeof(in));
	in.p = &p;
	in.incumbent_score = "1000000";
	in.pairs = 5;
	in.inc = one;
	in.cand = two;
	decision(&in, "approve ok ratio", "baseline of the flags");
	in.inc_matches = m1;
	in.cand_matches = m2;
	decision(&in, "reject metric_spoofed null", "a candidate run with "
	    "another match count");
	in.inc_matches = m3;
	decision(&in, "approve ok ratio", "incumbent counts differ: no "
	    "spoofing verdict");
	in.inc_matches = in.cand_matches = NULL;
	in.tampered = in.verifier_error = in.inc_failed = in.cand_failed = 1;
	decision(&in, "reject harness_tampered null", "tampering first");
	in.tampered = 0;
	decision(&in, "release verifier_error null", "then host failures");
	in.verifier_error = 0;
	decision(&in, "release harness_failed null", "then the incumbent");
	in.inc_failed = 0;
	in.pairs = 0;
	decision(&in, "reject candidate_failed null", "a candidate setup "
	    "failure before any pair");
	in.cand_failed = 0;
	decision(&in, "release verifier_error null", "no pair and no failure");
	in.incumbent_score = "1.5";
	decision(&in, "bench.no_incumbent_score", "a score that is not an "
	    "integer");
}

int
main(void)
{
	summaries();
	flags();
	paired_vectors();
	return done_testing();
}
