/* benchstat: or-bench's statistics (sandbox.md section 7: exact median,
 * aggregate, score, outliers, the exact noise tests) and the paired verdict
 * of section 8 (pair values, sign-test interval, normalisation rounded
 * toward -inf, decision table), as pure functions of the measured values.
 * Ownership: parameters are borrowed; results are new cJSON trees the
 * caller frees. */
#ifndef OR_BENCHSTAT_H
#define OR_BENCHSTAT_H

#include <stddef.h>

#include "json.h"
#include "util.h"

struct bench_params {
	int minimize;
	const char *scale;	/* metricScale: a power of ten, decimal */
	unsigned bips;		/* minScoreImprovementBips, 0..10000 */
	const char *rho;	/* maxRelativeStdDev as decimal text */
	int deterministic;	/* primaryMetric.deterministic */
	int establish;		/* baselinePolicy.establishOnHardware */
	const char *aggregator;	/* median, mean, min or max */
	unsigned measured;	/* measuredTrials (or --runs) */
};

/* The section 7 summary of n measured runs in run order: vals[i] is the
 * metric of run i + 1 (a decimal string) or NULL when it failed.  Run
 * numbers (outliers, representative) count from 1.  With a failed run or
 * no value, no aggregate or score is written.  Errors: dec.*, bench.score
 * (aggregate outside int256). */
cJSON *bench_summary(const char *const *vals, size_t n,
    const struct bench_params *p, struct or_err *e);

/* The oriented score of one metric value (a decimal or an exact "N/D"):
 * round_half_even(sign * value * scale) in out (DEC_MAX bytes).  Errors:
 * dec.*, bench.score (outside int256). */
int bench_score(const char *value, const struct bench_params *p, char *out,
    struct or_err *e);

/* One evaluation of the paired verdict after a batch. */
struct paired_in {
	const struct bench_params *p;
	const char *incumbent_score;	/* S_I, a decimal integer */
	size_t pairs;			/* measured pairs run */
	const char *const *inc;		/* pairs values, NULL = failed run */
	const char *const *cand;
	const long *inc_matches;	/* NULL, or per run (-1: unknown) */
	const long *cand_matches;
	int tampered;			/* candidate blocked a harness bind */
	int verifier_error;		/* other sandbox set-up or host failure */
	int inc_failed, cand_failed;	/* a setup (or other) failure */
};

/* n0: the batch size; the last batch ends at 4 n0 pairs. */
size_t paired_batch(const struct bench_params *p);
/* Fill *out with the "paired" object (without the incumbent and candidate
 * summaries) and *extend with 1 when another batch must run.  Errors:
 * bench.no_incumbent_score, dec.* (a value that is not a metric). */
int paired_eval(const struct paired_in *in, cJSON **out, int *extend,
    struct or_err *e);

/* margin and threshold of the improvement rule (hashes.md 7) as decimal
 * strings in caller buffers of DEC_MAX bytes; improved when candidate is
 * given (NULL: not computed). */
int bench_improvement(const char *incumbent, unsigned bips,
    const char *candidate, char *margin, char *threshold, int *improved,
    struct or_err *e);

#endif
