/* protocol: the schema of protocol.md as tables, normalised bytes,
 * defaults and field lookup.  The checks are in protocheck.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "protoschema.h"
#include "decimal.h"
#include "extract.h"
#include "banned.h"

/* ---- the schema (protocol.md 3 and 4, draft 7) ---- */

static const char *const v_kind[] = { "protocol", "discoveryDraft", NULL };
static const char *const v_version[] = { "1.0", "1.1", NULL };
const char *const ps_archetypes[] = { "ml_train", "rl_loop", "benchmark_opt",
	"build_test", "solver_compete", "pipeline_job", "inference_serving",
	"unknown", NULL };
static const char *const v_elig[] = { "eligible", "needs_harness",
	"ineligible", NULL };
static const char *const v_net[] = { "sandbox", "offline", "unknown", "full",
	NULL };
static const char *const v_kinds[] = { "code_edit", "config_edit", NULL };
static const char *const v_stop[] = { "wall_clock", "max_steps", "epochs",
	"until_metric", "fixed_suite", NULL };
static const char *const v_seedpol[] = { "optional", "required", NULL };
static const char *const v_seedmode[] = { "none", "fixed", "fiat_shamir",
	NULL };
static const char *const v_xkind[] = { "regex", "json_pointer", "junit",
	"pytest_summary", "custom", NULL };
static const char *const v_stream[] = { "stdout", "stderr", NULL };
static const char *const v_xfield[] = { "pass_rate", "passed", "failed",
	"errors", "skipped", "tests", "seconds", NULL };
static const char *const v_dir[] = { "minimize", "maximize", NULL };
static const char *const v_agg[] = { "median", "mean", "min", "max", NULL };
static const char *const v_logfmt[] = { "tsv", "csv", "jsonl", NULL };
static const char *const v_oom[] = { "reduce_batch", "fail", "unknown", NULL };
static const char *const v_crash[] = { "crash", "discard", "retry", NULL };
static const char *const v_conf[] = { "high", "medium", "low", NULL };

#define END { NULL, 0, 0, NULL, NULL, 0, 0 }
#define STR(n, f) { n, T_STR, f, NULL, NULL, 0, 0 }
#define ENUM(n, f, v) { n, T_STR, f, v, NULL, 0, 0 }
#define BOOL(n, f) { n, T_BOOL, f, NULL, NULL, 0, 0 }
#define INT(n, f, lo, hi) { n, T_INT, f, NULL, NULL, lo, hi }
#define NUM(n, f, lo) { n, T_NUM, f, NULL, NULL, lo, 0 }
#define OBJ(n, f, s) { n, T_OBJ, f, NULL, s, 0, 0 }
#define OBJS(n, f, s) { n, T_OBJS, f, NULL, s, 0, 0 }
#define STRS(n, f, v) { n, T_STRS, f, v, NULL, 0, 0 }
#define GLOBS(n, f) { n, T_GLOBS, f, NULL, NULL, 0, 0 }

static const struct ps_field s_repo[] = {
	STR("cloneUrl", 0), STR("defaultBranch", 0), STR("name", 0),
	STR("owner", 0), END
};
static const struct ps_field s_meta[] = {
	ENUM("archetype", F_REQ, ps_archetypes), STR("createdAt", 0),
	ENUM("eligibility", F_REQ, v_elig), STR("protocolBundleId", 0),
	STR("purposeStatement", F_REQ | F_NONEMPTY), OBJ("repo", 0, s_repo),
	STR("updatedAt", 0), END
};
static const struct ps_field s_constraints[] = {
	STRS("networkAllowlist", F_V11, NULL), ENUM("networkPolicy", 0, v_net),
	BOOL("noNewDependencies", 0), END
};
static const struct ps_field s_sandbox[] = {
	{ "cpus", T_CPUS, 0, NULL, NULL, 1, 0 }, STR("image", 0),
	STR("memory", 0), INT("pids", 0, 1, -1), END
};
static const struct ps_field s_env[] = {
	STRS("assetPrep", 0, NULL), OBJ("constraints", F_REQ, s_constraints),
	STRS("osHints", 0, NULL), STRS("packageManagers", 0, NULL),
	OBJ("sandbox", F_V11, s_sandbox),
	{ "setupCommands", T_SETUP, F_REQ, NULL, NULL, 0, 0 }, END
};
static const struct ps_field s_surface[] = {
	GLOBS("allowedGlobs", F_REQ | F_NONEMPTY),
	STRS("allowedKinds", F_REQ | F_NONEMPTY, v_kinds),
	GLOBS("forbiddenGlobs", F_REQ), END
};
static const struct ps_field s_harness[] = {
	GLOBS("paths", F_REQ | F_NONEMPTY),
	STR("rationale", F_REQ | F_NONEMPTY), END
};
const struct ps_field ps_stop[] = {
	INT("epochs", 0, 1, -1), BOOL("excludeCompilationFromBudget", 0),
	INT("maxSteps", 0, 1, -1), STR("notes", 0),
	NUM("trainingSecondsBudget", 0, 0), ENUM("type", F_REQ, v_stop), END
};
static const struct ps_field s_seed[] = {
	STR("envVar", 0), { "fixedSeed", T_SINT, 0, NULL, NULL, 0, 0 },
	ENUM("mode", F_REQ, v_seedmode), STR("notes", 0), STR("salt", 0),
	INT("seedBits", 0, 32, 64), GLOBS("sourcePaths", 0), END
};
static const struct ps_field s_determinism[] = {
	STR("notes", 0), OBJ("seedDerivation", 0, s_seed),
	ENUM("seedPolicy", 0, v_seedpol), END
};
static const struct ps_field s_exec[] = {
	STR("command", F_REQ | F_NONEMPTY), STR("cwd", F_REQ | F_PATH),
	OBJ("determinism", 0, s_determinism),
	NUM("hardTimeoutSeconds", F_REQ, 1), OBJ("stopCondition", F_REQ, ps_stop),
	END
};
const struct ps_field ps_extract[] = {
	STR("exampleStdout", 0), ENUM("field", F_V11, v_xfield),
	STR("jsonPointer", 0), ENUM("kind", F_REQ, v_xkind), STR("notes", 0),
	STR("path", F_V11 | F_PATH), STR("pattern", F_NONEMPTY),
	ENUM("stream", F_V11, v_stream), END
};
static const struct ps_field s_primary[] = {
	BOOL("deterministic", F_V11), ENUM("direction", F_REQ, v_dir),
	OBJ("extract", F_REQ, ps_extract), STR("name", F_REQ | F_NONEMPTY), END
};
static const struct ps_field s_secondary[] = {
	ENUM("direction", F_REQ, v_dir), OBJ("extract", 0, ps_extract),
	STR("name", F_REQ | F_NONEMPTY), END
};
static const struct ps_field s_sampling[] = {
	ENUM("aggregator", 0, v_agg), NUM("maxRelativeStdDev", 0, 0),
	INT("measuredTrials", 0, 1, -1), INT("warmupTrials", 0, 0, -1), END
};
static const struct ps_field s_baseline[] = {
	STR("baselineNotes", 0), BOOL("establishOnHardware", F_REQ),
	BOOL("sameDataSnapshot", F_REQ), END
};
static const struct ps_field s_measure[] = {
	OBJ("baselinePolicy", F_REQ, s_baseline),
	{ "metricScale", T_SINT, F_V11, NULL, NULL, 0, 0 },
	INT("minScoreImprovementBips", 0, 0, 10000),
	OBJ("primaryMetric", F_REQ, s_primary), OBJ("sampling", 0, s_sampling),
	OBJS("secondaryMetrics", 0, s_secondary), END
};
static const struct ps_field s_mining[] = {
	INT("maxConsecutiveNonImprovements", 0, 1, -1),
	NUM("maxSessionWallSeconds", 0, 1), INT("maxTrials", 0, 1, -1),
	INT("onChainProjectId", 0, 0, -1), BOOL("stopAfterSuccessfulPr", 0),
	END
};
static const struct ps_field s_resultslog[] = {
	STRS("columns", F_REQ | F_NONEMPTY, NULL),
	ENUM("format", F_REQ, v_logfmt), STR("path", F_REQ | F_PATH), END
};
static const struct ps_field s_gitwf[] = {
	STR("branchPattern", 0), STR("commitScope", 0), STR("pathPrefix", 0),
	STR("stagingExample", 0), END
};
static const struct ps_field s_prov[] = {
	STR("baselineArtifactPath", F_PATH), OBJ("gitWorkflow", 0, s_gitwf),
	OBJ("githubMirror", F_OPEN, NULL),
	OBJ("githubVerification", F_OPEN, NULL),
	OBJ("resultsLog", F_REQ, s_resultslog), END
};
static const struct ps_field s_safety[] = {
	ENUM("crashStatus", 0, v_crash), ENUM("oomPolicy", 0, v_oom), END
};
static const struct ps_field s_autonomy[] = {
	BOOL("noAskHumanToContinue", 0), END
};
static const struct ps_field s_agent[] = {
	OBJ("autonomy", 0, s_autonomy), STR("experimentTimeoutNotes", 0),
	STR("logRedirectExample", 0), BOOL("simplicityCriterion", 0), END
};
static const struct ps_field s_ml[] = {
	STR("dataSnapshot", 0), INT("evalTokens", 0, 0, -1),
	STR("hardwareNotes", 0), END
};
static const struct ps_field s_bt[] = {
	STR("flakePolicy", 0), STR("testCommand", 0), STR("testSubset", 0), END
};
static const struct ps_field s_rl[] = {
	STR("envId", 0), INT("episodeHorizon", 0, 0, -1),
	INT("numSeeds", 0, 1, -1), END
};
static const struct ps_field s_ext[] = {
	OBJ("build_test", F_OPEN, s_bt), OBJ("ml_train", F_OPEN, s_ml),
	OBJ("rl_loop", F_OPEN, s_rl), END
};
const struct ps_field ps_protocol[] = {
	OBJ("agentRules", F_REQ, s_agent), OBJ("archetypeExtensions", 0, s_ext),
	OBJ("environment", F_REQ, s_env), OBJ("execution", F_REQ, s_exec),
	OBJ("immutableHarness", F_REQ, s_harness),
	OBJ("measurement", F_REQ, s_measure), OBJ("meta", F_REQ, s_meta),
	OBJ("miningLoop", 0, s_mining), OBJ("mutableSurface", F_REQ, s_surface),
	ENUM("protocolVersion", F_REQ, v_version),
	OBJ("provenance", F_REQ, s_prov), OBJ("safety", F_REQ, s_safety),
	ENUM("schemaKind", F_REQ, v_kind), END
};

/* the discovery draft */
static const struct ps_field d_meta[] = {
	ENUM("archetypeConfidence", 0, v_conf),
	ENUM("archetypeGuess", F_REQ, ps_archetypes),
	STR("purposeStatementGuess", 0), OBJ("repo", 0, s_repo), END
};
static const struct ps_field d_env[] = {
	STRS("osHintsGuess", 0, NULL), STRS("packageManagersGuess", 0, NULL),
	ENUM("setupCommandsConfidence", 0, v_conf),
	STRS("setupCommandsGuess", 0, NULL), END
};
static const struct ps_field d_exec[] = {
	ENUM("commandConfidence", 0, v_conf), STR("commandGuess", 0),
	STR("cwdGuess", F_PATH), ENUM("stopConditionConfidence", 0, v_conf),
	OBJ("stopConditionGuess", 0, ps_stop), END
};
static const struct ps_field d_metric[] = {
	ENUM("direction", 0, v_dir), ENUM("extractConfidence", 0, v_conf),
	OBJ("extractGuess", 0, ps_extract), STR("name", 0), END
};
static const struct ps_field d_meas[] = {
	OBJ("metricGuess", 0, d_metric), END
};
static const struct ps_field d_surf[] = {
	ENUM("allowedGlobsConfidence", 0, v_conf), GLOBS("allowedGlobsGuess", 0),
	GLOBS("forbiddenGlobsGuess", 0), GLOBS("immutableHarnessPathsGuess", 0),
	END
};
static const struct ps_field d_cand[] = {
	STRS("commands", 0, NULL), STRS("trainScripts", 0, NULL), END
};
const struct ps_field ps_draft[] = {
	STRS("blockers", F_REQ, NULL), OBJ("candidates", 0, d_cand),
	OBJ("environment", F_REQ, d_env), OBJ("execution", F_REQ, d_exec),
	OBJ("measurement", F_REQ, d_meas), OBJ("meta", F_REQ, d_meta),
	OBJ("mutableSurface", F_REQ, d_surf),
	ENUM("protocolVersion", F_REQ, v_version),
	ENUM("schemaKind", F_REQ, v_kind), END
};

const struct ps_field *
ps_lookup(const struct ps_field *s, const char *name)
{
	for (; s != NULL && s->name != NULL; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

const struct ps_field *
ps_schema(const cJSON *doc)
{
	const char *k = json_strval(json_get(doc, "schemaKind"), NULL);

	return k != NULL && strcmp(k, "discoveryDraft") == 0 ? ps_draft :
	    ps_protocol;
}

/* ---- reading ---- */

cJSON *
protocol_load(const char *path, struct or_err *e)
{
	struct buf b = { 0 };
	cJSON *doc;

	if (read_file(path, PROTOCOL_MAX, &b, e) < 0) {
		buf_free(&b);
		if (strcmp(e->code, "file.too_large") == 0)
			or_error(e, "protocol.too_large", "'%s' is larger than "
			    "%u bytes", path, PROTOCOL_MAX);
		return NULL;
	}
	doc = json_parse(b.p != NULL ? b.p : "", b.len, 1, e);
	buf_free(&b);
	if (doc == NULL) {
		char msg[sizeof(e->msg)];

		memcpy(msg, e->msg, sizeof(msg));
		snprintf(e->msg, sizeof(e->msg), "'%.200s': %.290s", path, msg);
	}
	return doc;
}

/* ---- numbers ---- */

int
ps_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Replace the text of number node v. */
static void
set_numtext(cJSON *v, const char *text)
{
	cJSON *n = cJSON_CreateRaw(text);

	if (n == NULL)
		die_oom();
	cJSON_free(v->valuestring);
	v->valuestring = n->valuestring;
	n->valuestring = NULL;
	cJSON_Delete(n);
	v->type = (v->type & ~0xff) | cJSON_Raw;
}

/* Digits without leading zeros, into a malloc'd string. */
static char *
strip_zeros(const char *s, size_t n)
{
	while (n > 1 && *s == '0') {
		s++;
		n--;
	}
	return xmemdup(s, n);
}

/* The longest number fmt writes: what the decimal module reads back. */
#define NUM_MAX 256

/* 2^53 - 1 */
#define SAFE_INT "9007199254740991"

static int
safe_int(const char *d)
{
	size_t n = strlen(d);

	return n < 16 || (n == 16 && strcmp(d, SAFE_INT) <= 0);
}

static void
replace(cJSON *parent, cJSON *old, cJSON *item)
{
	if (!cJSON_ReplaceItemViaPointer(parent, old, item))
		die_oom();
}

static int norm_node(cJSON *parent, cJSON *v, const struct ps_field *f,
    struct or_err *e);

static int
norm_generic(cJSON *v, struct or_err *e)
{
	cJSON *c, *next;
	char tmp[64], *t;
	const char *s;

	if (json_is_number(v)) {
		s = json_numtext(v, tmp);
		if ((t = dec_normalize(s, strlen(s), e)) == NULL ||
		    strlen(t) > NUM_MAX) {
			free(t);
			return or_error(e, "protocol.bad_number", "number '%.40s' "
			    "cannot be written in decimal form in %d bytes", s,
			    NUM_MAX);
		}
		set_numtext(v, t);
		free(t);
		return 0;
	}
	for (c = v->child; c != NULL; c = next) {
		next = c->next;
		if (norm_generic(c, e) < 0)
			return -1;
	}
	return 0;
}

static int
norm_obj(cJSON *o, const struct ps_field *sch, struct or_err *e)
{
	cJSON *c, *next;

	if (!cJSON_IsObject(o))
		return 0;
	for (c = o->child; c != NULL; c = next) {
		const struct ps_field *f = ps_lookup(sch, c->string);

		next = c->next;
		if (f == NULL) {
			if (norm_generic(c, e) < 0)
				return -1;
		} else if (norm_node(o, c, f, e) < 0) {
			return -1;
		}
	}
	return 0;
}

static int
norm_node(cJSON *parent, cJSON *v, const struct ps_field *f, struct or_err *e)
{
	char tmp[64], *t;
	const char *s;
	size_t n;
	cJSON *c, *next, *nv;

	switch (f->type) {
	case T_INT:
	case T_SINT:
	case T_CPUS:
		if (json_is_number(v)) {
			s = json_numtext(v, tmp);
			if (!ps_digits(s, strlen(s)))
				return or_error(e, "protocol.type", "'%s' is an "
				    "integer field, not '%.40s'", f->name, s);
			t = strip_zeros(s, strlen(s));
			if (f->type == T_CPUS) {
				nv = json_new_strn(t, strlen(t));
				nv->string = xstrdup(v->string);
				replace(parent, v, nv);
			} else {
				set_numtext(v, t);
			}
			free(t);
		} else if (f->type == T_SINT &&
		    (s = json_strval(v, &n)) != NULL && ps_digits(s, n)) {
			t = strip_zeros(s, n);
			if (safe_int(t)) {
				nv = cJSON_CreateRaw(t);
				if (nv == NULL)
					die_oom();
				nv->string = xstrdup(v->string);
				replace(parent, v, nv);
			} else {
				nv = json_new_strn(t, strlen(t));
				nv->string = xstrdup(v->string);
				replace(parent, v, nv);
			}
			free(t);
		}
		return 0;
	case T_OBJ:
		if (f->sub == NULL)
			return norm_generic(v, e);
		return norm_obj(v, f->sub, e);
	case T_OBJS:
		if (!cJSON_IsArray(v))
			return norm_generic(v, e);
		for (c = v->child; c != NULL; c = next) {
			next = c->next;
			if (norm_obj(c, f->sub, e) < 0)
				return -1;
		}
		return 0;
	default:
		return norm_generic(v, e);
	}
}

int
protocol_normalize(cJSON *doc, struct or_err *e)
{
	return norm_obj(doc, ps_schema(doc), e);
}

/* ---- the normalised layout ---- */

static int
keycmp(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcmp(x->string, y->string);
}

static void
indent(struct buf *b, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		buf_add(b, "  ", 2);
}

static void
print_value(struct buf *b, const cJSON *v, int depth)
{
	const cJSON *c, **kids;
	size_t n = 0, i;

	if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
		for (c = v->child; c != NULL; c = c->next)
			n++;
		buf_addc(b, cJSON_IsArray(v) ? '[' : '{');
		if (n == 0) {
			buf_addc(b, cJSON_IsArray(v) ? ']' : '}');
			return;
		}
		kids = xreallocarray(NULL, n, sizeof(*kids));
		for (i = 0, c = v->child; c != NULL; c = c->next)
			kids[i++] = c;
		if (cJSON_IsObject(v))
			qsort(kids, n, sizeof(*kids), keycmp);
		buf_addc(b, '\n');
		for (i = 0; i < n; i++) {
			indent(b, depth + 1);
			if (cJSON_IsObject(v)) {
				json_print_str(b, kids[i]->string,
				    strlen(kids[i]->string));
				buf_add(b, ": ", 2);
			}
			print_value(b, kids[i], depth + 1);
			if (i + 1 < n)
				buf_addc(b, ',');
			buf_addc(b, '\n');
		}
		free(kids);
		indent(b, depth);
		buf_addc(b, cJSON_IsArray(v) ? ']' : '}');
		return;
	}
	json_print(b, v);
}

void
protocol_print(const cJSON *doc, struct buf *out)
{
	print_value(out, doc, 0);
	buf_addc(out, '\n');
}

/* ---- defaults ---- */

static cJSON *
sub(cJSON *o, const char *key)
{
	cJSON *v;

	if (o == NULL || !cJSON_IsObject(o))
		return NULL;
	if ((v = json_get(o, key)) == NULL) {
		v = json_object();
		json_set(o, key, v);
	}
	return cJSON_IsObject(v) ? v : NULL;
}

static void
dflt(cJSON *o, const char *key, cJSON *v)
{
	if (o == NULL || !cJSON_IsObject(o) || json_get(o, key) != NULL) {
		cJSON_Delete(v);
		return;
	}
	json_set(o, key, v);
}

static cJSON *
rawnum(const char *t)
{
	cJSON *v = cJSON_CreateRaw(t);

	if (v == NULL)
		die_oom();
	return v;
}

static void
extract_defaults(cJSON *x)
{
	const char *k;

	if (x == NULL || !cJSON_IsObject(x))
		return;
	k = json_strval(json_get(x, "kind"), NULL);
	if (json_get(x, "path") == NULL && (k == NULL ||
	    strcmp(k, "junit") != 0))
		dflt(x, "stream", json_new_strn("stdout", 6));
	if (k != NULL && (strcmp(k, "junit") == 0 ||
	    strcmp(k, "pytest_summary") == 0))
		dflt(x, "field", json_new_strn("pass_rate", 9));
}

void
protocol_defaults(cJSON *doc, int seed_sources)
{
	cJSON *c, *x, *m, *sd, *surf;

	if (!cJSON_IsObject(doc))
		return;
	c = sub(sub(doc, "environment"), "constraints");
	dflt(c, "networkPolicy", json_new_strn("sandbox", 7));
	dflt(c, "noNewDependencies", cJSON_CreateFalse());
	dflt(sub(doc, "environment"), "setupCommands", json_array());
	x = sub(doc, "execution");
	dflt(x, "cwd", json_new_strn(".", 1));
	dflt(sub(x, "determinism"), "seedPolicy", json_new_strn("optional", 8));
	sd = sub(sub(x, "determinism"), "seedDerivation");
	dflt(sd, "mode", json_new_strn("none", 4));
	dflt(sd, "envVar", json_new_strn("ARAH_TRIAL_SEED", 15));
	dflt(sd, "fixedSeed", rawnum("0"));
	dflt(sd, "seedBits", rawnum("64"));
	dflt(sd, "salt", json_new_strn("", 0));
	surf = json_get(doc, "mutableSurface");
	if (seed_sources && surf != NULL && cJSON_IsObject(surf) &&
	    json_get(surf, "allowedGlobs") != NULL)
		dflt(sd, "sourcePaths", json_dup(json_get(surf,
		    "allowedGlobs")));
	m = sub(doc, "measurement");
	dflt(sub(m, "primaryMetric"), "deterministic", cJSON_CreateFalse());
	extract_defaults(json_get(sub(m, "primaryMetric"), "extract"));
	x = json_get(m, "secondaryMetrics");
	if (x != NULL && cJSON_IsArray(x))
		for (c = x->child; c != NULL; c = c->next)
			if (cJSON_IsObject(c))
				extract_defaults(json_get(c, "extract"));
	x = sub(m, "sampling");
	dflt(x, "aggregator", json_new_strn("median", 6));
	dflt(x, "maxRelativeStdDev", rawnum("0.1"));
	dflt(x, "measuredTrials", rawnum("5"));
	dflt(x, "warmupTrials", rawnum("1"));
	dflt(m, "metricScale", rawnum("1000000"));
	dflt(m, "minScoreImprovementBips", rawnum("100"));
	x = sub(doc, "miningLoop");
	dflt(x, "maxTrials", rawnum("50"));
	dflt(x, "stopAfterSuccessfulPr", cJSON_CreateTrue());
	dflt(sub(doc, "safety"), "crashStatus", json_new_strn("crash", 5));
	sub(doc, "agentRules");
}

/* ---- field lookup ---- */

int
protocol_known(const char *kind, const char *p, size_t n)
{
	const struct ps_field *s = kind != NULL &&
	    strcmp(kind, "discoveryDraft") == 0 ? ps_draft : ps_protocol;
	const struct ps_field *f = NULL;
	const char *pe = p + n, *se;
	char *tok;
	int in_array = 0, open = 0;

	while (p < pe) {
		p++;
		if ((se = memchr(p, '/', (size_t)(pe - p))) == NULL)
			se = pe;
		if (in_array) {
			/* an index into an array of objects or strings */
			if (se == p || !ps_digits(p, (size_t)(se - p)))
				return 0;
			in_array = 0;
			if (f->type != T_OBJS)
				return se == pe;
			s = f->sub;
			p = se;
			continue;
		}
		tok = xmemdup(p, (size_t)(se - p));
		f = ps_lookup(s, tok);
		free(tok);
		if (f == NULL)
			return open;	/* free-form objects take any key */
		open = 0;
		switch (f->type) {
		case T_OBJ:
			s = f->sub;
			open = (f->flags & F_OPEN) != 0;
			if (s == NULL)
				return 1;
			break;
		case T_OBJS:
		case T_STRS:
		case T_GLOBS:
		case T_SETUP:
			in_array = 1;
			break;
		default:
			if (se != pe)
				return 0;
		}
		p = se;
	}
	return 1;
}

/* ---- decimal comparison ---- */

int
protocol_deccmp(const char *a, const char *b)
{
	int na = *a == '-', nb = *b == '-', r;
	size_t ia, ib;
	const char *fa, *fb;

	if (na != nb)
		return na ? -1 : 1;
	a += na;
	b += nb;
	ia = strcspn(a, ".");
	ib = strcspn(b, ".");
	if (ia != ib) {
		r = ia < ib ? -1 : 1;
	} else if ((r = strncmp(a, b, ia)) == 0) {
		fa = a[ia] == '.' ? a + ia + 1 : "";
		fb = b[ib] == '.' ? b + ib + 1 : "";
		r = strcmp(fa, fb);
		r = r < 0 ? -1 : r > 0;
	} else {
		r = r < 0 ? -1 : 1;
	}
	return na ? -r : r;
}
