/* or-gate: path classes, the harness check and the static gates. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gate.h"
#include "jsonl.h"
#include "tree.h"
#include "banned.h"

static const char usage[] =
"usage: or-gate surface --protocol FILE [--class CLASS] [--commit REV] [TREE]\n"
"       or-gate paths --protocol FILE [PATH...]\n"
"       or-gate harness --protocol FILE --trusted DIR --candidate DIR\n"
"       or-gate diff --protocol FILE --base DIR --candidate DIR [--red-flags FILE]\n"
"\n"
"  -p, --protocol FILE    protocol.json with the globs\n"
"      --class CLASS      surface: only files of CLASS (denied, immutable,\n"
"                         forbidden, mutable, other)\n"
"  -c, --commit REV       surface: the tracked files of commit REV\n"
"      --trusted DIR      harness: the trusted harness files\n"
"      --candidate DIR    harness, diff: the candidate tree\n"
"      --base DIR         diff: the tree the candidate changes\n"
"      --red-flags FILE   diff: red-flag patterns (default: built in)\n"
"  -q, --quiet            no stderr line for each failed record\n"
"      --fail-fast        stop after the first failed record\n"
"  -h, --help             print this help and exit\n"
"      --version          print the version and exit\n";

enum verb { V_SURFACE, V_PATHS, V_HARNESS, V_DIFF };
static const char *const verbs[] = { "surface", "paths", "harness", "diff",
	NULL };
static const char *const classes[] = { "denied", "immutable", "forbidden",
	"mutable", "other", NULL };

struct opts {
	enum verb verb;
	const char *protocol, *cls, *commit, *trusted, *candidate, *base,
	    *flags;
};

enum { OPT_CLASS = OPT_TOOL_BASE, OPT_TRUSTED, OPT_CANDIDATE, OPT_BASE,
	OPT_RED_FLAGS };

struct emit {
	struct jl *j;
	const char *first;	/* "gate: path" of the first reject */
	char reason[600];
};

static void
finding(void *arg, const char *gate, const char *path, int warning,
    const char *detail)
{
	struct emit *em = arg;
	cJSON *d = json_object();

	json_set_str(d, "kind", "gateFinding");
	json_set_str(d, "gate", gate);
	json_set(d, "path", json_new_lossy(path, strlen(path)));
	json_set_str(d, "severity", warning ? "warn" : "reject");
	json_set(d, "detail", json_new_lossy(detail, strlen(detail)));
	if (!warning && em->reason[0] == '\0')
		snprintf(em->reason, sizeof(em->reason), "%s: %.500s", gate,
		    path);
	jl_detail(em->j, d);
}

static int
do_surface(struct jl *j, const struct gate *g, cJSON *rec, struct or_err *e)
{
	const char *dir = ".", *commit = NULL, *want = NULL, *c;
	struct tree t;
	cJSON *d;
	size_t i;

	if (json_field_str(rec, "tree", &dir, NULL, e) < 0 ||
	    json_field_str(rec, "commit", &commit, NULL, e) < 0 ||
	    json_field_str(rec, "class", &want, NULL, e) < 0)
		return -1;
	if (dir == NULL)
		dir = ".";
	if (tree_load(dir, commit, NULL, &t, e) < 0)
		return -1;
	tree_sort(&t);
	for (i = 0; i < t.n; i++) {
		c = gate_class(g, t.e[i].path);
		if (want != NULL && strcmp(want, c) != 0)
			continue;
		d = json_object();
		json_set(d, "path", json_new_lossy(t.e[i].path, t.e[i].plen));
		json_set_str(d, "class", c);
		jl_detail(j, d);
	}
	tree_free(&t);
	return 1;
}

/* 1 consumed (surface), 0 ok, -1 failed record, -2 gate failure. */
static int
enrich(struct jl *j, const struct opts *o, const struct gate *g, cJSON *rec)
{
	struct or_err *e = &j->err;
	struct emit em = { j, NULL, "" };
	struct gate_stats st;
	const char *a = NULL, *b = NULL, *path;
	size_t n;
	int rc;

	switch (o->verb) {
	case V_SURFACE:
		rc = do_surface(j, g, rec, e);
		return rc < 0 ? (strncmp(e->code, "tree.", 5) == 0 &&
		    strcmp(e->code, "tree.not_a_commit") != 0 ? -2 : -1) : rc;
	case V_PATHS:
		if ((rc = json_field_str(rec, "path", &path, &n, e)) <= 0)
			return rc < 0 ? -1 : or_error(e, "gate.no_path",
			    "record has no 'path'");
		if (gate_check_path(path, n, e) < 0)
			return -1;
		json_set_str(rec, "class", gate_class(g, path));
		return 0;
	default:
		break;
	}
	if (json_field_str(rec, o->verb == V_HARNESS ? "trusted" : "base", &a,
	    NULL, e) < 0 || json_field_str(rec, "candidate", &b, NULL, e) < 0)
		return -1;
	if (a == NULL || b == NULL)
		return or_error(e, "gate.no_tree", "record needs '%s' and "
		    "'candidate'", o->verb == V_HARNESS ? "trusted" : "base");
	if ((o->verb == V_HARNESS ? gate_harness(g, a, b, finding, &em, &st, e) :
	    gate_diff(g, a, b, finding, &em, &st, e)) < 0)
		return -2;
	if (o->verb == V_DIFF)
		json_set(rec, "changed", json_new_uint(st.changed));
	json_set(rec, "rejects", json_new_uint(st.rejects));
	json_set(rec, "warnings", json_new_uint(st.warnings));
	json_set_bool(rec, "passed", st.rejects == 0);
	if (st.rejects > 0) {
		json_set_str(rec, "reason", em.reason);
		jl_failed(j, 1);
	}
	return 0;
}

static void
apply_defaults(const struct opts *o, cJSON *rec)
{
	static const struct { int verb; const char *key; size_t off; } m[] = {
		{ V_SURFACE, "commit", offsetof(struct opts, commit) },
		{ V_SURFACE, "class", offsetof(struct opts, cls) },
		{ V_HARNESS, "trusted", offsetof(struct opts, trusted) },
		{ V_HARNESS, "candidate", offsetof(struct opts, candidate) },
		{ V_DIFF, "base", offsetof(struct opts, base) },
		{ V_DIFF, "candidate", offsetof(struct opts, candidate) },
	};
	size_t i;
	const char *v;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		if ((int)o->verb != m[i].verb)
			continue;
		v = *(const char *const *)((const char *)o + m[i].off);
		if (v != NULL && json_get(rec, m[i].key) == NULL)
			json_set_str(rec, m[i].key, v);
	}
}

static void
run(struct jl *j, const struct opts *o, const struct gate *g, cJSON *rec)
{
	int rc = enrich(j, o, g, rec);

	if (rc == 1) {
		cJSON_Delete(rec);
		return;
	}
	jl_emit(j, rec, rc < 0 ? -1 : 0);
	if (rc == -2) {	/* the gate itself failed: never a finding */
		jl_finish(j);
		exit(3);
	}
}

static void
parse_opts(int argc, char *argv[], struct opts *o, struct jl *j,
    int *nargs, char ***args)
{
	static const struct option lo[] = {
		{ "base", required_argument, NULL, OPT_BASE },
		{ "candidate", required_argument, NULL, OPT_CANDIDATE },
		{ "class", required_argument, NULL, OPT_CLASS },
		{ "commit", required_argument, NULL, 'c' },
		{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
		{ "help", no_argument, NULL, 'h' },
		{ "protocol", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "red-flags", required_argument, NULL, OPT_RED_FLAGS },
		{ "trusted", required_argument, NULL, OPT_TRUSTED },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args a = { .usage = usage, .shortopts = "c:hp:q",
	    .longopts = lo, .verbs = verbs };
	int c, i;

	memset(o, 0, sizeof(*o));
	while ((c = cli_getopt(&a, j, argc, argv)) != -1) {
		switch (c) {
		case 'c': o->commit = optarg; break;
		case 'p': o->protocol = optarg; break;
		case OPT_BASE: o->base = optarg; break;
		case OPT_CANDIDATE: o->candidate = optarg; break;
		case OPT_CLASS: o->cls = optarg; break;
		case OPT_RED_FLAGS: o->flags = optarg; break;
		case OPT_TRUSTED: o->trusted = optarg; break;
		}
	}
	o->verb = (enum verb)a.verb;
	*nargs = a.argc;
	*args = a.argv;
	if (o->protocol == NULL)
		cli_usage_error(usage, "%s needs --protocol FILE",
		    verbs[o->verb]);
	if ((o->cls != NULL || o->commit != NULL) && o->verb != V_SURFACE)
		cli_usage_error(usage, "--class and --commit are for surface");
	if (o->cls != NULL) {
		for (i = 0; classes[i] != NULL; i++)
			if (strcmp(o->cls, classes[i]) == 0)
				break;
		if (classes[i] == NULL)
			cli_usage_error(usage, "unknown class '%s'", o->cls);
	}
	if (o->trusted != NULL && o->verb != V_HARNESS)
		cli_usage_error(usage, "--trusted is for harness");
	if ((o->base != NULL || o->flags != NULL) && o->verb != V_DIFF)
		cli_usage_error(usage, "--base and --red-flags are for diff");
	if (o->candidate != NULL && o->verb != V_HARNESS && o->verb != V_DIFF)
		cli_usage_error(usage, "--candidate is for harness and diff");
	if ((o->verb == V_HARNESS || o->verb == V_DIFF) && a.argc > 0)
		cli_usage_error(usage, "%s takes no operands", verbs[o->verb]);
	if (o->verb == V_SURFACE && a.argc > 1)
		cli_usage_error(usage, "surface takes one TREE");
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct jl j;
	struct gate g;
	struct or_err e;
	cJSON *rec;
	char **ops;
	int i, nops, args;

	util_setprog(argv[0]);
	jl_init(&j, "or-gate");
	parse_opts(argc, argv, &o, &j, &nops, &ops);
	args = nops > 0 || (o.verb == V_SURFACE && o.commit != NULL) ||
	    (o.verb == V_HARNESS && o.trusted != NULL && o.candidate != NULL) ||
	    (o.verb == V_DIFF && o.base != NULL && o.candidate != NULL);
	/* at a terminal, surface walks the tree "." (its default); the other
	 * verbs need their paths or trees named */
	if (!args && cli_terminal_stdin(usage, verbs[o.verb],
	    o.verb == V_SURFACE ? NULL : o.verb == V_PATHS ? "PATH" :
	    o.verb == V_HARNESS ? "--trusted and --candidate" :
	    "--base and --candidate"))
		args = 1;
	if (gate_load(&g, o.protocol, &e) < 0)
		die(3, "cannot use protocol '%s': %s", o.protocol, e.msg);
	if (o.verb == V_DIFF && gate_flags_load(&g, o.flags, &e) < 0)
		die(3, "%s", e.msg);
	if (args) {
		j.argmode = 1;
		if (o.verb == V_PATHS) {
			for (i = 0; i < nops && !j.stop; i++) {
				rec = json_object();
				json_set_str(rec, "path", ops[i]);
				run(&j, &o, &g, rec);
			}
		} else {
			rec = json_object();
			if (nops > 0)
				json_set_str(rec, "tree", ops[0]);
			apply_defaults(&o, rec);
			run(&j, &o, &g, rec);
		}
	} else {
		while ((rec = jl_next(&j)) != NULL) {
			apply_defaults(&o, rec);
			run(&j, &o, &g, rec);
		}
	}
	gate_free(&g);
	return jl_finish(&j);
}
