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
	size_t rows = 0, ni, nc, k;
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
	ok(rows == 59, "paired.tsv: checked %zu rows (59 expected)", rows);
}

int
main(void)
{
	paired_vectors();
	return done_testing();
}
