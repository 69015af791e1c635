/* or-bench: measure a protocol's benchmark in fresh sandboxes and compare
 * two trees.  Verbs: run, baseline (add "summary"), paired (adds "paired"),
 * extract (one record from FILE or exampleStdout), compare (adds "margin",
 * "threshold", "improved").  See man/or-bench.1. */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchrun.h"
#include "benchstat.h"
#include "cli.h"
#include "decimal.h"
#include "json.h"
#include "jsonl.h"
#include "util.h"
#include "banned.h"

static const char usage[] =
"usage: or-bench run|baseline --protocol F --trusted DIR --out DIR [--warmup N] [--runs N] [--allow-network] TREE\n"
"       or-bench paired --protocol F --trusted DIR --out DIR --incumbent TREE --candidate TREE --incumbent-score INT [--warmup N] [--runs N] [--allow-network]\n"
"       or-bench extract --protocol F [FILE]\n"
"       or-bench compare [--protocol F] [--bips N]\n"
"\n"
"      --allow-network      give a networkPolicy full protocol the network\n"
"      --bips N             compare: margin in basis points (default: the\n"
"                           protocol's, else 100)\n"
"      --candidate TREE     paired: the candidate tree\n"
"      --fail-fast          stop after the first failed record\n"
"  -h, --help               show this help\n"
"      --incumbent TREE     paired: the incumbent tree\n"
"      --incumbent-score INT  paired: the on-chain incumbent score\n"
"  -o, --out DIR            new or empty folder for logs and results\n"
"  -p, --protocol F         the protocol file\n"
"  -q, --quiet              no stderr line for each failed record\n"
"      --runs N             measured runs (paired: the batch size basis)\n"
"  -t, --trusted DIR        the trusted harness (benchmark bundle)\n"
"      --version            print the version\n"
"      --warmup N           warm-up runs per tree\n";

enum verb { RUN, BASELINE, PAIRED, EXTRACT, COMPARE };
static const char *const verbs[] = { "run", "baseline", "paired", "extract",
	"compare", NULL };

enum {
	OPT_ALLOW_NETWORK = OPT_TOOL_BASE,
	OPT_BIPS,
	OPT_CANDIDATE,
	OPT_INCUMBENT,
	OPT_INCUMBENT_SCORE,
	OPT_RUNS,
	OPT_WARMUP
};

static enum verb verb;
static struct {
	const char *protocol, *trusted, *out, *incumbent, *candidate, *score;
	long warmup, runs, bips;
	int allow_network;
	char sandbox[PATH_MAX + 16];
	struct jl *j;
} o = { .warmup = -1, .runs = -1, .bips = -1 };

static volatile int interrupted;

static void
on_signal(int sig)
{
	interrupted = sig;
}

static void
on_detail(void *arg, cJSON *rec)
{
	jl_detail(arg, rec);
}

static void
on_progress(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "\r%s: %s\033[K", util_prog(), msg);
}

/* A record field that replaces an option (conventions.md 3). */
static int
rec_str(const cJSON *rec, const char *key, const char **v, struct or_err *e)
{
	size_t len;
	int rc = json_field_str(rec, key, v, &len, e);

	if (rc < 0 || (rc > 0 && strlen(*v) != len))
		return or_error(e, "bench.bad_record", "'%s' must be a string",
		    key);
	return 0;
}

static int
rec_count(const cJSON *rec, const char *key, long *v, struct or_err *e)
{
	uint64_t u;
	int rc = json_field_u64(rec, key, 100000, &u, e);

	if (rc < 0)
		return or_error(e, "bench.bad_record", "'%s' must be a count",
		    key);
	if (rc > 0)
		*v = (long)u;
	return 0;
}

static int
enrich_measure(cJSON *rec, struct or_err *e)
{
	struct bench_job job = { 0 };
	struct bench_proto p;
	const char *proto = o.protocol;
	int rc;

	job.trusted = o.trusted;
	job.out = o.out;
	job.incumbent = o.incumbent;
	job.candidate = o.candidate;
	job.incumbent_score = o.score;
	job.warmup = o.warmup;
	job.runs = o.runs;
	if (rec_str(rec, "protocol", &proto, e) < 0 ||
	    rec_str(rec, "trusted", &job.trusted, e) < 0 ||
	    rec_str(rec, "out", &job.out, e) < 0 ||
	    rec_str(rec, "tree", &job.tree, e) < 0 ||
	    rec_str(rec, "incumbent", &job.incumbent, e) < 0 ||
	    rec_str(rec, "candidate", &job.candidate, e) < 0 ||
	    rec_str(rec, "incumbentScore", &job.incumbent_score, e) < 0 ||
	    rec_count(rec, "warmup", &job.warmup, e) < 0 ||
	    rec_count(rec, "runs", &job.runs, e) < 0)
		return -1;
	if (proto == NULL || job.trusted == NULL || job.out == NULL)
		return or_error(e, "bench.bad_record", "protocol, trusted and "
		    "out are required");
	if (verb == PAIRED ? job.incumbent == NULL || job.candidate == NULL :
	    job.tree == NULL)
		return or_error(e, "bench.bad_record", verb == PAIRED ?
		    "incumbent and candidate are required" : "tree is "
		    "required");
	if (bench_proto_load(proto, &p, e) < 0) {
		bench_proto_free(&p);
		return -1;
	}
	job.proto = &p;
	job.sandbox = o.sandbox;
	job.baseline = verb == BASELINE;
	job.paired = verb == PAIRED;
	job.allow_network = o.allow_network;
	job.detail = on_detail;
	job.arg = o.j;
	job.interrupted = &interrupted;
	if (isatty(2))
		job.progress = on_progress;
	rc = bench_measure(&job, rec, e);
	if (job.progress != NULL)
		fprintf(stderr, "\r\033[K");
	if (rc == 0 && job.status != 0)
		jl_failed(o.j, job.status);
	bench_proto_free(&p);
	return rc;
}

static int
enrich_compare(cJSON *rec, struct or_err *e)
{
	const char *inc, *cand;
	char margin[DEC_MAX], th[DEC_MAX];
	unsigned bips = o.bips >= 0 ? (unsigned)o.bips : 100;
	uint64_t u;
	size_t n;
	int imp, rc;

	if (json_field_str(rec, "incumbentScore", &inc, &n, e) <= 0 ||
	    json_field_str(rec, "candidateScore", &cand, &n, e) <= 0)
		return or_error(e, "bench.bad_record", "incumbentScore and "
		    "candidateScore must be decimal strings");
	if ((rc = json_field_u64(rec, "bips", 10000, &u, e)) < 0)
		return or_error(e, "bench.bad_record", "bips must be an "
		    "integer from 0 to 10000");
	if (rc > 0)
		bips = (unsigned)u;
	if (decimal_int256_check(inc, e) < 0 || decimal_int256_check(cand, e) < 0)
		return or_error(e, "bench.bad_score", "scores must be int256 "
		    "decimal integers");
	if (bench_improvement(inc, bips, cand, margin, th, &imp, e) < 0)
		return -1;
	json_set_str(rec, "margin", margin);
	json_set_str(rec, "threshold", th);
	json_set_bool(rec, "improved", imp);
	return 0;
}

static void
run_extract(struct jl *j, const char *file)
{
	struct bench_proto p;
	struct buf b = { 0 };
	cJSON *rec = json_object();
	int rc;

	j->argmode = 1;
	/* FILE "-" is the raw bytes of stdin (conventions.md 3) */
	if ((rc = bench_proto_load(o.protocol, &p, &j->err)) == 0 &&
	    file != NULL && (rc = read_file(strcmp(file, "-") == 0 ?
	    "/dev/stdin" : file, 16u << 20, &b, &j->err)) < 0 &&
	    strncmp(j->err.code, "file.", 5) == 0)
		die(3, "%s", j->err.msg);
	if (rc == 0)
		rc = bench_extract(&p, file != NULL ? b.p : NULL, b.len, rec,
		    &j->err);
	jl_emit(j, rec, rc);
	buf_free(&b);
	bench_proto_free(&p);
}

static long
count_arg(const char *s, const char *opt, uint64_t max)
{
	uint64_t u;

	if (parse_u64(s, &u) < 0 || u > max)
		cli_usage_error(usage, "%s wants an integer from 0 to %llu, "
		    "not '%s'", opt, (unsigned long long)max, s);
	return (long)u;
}

/* or-sandbox beside this executable, else in PATH. */
static void
find_sandbox(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int w;
	char *slash;

	snprintf(o.sandbox, sizeof(o.sandbox), "or-sandbox");
	if (n <= 0)
		return;
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL)
		return;
	*slash = '\0';
	w = snprintf(o.sandbox, sizeof(o.sandbox), "%s/or-sandbox", self);
	if (w < 0 || (size_t)w >= sizeof(o.sandbox) ||
	    access(o.sandbox, X_OK) != 0)
		snprintf(o.sandbox, sizeof(o.sandbox), "or-sandbox");
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "allow-network", no_argument, NULL, OPT_ALLOW_NETWORK },
		{ "bips", required_argument, NULL, OPT_BIPS },
		{ "candidate", required_argument, NULL, OPT_CANDIDATE },
		{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
		{ "help", no_argument, NULL, 'h' },
		{ "incumbent", required_argument, NULL, OPT_INCUMBENT },
		{ "incumbent-score", required_argument, NULL,
		    OPT_INCUMBENT_SCORE },
		{ "out", required_argument, NULL, 'o' },
		{ "protocol", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "runs", required_argument, NULL, OPT_RUNS },
		{ "trusted", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "warmup", required_argument, NULL, OPT_WARMUP },
		{ NULL, 0, NULL, 0 }
	};
	struct jl j;
	struct cli_args a = { .usage = usage, .shortopts = "ho:p:qt:",
	    .longopts = longopts, .verbs = verbs };
	int c, quiet, fail_fast, envnet, operands;
	cJSON *rec;
	struct or_err e;

	util_setprog(argv[0]);
	memset(&j, 0, sizeof(j));	/* -q and --fail-fast, until jl_init */
	while ((c = cli_getopt(&a, &j, argc, argv)) != -1) {
		switch (c) {
		case 'o':
			o.out = optarg;
			break;
		case 'p':
			o.protocol = optarg;
			break;
		case 't':
			o.trusted = optarg;
			break;
		case OPT_ALLOW_NETWORK:
			o.allow_network = 1;
			break;
		case OPT_BIPS:
			o.bips = count_arg(optarg, "--bips", 10000);
			break;
		case OPT_CANDIDATE:
			o.candidate = optarg;
			break;
		case OPT_INCUMBENT:
			o.incumbent = optarg;
			break;
		case OPT_INCUMBENT_SCORE:
			if (decimal_int256_check(optarg, &e) < 0)
				cli_usage_error(usage, "--incumbent-"
				    "score wants an integer score, not "
				    "'%s' (bench.no_incumbent_score)",
				    optarg);
			o.score = optarg;
			break;
		case OPT_RUNS:
			o.runs = count_arg(optarg, "--runs", 100000);
			if (o.runs < 1)
				cli_usage_error(usage, "--runs wants "
				    "at least 1");
			break;
		case OPT_WARMUP:
			o.warmup = count_arg(optarg, "--warmup", 1000);
			break;
		}
	}
	verb = (enum verb)a.verb;
	quiet = j.quiet;
	fail_fast = j.fail_fast;
	argc = a.argc;
	argv = a.argv;
	if ((envnet = env_bool("OR_ALLOW_NETWORK", 0)) < 0)
		cli_usage_error(usage, "OR_ALLOW_NETWORK must be 0 or 1");
	o.allow_network |= envnet;
	operands = verb == PAIRED ? o.incumbent != NULL || o.candidate != NULL :
	    (verb == RUN || verb == BASELINE) && argc > 0;
	if (verb == PAIRED && argc > 0)
		cli_usage_error(usage, "paired takes no operand: give "
		    "--incumbent and --candidate");
	if (verb == PAIRED && operands && (o.incumbent == NULL ||
	    o.candidate == NULL))
		cli_usage_error(usage, "paired needs both --incumbent and "
		    "--candidate");
	if (verb == PAIRED && operands && o.score == NULL)
		cli_usage_error(usage, "paired needs --incumbent-score "
		    "(bench.no_incumbent_score)");
	if ((verb == RUN || verb == BASELINE) && argc > 1)
		cli_usage_error(usage, "%s measures one TREE",
		    verb == RUN ? "run" : "baseline");
	if ((verb == EXTRACT && argc > 1) || (verb == COMPARE && argc > 0))
		cli_usage_error(usage, "unexpected operand '%s'",
		    argv[verb == EXTRACT ? 1 : 0]);
	if ((verb == EXTRACT || operands) && o.protocol == NULL)
		cli_usage_error(usage, "missing --protocol");
	if (operands && (o.trusted == NULL || o.out == NULL))
		cli_usage_error(usage, "missing --trusted or --out");
	if (verb == COMPARE && o.bips < 0 && o.protocol != NULL) {
		unsigned b;

		if (bench_proto_bips(o.protocol, &b, &e) < 0)
			cli_usage_error(usage, "%s", e.msg);
		o.bips = b;
	}
	/* extract reads the protocol's example without FILE: no stdin */
	if (verb != EXTRACT && !operands)
		cli_terminal_stdin(usage, verbs[verb], verb == COMPARE ?
		    "records" : verb == PAIRED ? "--incumbent and --candidate" :
		    "TREE");
	find_sandbox();
	{
		struct sigaction sa;

		/* a signal ends the measurement between runs, so that the
		 * private copies are removed; then it takes its course */
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}

	jl_init(&j, "or-bench");
	j.quiet = quiet;
	j.fail_fast = fail_fast;
	j.flush_each = 1;
	o.j = &j;
	if (verb == EXTRACT) {
		run_extract(&j, argc > 0 ? argv[0] : NULL);
	} else if (operands) {
		j.argmode = 1;
		rec = json_object();
		if (verb != PAIRED)
			json_set_str(rec, "tree", argv[0]);
		jl_emit(&j, rec, enrich_measure(rec, &j.err));
	} else {
		while (!interrupted && (rec = jl_next(&j)) != NULL)
			jl_emit(&j, rec, verb == COMPARE ?
			    enrich_compare(rec, &j.err) :
			    enrich_measure(rec, &j.err));
	}
	c = jl_finish(&j);
	if (interrupted) {
		signal(interrupted, SIG_DFL);
		raise(interrupted);
	}
	return c;
}
