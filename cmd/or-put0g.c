/* or-put0g: put and get content-addressed artifacts in the local store and
 * on 0G Storage (storage-0g.md). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "address.h"
#include "cli.h"
#include "hex.h"
#include "jsonl.h"
#include "store.h"
#include "zgclient.h"
#include "banned.h"

static const char usage[] =
"usage: or-put0g put [options] [FILE ...]\n"
"       or-put0g get [options] [ROOT] [-o FILE]\n"
"       or-put0g has|info [options] [ROOT ...]\n"
"\n"
"      --0g                   put: also store on 0G Storage (OR_STORAGE=0g)\n"
"      --fail-fast            stop after the first failed record\n"
"      --finalize-timeout SEC longest wait for the node to finalize (default 600)\n"
"      --flow ADDR            Flow contract (default: the node's)\n"
"      --from ADDR            sender of the Flow submit (ETH_FROM)\n"
"  -h, --help                 print this help and exit\n"
"      --indexer URL          0G indexer, used when no node is given (OR_ZG_INDEXER)\n"
"      --legacy-submit        send the legacy submit form\n"
"      --max-bytes SIZE       get: largest object accepted (default 1G)\n"
"      --node URL             0G storage node; repeatable (OR_ZG_NODES)\n"
"  -o, --output FILE          get: write the verified bytes to FILE\n"
"  -q, --quiet                no stderr line for each failed record\n"
"      --rpc-url URL          chain endpoint (ETH_RPC_URL)\n"
"      --store DIR            local store (OR_STORE)\n"
"      --version              print the version and exit\n";

enum verb { V_PUT, V_GET, V_HAS, V_INFO };
static const char *const verbs[] = { "put", "get", "has", "info", NULL };

enum { OPT_0G = OPT_TOOL_BASE, OPT_FINALIZE, OPT_FLOW, OPT_FROM,
	OPT_INDEXER, OPT_LEGACY, OPT_MAX_BYTES, OPT_NODE, OPT_RPC_URL,
	OPT_STORE };

static struct {
	enum verb verb;
	const char *store, *output;
	int zg;			/* put to 0G */
	uint64_t max_bytes;
	const char **nodes;
	size_t nnodes;
} o;

static struct jl J;
static struct store S;
static struct zg_cfg Z;
static cJSON *extras;		/* extra members of the next error object */

/* put and a 0G get create the store folder and its subfolders (another
 * writer may have made the folder and not yet its subfolders); reads need
 * none */
static int
ensure_store(struct or_err *e)
{
	static int ready;
	char *d = xstrdup(S.dir);
	int rc;

	if (ready) {
		free(d);
		return 0;
	}
	store_close(&S);
	rc = store_open(&S, d, 1, e);
	if (rc < 0)
		S.dir = d;
	else
		free(d);
	ready = rc == 0;
	if (ready)
		store_sweep(&S, 86400);
	return rc;
}

static int
zg_configured(void)
{
	return Z.nnodes > 0 || Z.indexer != NULL;
}


static void
set_hex(cJSON *rec, const char *key, const uint8_t *p, size_t n)
{
	char hex[67];

	hex_encode(hex, p, n);
	json_set_str(rec, key, hex);
}

/* The record's own root, when it carries one (a checked field). */
static int
record_root(cJSON *rec, zg_hash root, int *have, struct or_err *e)
{
	const char *s;
	int rc;

	*have = 0;
	if ((rc = json_field_str(rec, "root", &s, NULL, e)) <= 0)
		return rc;
	*have = 1;
	return store_parse_root(s, 0, root, e);
}

static int
do_put(cJSON *rec, struct or_err *e)
{
	const char *path;
	struct zg_tree t;
	struct zg_upload_res u;
	zg_hash want;
	uint64_t wsize;
	int fd, rc, have, hs;

	if ((rc = json_field_str(rec, "path", &path, NULL, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "store.no_input",
		    "record has no 'path'");
	if (record_root(rec, want, &have, e) < 0 ||
	    (hs = json_field_u64(rec, "size", UINT64_MAX, &wsize, e)) < 0)
		return -1;
	if ((fd = open_data(path, J.argmode, "store.bad_path", e)) < 0)
		return -1;
	if (ensure_store(e) < 0) {
		if (fd > 0)
			close(fd);
		return -1;
	}
	rc = store_put(&S, fd, have ? want : NULL, &t, e);
	if (fd > 0)
		close(fd);
	if (rc < 0) {
		zg_name_input(e, path);
		return -1;
	}
	if (hs && wsize != t.size) {
		or_error(e, "store.mismatch", "'%s' is %llu bytes, not the "
		    "'size' of the record (%llu)", path,
		    (unsigned long long)t.size, (unsigned long long)wsize);
		zg_free(&t);
		return -1;
	}
	set_hex(rec, "root", t.root, 32);
	json_set(rec, "size", json_new_uint(t.size));
	if (!o.zg) {
		json_set_str(rec, "backend", "local");
		zg_free(&t);
		return 0;
	}
	/* upload the stored object: the bytes that were hashed */
	memset(&u, 0, sizeof(u));
	if ((rc = store_open_object(&S, t.root, &fd, &wsize, e)) <= 0) {
		zg_free(&t);
		return rc < 0 ? -1 : or_error(e, "store.write", "object "
		    "vanished from the store");
	}
	rc = zg_upload(&Z, fd, &t, &u, e);
	close(fd);
	zg_free(&t);
	json_set_str(rec, "backend", "0g");
	if (rc < 0) {
		if (u.child_error != NULL) {
			/* the child's own error object, as it wrote it */
			extras = u.child_error;
		}
		return -1;
	}
	if (u.submitted || u.resumed)
		json_set(rec, "txSeq", json_new_uint(u.txseq));
	if (u.submitted) {
		json_set_str(rec, "txHash", u.txhash);
		json_set_str(rec, "fee", u.fee);
	}
	if (u.submitted || u.resumed)
		json_set(rec, "startEntryIndex", json_new_uint(u.start));
	return 0;
}

static int
not_found(cJSON *rec, struct or_err *e)
{
	const char *root = json_strval(json_get(rec, "root"), NULL);

	if (zg_configured())
		return or_error(e, "store.not_found", "root '%s' is in neither "
		    "the local store nor 0G", root);
	return or_error(e, "store.not_found", "root '%s' is not in the "
	    "local store", root);
}

static void
outcome(cJSON *rec, const char *what)
{
	json_set_str(rec, "outcome", what);
}

/* store.unavailable or store.not_found, with the outcome and reason */
static int
unavailable(cJSON *rec, const char *reason, struct or_err *e)
{
	outcome(rec, "unavailable");
	if (strcmp(e->code, "store.unavailable") != 0) {
		char msg[sizeof(e->msg)];

		memcpy(msg, e->msg, sizeof(msg));
		or_error(e, "store.unavailable", "%s", msg);
	}
	e->status = 4;
	extras = json_object();
	json_set_str(extras, "reason", reason != NULL ? reason : "io_error");
	return -1;
}

/* Fetch from 0G into the store (want: the expected size or UINT64_MAX);
 * 1, 0 (no node has it) or -1. */
static int
get_0g(cJSON *rec, const zg_hash root, uint64_t want, uint64_t *size,
    struct or_err *e)
{
	struct zg_get_res r;
	char name[64];
	int fd, rc;

	if (ensure_store(e) < 0)
		return -1;
	if ((fd = store_tmp(&S, name, e)) < 0)
		return -1;
	memset(&r, 0, sizeof(r));
	rc = zg_download(&Z, root, want, o.max_bytes, fd, &r, e);
	if (rc <= 0) {
		store_discard(&S, name, fd);
		if (rc < 0)
			return unavailable(rec, r.reason, e);
		return 0;
	}
	if (store_commit(&S, name, fd, root, e) < 0)
		return -1;
	*size = r.size;
	return 1;
}

/* A record's size is checked before any byte is written: zero bytes at
 * the end of the last chunk do not change the root. */
static int
size_differs(const zg_hash root, int hs, uint64_t want, struct or_err *e)
{
	uint64_t size;
	int fd;

	if (!hs || store_open_object(&S, root, &fd, &size, e) <= 0)
		return 0;
	close(fd);
	if (size == want)
		return 0;
	or_error(e, "store.mismatch", "the object is %llu bytes, not the "
	    "'size' of the record (%llu)", (unsigned long long)size,
	    (unsigned long long)want);
	return 1;
}

static int
do_get(cJSON *rec, struct or_err *e)
{
	const char *dest = NULL;
	struct store_res r;
	zg_hash root;
	uint64_t want = 0, size = 0;
	int rc, have, hs;

	if (record_root(rec, root, &have, e) < 0)
		return -1;
	if (!have)
		return or_error(e, "store.no_input", "record has no 'root'");
	if (json_field_str(rec, "output", &dest, NULL, e) < 0 ||
	    (hs = json_field_u64(rec, "size", UINT64_MAX, &want, e)) < 0)
		return -1;
	if (size_differs(root, hs, want, e))
		return -1;
	rc = store_get(&S, root, dest, o.max_bytes, &r, e);
	if (rc < 0 && r.reason == NULL)
		return -1;	/* about the destination, not the data */
	if (rc < 0 && (!zg_configured() ||
	    strcmp(r.reason, "too_large") == 0))
		return unavailable(rec, r.reason, e);
	if (rc < 0)
		warn("%s; trying 0G", e->msg);
	if (rc > 0) {
		json_set(rec, "size", json_new_uint(r.size));
		json_set_str(rec, "backend", "local");
		outcome(rec, "ok");
		return 0;
	}
	if (zg_configured()) {
		memset(e, 0, sizeof(*e));
		if ((rc = get_0g(rec, root, hs ? want : UINT64_MAX, &size,
		    e)) < 0)
			return -1;
		if (rc > 0) {
			/* verified while downloading: copied, not hashed
			 * again */
			if (dest != NULL && store_copy_out(&S, root, dest,
			    e) < 0)
				return -1;
			json_set(rec, "size", json_new_uint(size));
			json_set_str(rec, "backend", "0g");
			outcome(rec, "ok");
			return 0;
		}
	}
	outcome(rec, "not_found");
	return not_found(rec, e);
}

static int
do_query(cJSON *rec, struct or_err *e)
{
	zg_hash root;
	uint64_t size;
	cJSON *info = NULL, *tx;
	int fd, rc, have;

	if (record_root(rec, root, &have, e) < 0)
		return -1;
	if (!have)
		return or_error(e, "store.no_input", "record has no 'root'");
	if ((rc = store_open_object(&S, root, &fd, &size, e)) < 0)
		return -1;
	if (rc > 0) {
		close(fd);
		if (o.verb == V_HAS)
			json_set_bool(rec, "present", 1);
		else
			json_set(rec, "size", json_new_uint(size));
		json_set_str(rec, "backend", "local");
		return 0;
	}
	if (zg_configured() && (rc = zg_file_info(&Z, root, &info, e)) < 0)
		return -1;
	if (info != NULL) {
		tx = json_get(info, "tx");
		if (o.verb == V_HAS) {
			json_set_bool(rec, "present", 1);
		} else {
			json_set(rec, "size", json_dup(json_get(tx, "size")));
			json_set(rec, "finalized",
			    json_dup(json_get(info, "finalized")));
			json_set(rec, "txSeq", json_dup(json_get(tx, "seq")));
			json_set(rec, "startEntryIndex",
			    json_dup(json_get(tx, "startEntryIndex")));
			json_set(rec, "uploadedSegNum",
			    json_dup(json_get(info, "uploadedSegNum")));
		}
		json_set_str(rec, "backend", "0g");
		cJSON_Delete(info);
		return 0;
	}
	if (o.verb == V_HAS) {
		json_set_bool(rec, "present", 0);
		jl_failed(&J, 1);
		return 0;
	}
	return not_found(rec, e);
}

static void
emit(cJSON *rec, int rc)
{
	cJSON *eo, *it;

	if (rc == 0 || extras == NULL) {
		cJSON_Delete(extras);
		extras = NULL;
		jl_emit(&J, rec, rc);
		return;
	}
	if (json_get(extras, "code") != NULL) {
		/* a child's error object, passed on as it is */
		eo = extras;
	} else {
		eo = jl_error_object(&J, &J.err);
		for (it = extras->child; it != NULL; it = it->next)
			json_set(eo, it->string, json_dup(it));
		cJSON_Delete(extras);
	}
	extras = NULL;
	jl_emit_error(&J, rec, eo);
}

static int
enrich(cJSON *rec)
{
	struct or_err *e = &J.err;
	int rc;

	switch (o.verb) {
	case V_PUT:
		rc = do_put(rec, e);
		break;
	case V_GET:
		rc = do_get(rec, e);
		break;
	default:
		rc = do_query(rec, e);
		break;
	}
	/* a system error, or a child that exited 2 or 3, ends the run */
	if (rc < 0 && e->status == 3)
		die(3, "%s", e->msg);
	return rc;
}

static cJSON *
operand_record(const char *arg)
{
	cJSON *rec = json_object();

	size_t n = strlen(arg);
	char *r;

	if (o.verb != V_PUT && n == 64 && strspn(arg, "0123456789abcdef"
	    "ABCDEF") == 64) {
		/* a bare ROOT operand: the record holds its 0x form */
		r = xasprintf("0x%s", arg);
		json_set_str(rec, "root", r);
		free(r);
	} else {
		json_set_str(rec, o.verb == V_PUT ? "path" : "root", arg);
	}
	if (o.verb == V_GET && o.output != NULL)
		json_set_str(rec, "output", o.output);
	return rec;
}

static void
add_nodes(const char *list)
{
	char *copy = xstrdup(list), *p, *q;

	for (p = copy; p != NULL; p = q) {
		if ((q = strchr(p, ',')) != NULL)
			*q++ = '\0';
		if (*p == '\0')
			continue;
		o.nodes = xreallocarray(o.nodes, o.nnodes + 1, sizeof(char *));
		o.nodes[o.nnodes++] = xstrdup(p);
	}
	free(copy);
}

static void
check_address(const char *what, const char *s)
{
	uint8_t a[20];
	struct or_err e;

	if (address_decode(s, a, what, &e) < 0)
		cli_usage_error(usage, "%s", e.msg);
}

/* The folder of this executable: or-rpc and or-sign are run from there. */
static char *
bindir(const char *argv0)
{
	char buf[4096], *d;
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n > 0) {
		buf[n] = '\0';
		d = xstrdup(dirname(buf));
	} else {
		char *c = xstrdup(argv0);

		d = xstrdup(dirname(c));
		free(c);
	}
	return d;
}

static void
parse_opts(int argc, char *argv[])
{
	static const struct option lo[] = {
		{ "0g", no_argument, NULL, OPT_0G },
		{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
		{ "finalize-timeout", required_argument, NULL, OPT_FINALIZE },
		{ "flow", required_argument, NULL, OPT_FLOW },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "help", no_argument, NULL, 'h' },
		{ "indexer", required_argument, NULL, OPT_INDEXER },
		{ "legacy-submit", no_argument, NULL, OPT_LEGACY },
		{ "max-bytes", required_argument, NULL, OPT_MAX_BYTES },
		{ "node", required_argument, NULL, OPT_NODE },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "rpc-url", required_argument, NULL, OPT_RPC_URL },
		{ "store", required_argument, NULL, OPT_STORE },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	const char *env, *indexer = NULL;
	uint64_t us;
	int c, i, nodes_given = 0;

	o.max_bytes = 1ULL << 30;
	Z.rpc_url = "http://127.0.0.1:8545";
	Z.finalize_timeout_us = 600000000ULL;
	Z.timeout_us = 60000000ULL;
	Z.busy_wait_us = 10000000ULL;
	Z.busy_tries = 12;
	if ((env = getenv("ETH_RPC_URL")) != NULL && *env != '\0')
		Z.rpc_url = env;
	if ((env = getenv("ETH_FROM")) != NULL && *env != '\0')
		Z.from = env;
	if ((env = getenv("OR_STORAGE")) != NULL && *env != '\0') {
		if (strcmp(env, "0g") == 0)
			o.zg = 1;
		else if (strcmp(env, "local") != 0)
			cli_usage_error(usage, "OR_STORAGE is '0g' or 'local', "
			    "not '%s'", env);
	}
	if ((env = getenv("OR_ZG_BUSY_WAIT")) != NULL && *env != '\0' &&
	    parse_duration_us(env, &Z.busy_wait_us) < 0)
		cli_usage_error(usage, "invalid OR_ZG_BUSY_WAIT '%s': "
		    "seconds", env);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:q", lo, NULL)) != -1) {
		switch (c) {
		case 'h': cli_help(usage);
		case 'o': o.output = optarg; break;
		case 'q': J.quiet = 1; break;
		case OPT_0G: o.zg = 1; break;
		case OPT_FAIL_FAST: J.fail_fast = 1; break;
		case OPT_FINALIZE:
			if (parse_duration_us(optarg, &us) < 0 || us == 0)
				cli_usage_error(usage, "invalid "
				    "--finalize-timeout '%s': seconds", optarg);
			Z.finalize_timeout_us = us;
			break;
		case OPT_FLOW:
			check_address("--flow", optarg);
			Z.flow = optarg;
			break;
		case OPT_FROM: Z.from = optarg; break;
		case OPT_INDEXER: indexer = optarg; break;
		case OPT_LEGACY: Z.legacy = 1; break;
		case OPT_MAX_BYTES:
			if (parse_size(optarg, &o.max_bytes) < 0)
				cli_usage_error(usage, "invalid --max-bytes "
				    "'%s': bytes with K, M, G or T", optarg);
			break;
		case OPT_NODE:
			add_nodes(optarg);
			nodes_given = 1;
			break;
		case OPT_RPC_URL: Z.rpc_url = optarg; break;
		case OPT_STORE: o.store = optarg; break;
		case OPT_VERSION: cli_version();
		default: cli_bad_option(usage, argv);
		}
	}
	/* options may stand anywhere: the first operand is the verb */
	if (optind >= argc)
		cli_usage_error(usage, "missing verb (put, get, has or info)");
	for (i = 0; verbs[i] != NULL; i++)
		if (strcmp(argv[optind], verbs[i]) == 0)
			break;
	if (verbs[i] == NULL)
		cli_unknown_verb(usage, argv[optind], verbs);
	o.verb = (enum verb)i;
	optind++;
	if (!nodes_given && (env = getenv("OR_ZG_NODES")) != NULL)
		add_nodes(env);
	if (indexer == NULL && (env = getenv("OR_ZG_INDEXER")) != NULL &&
	    *env != '\0')
		indexer = env;
	Z.nodes = o.nodes;
	Z.nnodes = o.nnodes;
	Z.indexer = indexer;
	if (o.output != NULL && o.verb != V_GET)
		cli_usage_error(usage, "-o is for get");
	if (o.verb == V_GET && o.output != NULL && argc - optind > 1)
		cli_usage_error(usage, "get -o FILE takes one ROOT");
	if (o.verb != V_PUT)
		o.zg = 0;
	if (o.zg) {
		if (!zg_configured())
			cli_usage_error(usage, "--0g needs --node URL or "
			    "--indexer URL (OR_ZG_NODES, OR_ZG_INDEXER)");
		if (Z.from == NULL)
			cli_usage_error(usage, "--0g needs --from ADDR "
			    "(ETH_FROM): the sender of the Flow submit");
		check_address("--from", Z.from);
	}
	if (optind == argc)
		cli_terminal_stdin(usage, verbs[o.verb],
		    o.verb == V_PUT ? "FILE" : "ROOT");
}

int
main(int argc, char *argv[])
{
	struct or_err e = { 0 };
	cJSON *rec;
	char *dir;
	int i;

	util_setprog(argv[0]);
	jl_init(&J, "or-put0g");
	parse_opts(argc, argv);
	Z.bindir = bindir(argv[0]);
	Z.progress = isatty(2);
	dir = store_default_dir(o.store, getenv("OR_STORE"),
	    getenv("XDG_DATA_HOME"), getenv("HOME"));
	S.threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	/* reads need no store folder; put creates it */
	if (store_open(&S, dir, 0, &e) < 0)
		die(3, "%s", e.msg);
	if (S.dir == NULL)
		S.dir = xstrdup(dir);
	free(dir);
	if (optind < argc) {
		J.argmode = 1;
		for (i = optind; i < argc && !J.stop; i++) {
			rec = operand_record(argv[i]);
			emit(rec, enrich(rec));
		}
	} else {
		while ((rec = jl_next(&J)) != NULL) {
			if (o.verb == V_GET && o.output != NULL &&
			    json_get(rec, "output") == NULL)
				json_set_str(rec, "output", o.output);
			emit(rec, enrich(rec));
		}
	}
	store_close(&S);
	for (i = 0; i < (int)o.nnodes; i++)
		free((char *)o.nodes[i]);
	free(o.nodes);
	free((char *)Z.bindir);
	return jl_finish(&J);
}
