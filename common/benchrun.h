/* benchrun: or-bench's measurement (sandbox.md sections 5 to 8): the
 * protocol fields it reads, the private copies of the measured trees, setup
 * once per tree, warm-up and measured runs each in a fresh or-sandbox child
 * process, metric extraction, the summary and the paired batches.
 * Ownership: bench_proto owns its parsed protocol until bench_proto_free;
 * a bench_job borrows its strings; records handed to the detail callback
 * belong to the callback. */
#ifndef OR_BENCHRUN_H
#define OR_BENCHRUN_H

#include <stddef.h>

#include "benchstat.h"
#include "json.h"
#include "seed.h"
#include "util.h"

struct bench_proto {
	cJSON *doc;
	char *path;
	const char *command, *cwd;
	char timeout[64];		/* seconds, decimal text */
	const cJSON *setup;		/* environment.setupCommands */
	int network_full;
	const char *memory;
	uint64_t pids;
	unsigned cpus;			/* 0: not pinned */
	const char **harness;		/* immutableHarness.paths */
	size_t nharness;
	const cJSON *extract;		/* primaryMetric.extract */
	const cJSON *secondary;		/* secondaryMetrics or NULL */
	const char *metric;		/* primaryMetric.name */
	char scale[32], rho[64];
	unsigned warmup;
	char **stopenv;			/* "NAME=VALUE", NULL-terminated */
	struct bench_params bp;
};

/* Read and check the protocol file (errors: bench.bad_protocol,
 * bench.extract_unsupported, file.*); only what or-bench uses is read. */
int bench_proto_load(const char *path, struct bench_proto *p,
    struct or_err *e);
void bench_proto_free(struct bench_proto *p);
/* The improvement margin in bips and the scale of a protocol file, for
 * compare and extract (no other check). */
int bench_proto_bips(const char *path, unsigned *bips, struct or_err *e);

struct bench_job {
	const struct bench_proto *proto;
	const char *sandbox;	/* the or-sandbox executable */
	const char *trusted, *out;
	const char *tree;			/* run, baseline */
	const char *incumbent, *candidate;	/* paired */
	const char *incumbent_score;		/* paired */
	long warmup, runs;	/* -1: the protocol's */
	int baseline, paired;
	int allow_network;
	/* called with each detail record (kind setup or run) */
	void (*detail)(void *arg, cJSON *rec);
	/* progress (run i of n, current median), or NULL */
	void (*progress)(void *arg, const char *msg);
	void *arg;
	/* when non-NULL and set (by a signal handler), no further run
	 * starts: the measurement ends with bench.interrupted */
	volatile int *interrupted;
	int status;		/* out: 0, 1 or 5 (conventions.md 5) */
};

/* Measure as the job says and add "summary" (run, baseline) or "paired"
 * to rec; -1 with e filled when the final record carries an error
 * (bench.bad_protocol, bench.network_refused, bench.setup_failed,
 * bench.bad_path, bench.host, bench.interrupted). */
int bench_measure(struct bench_job *job, cJSON *rec, struct or_err *e);

/* Apply a protocol's extractors to FILE's bytes (or each extractor's
 * exampleStdout when buf is NULL) and fill the extract record. */
int bench_extract(const struct bench_proto *p, const char *buf, size_t n,
    cJSON *rec, struct or_err *e);

#endif
