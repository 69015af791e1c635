/* Scores and the improvement rule against scores.tsv and improvement.tsv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "decimal.h"
#include "json.h"

static char *
field(char **save)
{
	return strtok_r(NULL, "\t", save);
}

static void
scores(void)
{
	FILE *f = fopen(vector_path("scores.tsv"), "r");
	char line[4096], *lit, *dir, *scale, *want, *save;
	char out[DEC_MAX];
	struct or_err e;
	size_t rows = 0, n;
	const char *s;
	cJSON *v;
	int rc;

	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' || strncmp(line, "input\t", 6) == 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		lit = strtok_r(line, "\t", &save);
		dir = field(&save);
		scale = field(&save);
		want = field(&save);
		v = json_parse(lit, strlen(lit), 0, &e);
		s = json_strval(v, &n);
		rows++;
		rc = decimal_score(s, n, scale, strcmp(dir, "minimize") == 0, out,
		    &e);
		if (strcmp(want, "error") == 0)
			ok(rc < 0 && strncmp(e.code, "dec.", 4) == 0,
			    "%s %s scale %s is rejected (%s)", lit, dir, scale,
			    rc < 0 ? e.code : out);
		else
			is_str(rc == 0 ? out : e.msg, want, "%s %s scale %s",
			    lit, dir, scale);
		cJSON_Delete(v);
	}
	fclose(f);
	ok(rows >= 60, "scores.tsv has %zu rows", rows);
}

static void
improvement(void)
{
	FILE *f = fopen(vector_path("improvement.tsv"), "r");
	char line[4096], *inc, *bips, *cand, *th, *imp, *save;
	char out[DEC_MAX];
	struct or_err e;
	size_t rows = 0;
	int improved, rc;

	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' || strncmp(line, "incumbent\t", 10) == 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		inc = strtok_r(line, "\t", &save);
		bips = field(&save);
		cand = field(&save);
		th = field(&save);
		imp = field(&save);
		rows++;
		rc = decimal_improved(inc, (unsigned)strtoul(bips, NULL, 10), cand,
		    out, &improved, &e);
		ok(rc == 0, "improvement row %zu computes", rows);
		is_str(out, th, "threshold for %.20s bips %s", inc, bips);
		ok(improved == (strcmp(imp, "yes") == 0),
		    "candidate %.20s improved=%s", cand, imp);
	}
	fclose(f);
	ok(rows >= 15, "improvement.tsv has %zu rows", rows);
}

static void
normalize(void)
{
	static const char *cases[][2] = {
		{ "1e-7", "0.0000001" }, { "00012.5000", "12.5" },
		{ "-0", "0" }, { "-0.000", "0" }, { "1E3", "1000" },
		{ "2.5E+1", "25" }, { "-1.50e-1", "-0.15" }, { "0", "0" },
		{ "123", "123" }, { "0.1", "0.1" }, { "10e-1", "1" },
	};
	struct or_err e;
	size_t i;
	char *s;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = decimal_normalize(cases[i][0], strlen(cases[i][0]), &e);
		is_str(s, cases[i][1], "normalize %s", cases[i][0]);
		free(s);
	}
	ok(decimal_normalize("1.", 2, &e) == NULL &&
	    strcmp(e.code, "dec.syntax") == 0, "'1.' is a syntax error");
	ok(decimal_normalize("1e10000", 7, &e) == NULL &&
	    strcmp(e.code, "dec.range") == 0, "exponent 10000 is out of range");
	ok(decimal_int256_check("1e3", &e) < 0, "int256 check refuses '1e3'");
	ok(decimal_improved("1", 10001, "2", (char[DEC_MAX]){ 0 }, (int[1]){ 0 },
	    &e) < 0 && strcmp(e.code, "dec.bad_bips") == 0,
	    "bips over 10000 is refused");
}

int
main(void)
{
	scores();
	improvement();
	normalize();
	return done_testing();
}
