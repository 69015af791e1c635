/* or-protocol: check, normalise, query and render protocol.json. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "extract.h"
#include "jsonl.h"
#include "outfile.h"
#include "protocol.h"
#include "banned.h"

static const char usage[] =
"usage: or-protocol check [--repo DIR] [--eligible] [FILE]\n"
"       or-protocol fmt [-o OUT] [FILE]\n"
"       or-protocol render [-o OUT] [FILE]\n"
"       or-protocol scaffold [-o OUT] [DRAFT]\n"
"       or-protocol get [FILE POINTER...]\n"
"\n"
"  -e, --eligible         check: add the publish rubric E1-E6\n"
"  -o, --output OUT       fmt, render, scaffold: write OUT atomically and\n"
"                         print a record ('-' = the bytes on stdout)\n"
"  -C, --repo DIR         check: check paths and globs against the tracked\n"
"                         files of DIR\n"
"  -q, --quiet            no stderr line for each failed record\n"
"      --fail-fast        stop after the first failed record\n"
"  -h, --help             print this help and exit\n"
"      --version          print the version and exit\n";

enum verb { V_CHECK, V_FMT, V_RENDER, V_SCAFFOLD, V_GET };
static const char *const verbs[] = { "check", "fmt", "render", "scaffold",
	"get", NULL };

struct opts {
	enum verb verb;
	const char *repo, *out;
	int eligible;
};

struct reporter {
	struct jl *j;
	const char *file;
};

static void
report(void *arg, int warning, const char *field, const char *code,
    const char *msg)
{
	struct reporter *r = arg;
	cJSON *d = json_object(), *o;
	struct or_err e;

	json_set_str(d, "kind", "protocolProblem");
	json_set_str(d, "file", r->file);
	json_set_str(d, "field", field);
	if (warning) {
		o = json_object();
		json_set_str(o, "code", code);
		json_set_str(o, "message", msg);
		json_set(d, "warning", o);
		if (!r->j->quiet)
			fprintf(stderr, "or-protocol: warning: %s: %s: %s\n",
			    r->file, *field ? field : "/", msg);
	} else {
		snprintf(e.code, sizeof(e.code), "%s", code);
		snprintf(e.msg, sizeof(e.msg), "%s", msg);
		json_set(d, "error", jl_error_object(r->j, &e));
		if (!r->j->quiet)
			fprintf(stderr, "or-protocol: error: %s: %s: %s\n",
			    r->file, *field ? field : "/", msg);
	}
	jl_detail(r->j, d);
}

static int
do_check(struct jl *j, cJSON *rec, const char *file, cJSON *doc,
    struct or_err *e)
{
	struct protocol_check c = { 0 };
	struct reporter r = { j, file };
	const char *verdict;
	int el = 0;

	if (json_field_str(rec, "repo", &c.repo, NULL, e) < 0 ||
	    json_field_bool(rec, "eligible", &el, e) < 0)
		return -1;
	c.eligible = el;
	c.report = report;
	c.arg = &r;
	if (protocol_check(doc, &c, e) < 0)
		return -1;
	json_set(rec, "errors", json_new_uint(c.errors));
	json_set(rec, "warnings", json_new_uint(c.warnings));
	if (c.eligible) {
		verdict = c.errors ? "ineligible" : c.needs_harness ?
		    "needs_harness" : "eligible";
		json_set_str(rec, "verdict", verdict);
	}
	if (c.errors)
		return or_error(e, "protocol.invalid", "%zu problem%s in '%s'",
		    c.errors, c.errors == 1 ? "" : "s", file);
	return 0;
}

/* An OUT that cannot be written fails its record (status 1, as an
 * unreadable FILE does), never the run. */
static int
unwritten(struct or_err *e)
{
	e->status = 1;
	return -1;
}

/* fmt, render, scaffold: the bytes to OUT ('-': stdout, no record). */
static int
emit_bytes(struct jl *j, cJSON *rec, const struct buf *b, struct or_err *e)
{
	const char *out = NULL;
	struct buf old = { 0 };
	struct outfile of;
	struct or_err ie;
	int changed;

	if (json_field_str(rec, "out", &out, NULL, e) < 0)
		return -1;
	if (out == NULL)
		return or_error(e, "protocol.no_out", "record has no 'out' "
		    "(where to write the document)");
	if (strcmp(out, "-") == 0) {
		if (!j->argmode)	/* records and raw bytes would mix */
			return or_error(e, "protocol.no_out", "'out' '-' (the "
			    "document on stdout) is for argument mode");
		if (write_in_full(1, b->p, b->len) < 0)
			die(3, "write error on 'stdout':");
		return 1;
	}
	/* replaced as the shell's > would, never through a link nor over a
	 * device or FIFO (conventions.md 3); opened first, so that a FIFO is
	 * refused before anything reads it */
	if (outfile_open(&of, out, e) < 0)
		return unwritten(e);
	changed = read_file(out, PROTOCOL_MAX + 1, &old, &ie) < 0 ||
	    old.len != b->len || memcmp(old.p, b->p, b->len) != 0;
	buf_free(&old);
	if (write_in_full(of.fd, b->p, b->len) < 0) {
		or_error(e, "file.write", "cannot write '%s': %s", out,
		    strerror(errno));
		outfile_abort(&of);
		return -1;
	}
	if (outfile_commit(&of, e) < 0)
		return unwritten(e);
	json_set(rec, "bytes", json_new_uint(b->len));
	json_set_bool(rec, "changed", changed);
	return 0;
}

/* 1 when the record was consumed (raw bytes written), else 0 or -1. */
static int
enrich(struct jl *j, const struct opts *o, cJSON *rec)
{
	struct or_err *e = &j->err;
	const char *file, *ptr;
	size_t pn;
	cJSON *doc, *p;
	const cJSON *v;
	struct buf b = { 0 };
	int rc;

	if ((rc = json_field_str(rec, "file", &file, NULL, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "protocol.no_file", "record "
		    "has no 'file'");
	if ((doc = protocol_load(file, e)) == NULL)
		return -1;
	switch (o->verb) {
	case V_CHECK:
		rc = do_check(j, rec, file, doc, e);
		break;
	case V_GET:
		if ((rc = json_field_str(rec, "pointer", &ptr, &pn, e)) <= 0) {
			rc = rc < 0 ? -1 : or_error(e, "protocol.no_pointer",
			    "record has no 'pointer'");
			break;
		}
		if ((rc = jptr_check(ptr, pn, e)) < 0)
			break;
		if (!protocol_known(json_strval(json_get(doc, "schemaKind"),
		    NULL), ptr, pn)) {
			rc = or_error(e, "protocol.unknown_field", "pointer "
			    "'%s' names no field of the protocol", ptr);
			break;
		}
		if ((rc = protocol_normalize(doc, e)) < 0)
			break;
		if (!cJSON_IsString(json_get(doc, "schemaKind")) || strcmp(
		    json_get(doc, "schemaKind")->valuestring,
		    "discoveryDraft") != 0)
			protocol_defaults(doc, 1);
		v = jptr_get(doc, ptr, pn);
		json_set(rec, "value", v != NULL ? json_dup(v) :
		    cJSON_CreateNull());
		break;
	case V_FMT:
		if ((rc = protocol_normalize(doc, e)) == 0) {
			protocol_print(doc, &b);
			rc = emit_bytes(j, rec, &b, e);
		}
		break;
	case V_RENDER:
		protocol_render(doc, &b);
		rc = emit_bytes(j, rec, &b, e);
		break;
	case V_SCAFFOLD:
		if ((p = protocol_scaffold(doc, e)) == NULL) {
			rc = -1;
			break;
		}
		if ((rc = protocol_normalize(p, e)) == 0) {
			protocol_print(p, &b);
			rc = emit_bytes(j, rec, &b, e);
		}
		cJSON_Delete(p);
		break;
	}
	buf_free(&b);
	cJSON_Delete(doc);
	return rc;
}

static void
apply_defaults(const struct opts *o, cJSON *rec)
{
	if (o->repo != NULL && json_get(rec, "repo") == NULL)
		json_set_str(rec, "repo", o->repo);
	if (o->eligible && json_get(rec, "eligible") == NULL)
		json_set_bool(rec, "eligible", 1);
	if (o->out != NULL && json_get(rec, "out") == NULL)
		json_set_str(rec, "out", o->out);
}

static void
run(struct jl *j, const struct opts *o, cJSON *rec)
{
	int rc = enrich(j, o, rec);

	if (rc == 1) {	/* the document went to stdout instead */
		cJSON_Delete(rec);
		return;
	}
	jl_emit(j, rec, rc);
}

static void
parse_opts(int argc, char *argv[], struct opts *o, struct jl *j,
    int *nops, char ***ops)
{
	static const struct option lo[] = {
		{ "eligible", no_argument, NULL, 'e' },
		{ "fail-fast", no_argument, NULL, OPT_FAIL_FAST },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "repo", required_argument, NULL, 'C' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args a = { .usage = usage, .shortopts = "C:eho:q",
	    .longopts = lo, .verbs = verbs };
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = cli_getopt(&a, j, argc, argv)) != -1) {
		switch (c) {
		case 'e': o->eligible = 1; break;
		case 'o': o->out = optarg; break;
		case 'C': o->repo = optarg; break;
		}
	}
	o->verb = (enum verb)a.verb;
	*nops = a.argc;
	*ops = a.argv;
	if ((o->repo != NULL || o->eligible) && o->verb != V_CHECK)
		cli_usage_error(usage, "--repo and --eligible are for check");
	if (o->out != NULL && (o->verb == V_CHECK || o->verb == V_GET))
		cli_usage_error(usage, "--output is for fmt, render and scaffold");
	if (o->verb == V_GET && a.argc == 1)
		cli_usage_error(usage, "get needs FILE and POINTER");
	if (o->verb != V_GET && a.argc > 1)
		cli_usage_error(usage, "%s takes one FILE", verbs[o->verb]);
	/* every verb works on a file: at a terminal, say which */
	if (a.argc == 0)
		cli_terminal_stdin(usage, verbs[o->verb], o->verb == V_SCAFFOLD ? "DRAFT" :
		    o->verb == V_GET ? "FILE POINTER" : "FILE");
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct jl j;
	cJSON *rec;
	char **ops;
	int i, nops;

	util_setprog(argv[0]);
	jl_init(&j, "or-protocol");
	parse_opts(argc, argv, &o, &j, &nops, &ops);
	if (nops > 0) {
		j.argmode = 1;
		if (o.verb == V_GET) {
			for (i = 1; i < nops && !j.stop; i++) {
				rec = json_object();
				json_set_str(rec, "file", ops[0]);
				json_set_str(rec, "pointer", ops[i]);
				run(&j, &o, rec);
			}
			return jl_finish(&j);
		}
		rec = json_object();
		json_set_str(rec, "file", ops[0]);
		apply_defaults(&o, rec);
		if (o.verb != V_CHECK && json_get(rec, "out") == NULL)
			json_set_str(rec, "out", "-");
		run(&j, &o, rec);
		return jl_finish(&j);
	}
	while ((rec = jl_next(&j)) != NULL) {
		apply_defaults(&o, rec);
		run(&j, &o, rec);
	}
	return jl_finish(&j);
}
