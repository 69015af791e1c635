/* or-hash: every digest the protocol uses, on operands or JSON lines. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "hashrec.h"
#include "jsonl.h"
#include "banned.h"

static const char usage[] =
"usage: or-hash keccak256|sha256|xxh3|xxh128 [-f FILE ...] [TEXT|0xHEX ...]\n"
"       or-hash selector|topic [SIGNATURE ...]\n"
"       or-hash zg [--proofs] [--threads N] [FILE]\n"
"       or-hash tree [--commit REV | --dir] [--verify HASH] [DIR]\n"
"       or-hash seed --protocol FILE [--rule RULE] [--commit REV | --dir] [DIR]\n"
"\n"
"  -f, --file FILE        hash the bytes of FILE ('-' = raw stdin); repeat\n"
"                         for more files, one record each\n"
"      --proofs           zg: add the proof of every segment\n"
"      --threads N        zg: hashing threads (default: online CPUs)\n"
"  -c, --commit REV       tree, seed: the entries of commit REV\n"
"  -d, --dir              tree, seed: walk DIR as a plain directory\n"
"      --verify HASH      tree: fail unless the tree hash is HASH\n"
"  -p, --protocol FILE    seed: protocol.json to read the seed settings from\n"
"      --rule RULE        seed: v1-bytes (default) or v1-reference\n"
"  -q, --quiet            no stderr line for each failed record\n"
"      --fail-fast        stop after the first failed record\n"
"  -h, --help             print this help and exit\n"
"      --version          print the version and exit\n";

struct opts {
	struct hashrec h;
	const char **files;	/* -f FILE, in order */
	size_t nfiles;
};

enum { OPT_PROOFS = OPT_TOOL_BASE, OPT_RULE, OPT_THREADS, OPT_VERIFY };

/* The record an operand stands for, fields in the order a user writes. */
static cJSON *
operand_record(const struct opts *o, const char *key, const char *arg)
{
	cJSON *rec = json_object();

	json_set_str(rec, key, arg);
	hashrec_defaults(&o->h, rec);
	return rec;
}

static const char *
operand_key(enum hashrec_verb v)
{
	switch (v) {
	case HR_SELECTOR:
	case HR_TOPIC:
		return "sig";
	case HR_ZG:
		return "path";
	case HR_TREE:
	case HR_SEED:
		return "dir";
	default:
		return "data";
	}
}

/* What a verb run without operands needs, for the terminal rule
 * (conventions.md section 3): every verb hashes something. */
static const char *
stdin_need(enum hashrec_verb v)
{
	switch (v) {
	case HR_SELECTOR:
	case HR_TOPIC:
		return "SIGNATURE";
	case HR_ZG:
		return "FILE";
	case HR_TREE:
	case HR_SEED:
		return "DIR";
	default:
		return "TEXT, 0xHEX or -f FILE";
	}
}

static void
parse_opts(int argc, char *argv[], struct opts *o, struct jl *j,
    struct cli_args *a)
{
	static const struct option lo[] = {
		{ "commit", required_argument, NULL, 'c' },
		{ "dir", no_argument, NULL, 'd' },
		{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "proofs", no_argument, NULL, OPT_PROOFS },
		{ "protocol", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "rule", required_argument, NULL, OPT_RULE },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "verify", required_argument, NULL, OPT_VERIFY },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct hashrec *h = &o->h;
	uint64_t n;
	size_t i;
	int c, stdin_files = 0;

	memset(o, 0, sizeof(*o));
	h->threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	*a = (struct cli_args){ .usage = usage, .shortopts = "c:df:hp:q",
	    .longopts = lo, .verbs = hashrec_verbs };
	while ((c = cli_getopt(a, j, argc, argv)) != -1) {
		switch (c) {
		case 'c': h->commit = optarg; break;
		case 'd': h->dir = 1; break;
		case 'f':
			o->files = xreallocarray(o->files, o->nfiles + 1,
			    sizeof(*o->files));
			o->files[o->nfiles++] = optarg;
			stdin_files += strcmp(optarg, "-") == 0;
			break;
		case 'p': h->protocol = optarg; break;
		case OPT_RULE: h->rule = optarg; break;
		case OPT_PROOFS: h->proofs = 1; break;
		case OPT_THREADS:
			if (parse_u64(optarg, &n) < 0 || n < 1 || n > 64)
				cli_usage_error(usage, "--threads takes 1 to "
				    "64, not '%s'", optarg);
			h->threads = (int)n;
			break;
		case OPT_VERIFY: h->verify = optarg; break;
		default: cli_usage_error(usage, "unexpected option");
		}
	}
	h->verb = (enum hashrec_verb)a->verb;
	if (o->nfiles > 0 && h->verb > HR_XXH128)
		cli_usage_error(usage, "-f is for keccak256, sha256, xxh3 and "
		    "xxh128");
	if (o->nfiles > 0 && a->argc > 0)
		cli_usage_error(usage, "-f FILE takes no TEXT operands");
	if (stdin_files > 1)
		cli_usage_error(usage, "-f - (raw stdin) can be given once");
	for (i = 0; i < o->nfiles; i++)
		if (o->files[i][0] == '\0')
			cli_usage_error(usage, "-f takes a file name, not ''");
	if ((h->commit != NULL || h->dir) && h->verb != HR_TREE &&
	    h->verb != HR_SEED)
		cli_usage_error(usage, "--commit and --dir are for tree and "
		    "seed");
	if (h->commit != NULL && h->dir)
		cli_usage_error(usage, "--commit and --dir exclude each other");
	if (h->verify != NULL && h->verb != HR_TREE)
		cli_usage_error(usage, "--verify is for tree");
	if ((h->protocol != NULL || h->rule != NULL) && h->verb != HR_SEED)
		cli_usage_error(usage, "--protocol and --rule are for seed");
	if (h->proofs && h->verb != HR_ZG)
		cli_usage_error(usage, "--proofs is for zg");
	if (h->verb == HR_SEED && h->protocol == NULL && a->argc > 0)
		cli_usage_error(usage, "seed needs --protocol FILE");
}

int
main(int argc, char *argv[])
{
	struct cli_args a;
	struct opts o;
	struct jl j;
	cJSON *rec;
	size_t i;

	util_setprog(argv[0]);
	jl_init(&j, "or-hash");
	parse_opts(argc, argv, &o, &j, &a);
	if (o.nfiles > 0 || a.argc > 0) {
		j.argmode = o.h.argmode = 1;
		/* each -f FILE is one record, in the order given */
		for (i = 0; i < o.nfiles && !j.stop; i++) {
			rec = operand_record(&o, "path", o.files[i]);
			jl_emit(&j, rec, hashrec_enrich(&o.h, rec, &j.err));
		}
		for (i = 0; i < (size_t)a.argc && !j.stop; i++) {
			rec = operand_record(&o, operand_key(o.h.verb),
			    a.argv[i]);
			jl_emit(&j, rec, hashrec_enrich(&o.h, rec, &j.err));
		}
	} else {
		cli_terminal_stdin(usage, hashrec_verbs[o.h.verb],
		    stdin_need(o.h.verb));
		if (o.h.verb <= HR_XXH128)
			j.parse_hint = "stdin is read as JSON lines; give -f - "
			    "to hash its raw bytes";
		while ((rec = jl_next(&j)) != NULL) {
			hashrec_defaults(&o.h, rec);
			jl_emit(&j, rec, hashrec_enrich(&o.h, rec, &j.err));
		}
	}
	free(o.files);
	return jl_finish(&j);
}
