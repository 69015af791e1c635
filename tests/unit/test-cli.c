/* cli_getopt: the one option and verb parser of every tool (conventions.md
 * section 3): options before and after the verb and the operands, `--`,
 * the ordered mode of or-abi, and the common options set on the jl. */
#include "tap.h"
#include "cli.h"
#include "jsonl.h"

static const char usage[] = "usage: or-x VERB [-f FILE] [ARG ...]\n\n";
static const char *const verbs[] = { "alpha", "beta", NULL };
static const struct option lo[] = {
	{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
	{ "file", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void
append(char *dst, const char *s)
{
	size_t n = strlen(dst);

	snprintf(dst + n, 256 - n, "%s,", s);
}

/* Parse argv; the -f values joined by ',' into files, the operands by ','
 * into ops. */
static void
parse(char **argv, int ordered, const char *const *vs, struct jl *j,
    struct cli_args *a, char *files, char *ops)
{
	int argc = 0, c, i;

	while (argv[argc] != NULL)
		argc++;
	memset(j, 0, sizeof(*j));
	*a = (struct cli_args){ .usage = usage, .shortopts = "f:hq",
	    .longopts = lo, .verbs = vs, .ordered = ordered };
	files[0] = ops[0] = '\0';
	while ((c = cli_getopt(a, j, argc, argv)) != -1)
		if (c == 'f')
			append(files, optarg);
	for (i = 0; i < a->argc; i++)
		append(ops, a->argv[i]);
}

int
main(void)
{
	struct cli_args a;
	struct jl j;
	char files[256], ops[256];

	parse((char *[]){ "or-x", "-q", "beta", "x", "--fail-fast", "-f", "a",
	    "y", "--file=b", NULL }, 0, verbs, &j, &a, files, ops);
	ok(a.verb == 1 && j.quiet && j.fail_fast, "verb and common options "
	    "before and after it");
	is_str(files, "a,b,", "-f in order, anywhere");
	is_str(ops, "x,y,", "operands in order");

	parse((char *[]){ "or-x", "alpha", "--", "-q", "--file", NULL }, 0,
	    verbs, &j, &a, files, ops);
	ok(a.verb == 0 && !j.quiet, "-- ends the options");
	is_str(ops, "-q,--file,", "operands after --");

	/* or-abi: after the verb, options end at the first operand */
	parse((char *[]){ "or-x", "-q", "alpha", "-f", "a", "f(int)", "-5",
	    "--fail-fast", NULL }, 1, verbs, &j, &a, files, ops);
	ok(a.verb == 0 && j.quiet && !j.fail_fast, "ordered: options until "
	    "the first operand");
	is_str(files, "a,", "ordered: -f before the operands");
	is_str(ops, "f(int),-5,--fail-fast,", "ordered: -5 is an operand");

	/* no verb (or-rpc): options anywhere */
	parse((char *[]){ "or-x", "eth_chainId", "-q", "x", NULL }, 0, NULL,
	    &j, &a, files, ops);
	ok(j.quiet, "no verb: -q after an operand");
	is_str(ops, "eth_chainId,x,", "no verb: every word is an operand");
	{
		static const char *const hashv[] = { "keccak256", "sha256",
			"xxh3", "xxh128", "selector", "topic", "zg", "tree",
			"seed", NULL };
		static const char *const rpcv[] = { "block-number", "chain-id",
			"gas-price", "balance", "nonce", "code", "call", "send",
			"wait", "receipt", "logs", "fill", NULL };
		const char *n;

		n = cli_nearest("keccak", hashv);
		is_str(n ? n : "(none)", "keccak256", "keccak opens keccak256");
		n = cli_nearest("blocknumber", rpcv);
		is_str(n ? n : "(none)", "block-number", "dash ignored");
		n = cli_nearest("Chain_ID", rpcv);
		is_str(n ? n : "(none)", "chain-id", "case and _ ignored");
		n = cli_nearest("recipt", rpcv);
		is_str(n ? n : "(none)", "receipt", "one letter missing");
		n = cli_nearest("nocne", rpcv);
		is_str(n ? n : "(none)", "nonce", "swapped neighbours");
		ok(cli_nearest("zzz", hashv) == NULL, "nothing near zzz");
		ok(cli_nearest("x", hashv) == NULL, "one letter is near nothing");
		ok(cli_nearest("", hashv) == NULL, "empty word");
		ok(cli_nearest("eth_blockNumberXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
		    rpcv) == NULL, "a long word");
	}
	return done_testing();
}
