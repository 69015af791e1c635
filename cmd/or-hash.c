/* or-hash: every digest the protocol uses, on operands or JSON lines. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "digest.h"
#include "hex.h"
#include "jsonl.h"
#include "keccak.h"
#include "seed.h"
#include "tree.h"
#include "zgjson.h"
#include "banned.h"

static const char usage[] =
"usage: or-hash keccak256|sha256|xxh3|xxh128 [-f FILE] [TEXT|0xHEX ...]\n"
"       or-hash selector|topic [SIGNATURE ...]\n"
"       or-hash zg [--proofs] [--threads N] [FILE]\n"
"       or-hash tree [--commit REV | --dir] [--verify HASH] [DIR]\n"
"       or-hash seed --protocol FILE [--rule RULE] [--commit REV | --dir] [DIR]\n"
"\n"
"  -f, --file FILE        hash the bytes of FILE ('-' = raw stdin)\n"
"      --proofs           zg: add the proof of every segment\n"
"      --threads N        zg: hashing threads (default: online CPUs)\n"
"  -c, --commit REV       tree, seed: the entries of commit REV\n"
"  -d, --dir              tree, seed: walk DIR as a plain directory\n"
"      --verify HASH      tree: fail unless the tree hash is HASH\n"
"  -p, --protocol FILE    seed: protocol.json to read the seed settings from\n"
"  -r, --rule RULE        seed: v1-bytes (default) or v1-reference\n"
"  -q, --quiet            no stderr line for each failed record\n"
"      --fail-fast        stop after the first failed record\n"
"  -h, --help             print this help and exit\n"
"      --version          print the version and exit\n";

/* the four digest verbs come first, in enum digest_alg order */
enum verb { V_KECCAK = DG_KECCAK256, V_SHA256 = DG_SHA256, V_XXH3 = DG_XXH3,
	V_XXH128 = DG_XXH128, V_SELECTOR, V_TOPIC, V_ZG, V_TREE, V_SEED };

static const char *const verbs[] = { "keccak256", "sha256", "xxh3", "xxh128",
	"selector", "topic", "zg", "tree", "seed", NULL };

struct opts {
	enum verb verb;
	const char *file, *commit, *verify, *protocol, *rule;
	int dir, proofs, threads;
};

enum { OPT_PROOFS = OPT_TOOL_BASE, OPT_THREADS, OPT_VERIFY };


/* keccak256, sha256, xxh3, xxh128: "data" (TEXT or 0xHEX) or "path". */
static int
do_digest(struct jl *j, const struct opts *o, cJSON *rec, struct or_err *e)
{
	const char *data, *path;
	char hex[DIGEST_HEX_MAX];
	size_t n;
	int hd, hp, fd, rc;

	if ((hd = json_field_str(rec, "data", &data, &n, e)) < 0 ||
	    (hp = json_field_str(rec, "path", &path, NULL, e)) < 0)
		return -1;
	if (hd + hp != 1)
		return or_error(e, "hash.no_input", hd ? "give either 'data' "
		    "or 'path', not both" : "record has neither 'data' nor "
		    "'path'");
	if (hd) {
		rc = digest_data((enum digest_alg)o->verb, data, n, hex, e);
	} else {
		if ((fd = open_data(path, j->argmode, "hash.bad_path", e)) < 0)
			return -1;
		rc = digest_fd((enum digest_alg)o->verb, fd, path, hex, e);
		if (fd > 0)
			close(fd);
	}
	if (rc == 0)
		json_set_str(rec, "hash", hex);
	return rc;
}

/* A signature is name(types): hashed as given, without spaces. */
static int
do_selector(const struct opts *o, cJSON *rec, struct or_err *e)
{
	const char *sig, *open;
	size_t n, i, k = 0;
	int depth = 0, rc;
	char *canon;
	uint8_t h[32];
	char hex[67];

	if ((rc = json_field_str(rec, "sig", &sig, &n, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "hash.no_input",
		    "record has no 'sig'");
	canon = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		if (sig[i] != ' ')
			canon[k++] = sig[i];
	canon[k] = '\0';
	open = strchr(canon, '(');
	for (i = 0; i < k; i++) {
		depth += canon[i] == '(' ? 1 : canon[i] == ')' ? -1 : 0;
		if (depth < 0)
			break;
	}
	if (open == NULL || open == canon || canon[k - 1] != ')' ||
	    depth != 0 || memchr(canon, '\0', k) != NULL) {
		free(canon);
		return or_error(e, "hash.bad_signature", "'sig' is not a "
		    "signature of the form name(type,...)");
	}
	keccak256(canon, k, h);
	free(canon);
	hex_encode(hex, h, o->verb == V_SELECTOR ? 4 : 32);
	json_set_str(rec, o->verb == V_SELECTOR ? "selector" : "topic", hex);
	return 0;
}

static int
do_zg(struct jl *j, const struct opts *o, cJSON *rec, struct or_err *e)
{
	const char *path;
	struct zg_tree t;
	int fd, rc;

	if ((rc = json_field_str(rec, "path", &path, NULL, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "hash.no_input",
		    "record has no 'path'");
	if ((fd = open_data(path, j->argmode, "hash.bad_path", e)) < 0)
		return -1;
	rc = zg_hash_fd(fd, o->threads, &t, e);
	if (fd > 0)
		close(fd);
	if (rc < 0) {
		zg_name_input(e, path);
		return -1;
	}
	if ((rc = zgjson_check(rec, &t, e)) == 0)
		zgjson_add(rec, &t, o->proofs);
	zg_free(&t);
	return rc;
}

/* Common inputs of tree and seed: dir, commit, source. */
static int
tree_fields(cJSON *rec, const char **dir, const char **commit,
    const char **source, struct or_err *e)
{
	*dir = ".";
	*commit = *source = NULL;
	if (json_field_str(rec, "dir", dir, NULL, e) < 0 ||
	    json_field_str(rec, "commit", commit, NULL, e) < 0 ||
	    json_field_str(rec, "source", source, NULL, e) < 0)
		return -1;
	if (*commit != NULL && *source != NULL && strcmp(*source, "commit") != 0)
		return or_error(e, "tree.bad_source", "'commit' goes with "
		    "source 'commit', not '%s'", *source);
	return 0;
}

static int
do_tree(cJSON *rec, struct or_err *e)
{
	const char *verify = NULL, *dir, *commit, *source;
	struct tree t;
	uint8_t h[32], want[32];
	char hex[67], *vx = NULL;
	size_t vn;

	if (json_field_str(rec, "verify", &verify, &vn, e) < 0)
		return -1;
	if (verify != NULL) {
		/* the hash also comes bare, as the reference prints it */
		vx = vn == 64 ? xasprintf("0x%s", verify) : xstrdup(verify);
		if (hex_decode_fixed(vx, want, 32, "verify", e) < 0) {
			free(vx);
			return -1;
		}
		free(vx);
	}
	if (tree_fields(rec, &dir, &commit, &source, e) < 0 ||
	    tree_load(dir, commit, source, &t, e) < 0)
		return -1;
	tree_hash(&t, h);
	hex_encode(hex, h, 32);
	json_set_str(rec, "source", t.source);
	json_set(rec, "entries", json_new_uint(t.n));
	json_set_str(rec, "treeHash", hex);
	tree_free(&t);
	if (verify != NULL && memcmp(h, want, 32) != 0)
		return or_error(e, "tree.mismatch", "tree hash is %s, expected "
		    "'%s'", hex, verify);
	return 0;
}

static int
do_seed(cJSON *rec, struct or_err *e)
{
	const char *protocol, *rule = "v1-bytes", *dir, *commit, *source;
	struct seed_result r;
	char hex[67], num[24];
	int rc, reference;

	if ((rc = json_field_str(rec, "protocol", &protocol, NULL, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "seed.no_protocol",
		    "record has no 'protocol' (path of protocol.json)");
	if (json_field_str(rec, "rule", &rule, NULL, e) < 0 ||
	    tree_fields(rec, &dir, &commit, &source, e) < 0)
		return -1;
	if (strcmp(rule, "v1-bytes") != 0 && strcmp(rule, "v1-reference") != 0)
		return or_error(e, "seed.bad_rule", "unknown rule '%s' "
		    "(v1-bytes or v1-reference)", rule);
	reference = strcmp(rule, "v1-reference") == 0;
	if (seed_compute(protocol, reference, dir, commit, source, &r, e) < 0)
		return -1;
	/* a static name: rewriting "rule" frees the string it points to */
	json_set_str(rec, "rule", reference ? "v1-reference" : "v1-bytes");
	json_set_str(rec, "seedMode", r.mode);
	json_set_str(rec, "envVar", r.env_var);
	json_set_int(rec, "seedBits", r.bits);
	if (r.has_seed) {
		snprintf(num, sizeof(num), "%llu", (unsigned long long)r.seed);
		json_set_str(rec, "seed", num);
	}
	if (r.has_digest) {
		hex_encode(hex, r.digest, 32);
		json_set_str(rec, "digest", hex);
		json_set(rec, "files", json_new_uint(r.files));
	}
	seed_result_free(&r);
	return 0;
}

static int
enrich(struct jl *j, const struct opts *o, cJSON *rec)
{
	struct or_err *e = &j->err;

	switch (o->verb) {
	case V_SELECTOR:
	case V_TOPIC:
		return do_selector(o, rec, e);
	case V_ZG:
		return do_zg(j, o, rec, e);
	case V_TREE:
		return do_tree(rec, e);
	case V_SEED:
		return do_seed(rec, e);
	default:
		return do_digest(j, o, rec, e);
	}
}

/* Options give defaults for records that lack the field. */
static void
apply_defaults(const struct opts *o, cJSON *rec)
{
	if (o->verb == V_TREE || o->verb == V_SEED) {
		if (o->commit != NULL && json_get(rec, "commit") == NULL)
			json_set_str(rec, "commit", o->commit);
		if (o->dir && json_get(rec, "source") == NULL)
			json_set_str(rec, "source", "dir");
	}
	if (o->verb == V_TREE && o->verify != NULL &&
	    json_get(rec, "verify") == NULL)
		json_set_str(rec, "verify", o->verify);
	if (o->verb == V_SEED) {
		if (o->protocol != NULL && json_get(rec, "protocol") == NULL)
			json_set_str(rec, "protocol", o->protocol);
		if (o->rule != NULL && json_get(rec, "rule") == NULL)
			json_set_str(rec, "rule", o->rule);
	}
}

/* The record an operand stands for, fields in the order a user writes. */
static cJSON *
operand_record(const struct opts *o, const char *arg)
{
	cJSON *rec = json_object();

	switch (o->verb) {
	case V_SELECTOR:
	case V_TOPIC:
		json_set_str(rec, "sig", arg);
		break;
	case V_ZG:
		json_set_str(rec, "path", arg);
		break;
	case V_TREE:
	case V_SEED:
		json_set_str(rec, "dir", arg);
		break;
	default:
		json_set_str(rec, o->file != NULL ? "path" : "data", arg);
	}
	apply_defaults(o, rec);
	return rec;
}

static void
parse_opts(int argc, char *argv[], struct opts *o, struct jl *j)
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
		{ "rule", required_argument, NULL, 'r' },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "verify", required_argument, NULL, OPT_VERIFY },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t n;
	int c, pass;

	memset(o, 0, sizeof(*o));
	o->threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	opterr = 0;
	/* options may stand before the verb too: "+" stops at the verb */
	for (pass = 0; pass < 2; pass++) {
	while ((c = getopt_long(argc, argv, pass ? "c:df:hp:qr:" :
	    "+c:df:hp:qr:", lo, NULL)) != -1) {
		switch (c) {
		case 'c': o->commit = optarg; break;
		case 'd': o->dir = 1; break;
		case 'f': o->file = optarg; break;
		case 'h': cli_help(usage);
		case 'p': o->protocol = optarg; break;
		case 'q': j->quiet = 1; break;
		case 'r': o->rule = optarg; break;
		case OPT_FAIL_FAST: j->fail_fast = 1; break;
		case OPT_PROOFS: o->proofs = 1; break;
		case OPT_THREADS:
			if (parse_u64(optarg, &n) < 0 || n < 1 || n > 64)
				cli_usage_error(usage, "--threads takes 1 to "
				    "64, not '%s'", optarg);
			o->threads = (int)n;
			break;
		case OPT_VERIFY: o->verify = optarg; break;
		case OPT_VERSION: cli_version();
		default: cli_bad_option(usage, argv);
		}
	}
	if (pass == 1)
		break;
	o->verb = (enum verb)cli_verb(usage, verbs, argc, argv);
	}
	if (o->file != NULL && o->verb > V_XXH128)
		cli_usage_error(usage, "-f is for keccak256, sha256, xxh3 and "
		    "xxh128");
	if (o->file != NULL && optind < argc)
		cli_usage_error(usage, "-f FILE takes no TEXT operands");
	if ((o->commit != NULL || o->dir) && o->verb != V_TREE &&
	    o->verb != V_SEED)
		cli_usage_error(usage, "--commit and --dir are for tree and "
		    "seed");
	if (o->commit != NULL && o->dir)
		cli_usage_error(usage, "--commit and --dir exclude each other");
	if (o->verify != NULL && o->verb != V_TREE)
		cli_usage_error(usage, "--verify is for tree");
	if ((o->protocol != NULL || o->rule != NULL) && o->verb != V_SEED)
		cli_usage_error(usage, "--protocol and --rule are for seed");
	if (o->proofs && o->verb != V_ZG)
		cli_usage_error(usage, "--proofs is for zg");
	if (o->verb == V_SEED && o->protocol == NULL && optind < argc)
		cli_usage_error(usage, "seed needs --protocol FILE");
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct jl j;
	cJSON *rec;
	int i;

	util_setprog(argv[0]);
	jl_init(&j, "or-hash");
	parse_opts(argc, argv, &o, &j);
	if (o.file != NULL || optind < argc) {
		j.argmode = 1;
		if (o.file != NULL) {
			rec = operand_record(&o, o.file);
			jl_emit(&j, rec, enrich(&j, &o, rec));
		}
		for (i = optind; i < argc && !j.stop; i++) {
			rec = operand_record(&o, argv[i]);
			jl_emit(&j, rec, enrich(&j, &o, rec));
		}
		return jl_finish(&j);
	}
	while ((rec = jl_next(&j)) != NULL) {
		apply_defaults(&o, rec);
		jl_emit(&j, rec, enrich(&j, &o, rec));
	}
	return jl_finish(&j);
}
