/* protorender: program.md from a protocol, a protocol skeleton from a
 * discovery draft. */
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "protoschema.h"
#include "extract.h"
#include "glob.h"
#include "banned.h"

static const cJSON *
at(const cJSON *doc, const char *ptr)
{
	return jptr_get(doc, ptr, strlen(ptr));
}

static const char *
str_at(const cJSON *doc, const char *ptr, const char *dflt)
{
	const char *s = json_strval(at(doc, ptr), NULL);

	return s != NULL ? s : dflt;
}

/* A copy of the value at ptr in src, or dflt (taken). */
static cJSON *
copy_or(const cJSON *src, const char *ptr, cJSON *dflt)
{
	const cJSON *v = at(src, ptr);

	if (v == NULL)
		return dflt;
	cJSON_Delete(dflt);
	return json_dup(v);
}

static cJSON *
str_item(const char *s)
{
	return json_new_strn(s, strlen(s));
}

cJSON *
protocol_scaffold(const cJSON *d, struct or_err *e)
{
	cJSON *p, *o, *x, *m, *pm;
	const char *kind = json_strval(json_get(d, "schemaKind"), NULL);

	if (kind == NULL || strcmp(kind, "discoveryDraft") != 0)
		return or_error(e, "protocol.not_draft", "expected schemaKind "
		    "discoveryDraft, found %s", kind != NULL ? kind : "none"),
		    NULL;
	p = json_object();
	json_set_str(p, "schemaKind", "protocol");
	json_set_str(p, "protocolVersion", "1.1");
	o = json_object();
	json_set(o, "archetype", copy_or(d, "/meta/archetypeGuess",
	    str_item("unknown")));
	json_set_str(o, "eligibility", "needs_harness");
	json_set(o, "purposeStatement", copy_or(d,
	    "/meta/purposeStatementGuess", str_item("")));
	if (at(d, "/meta/repo") != NULL)
		json_set(o, "repo", copy_or(d, "/meta/repo", NULL));
	json_set(p, "meta", o);
	o = json_object();
	json_set(o, "setupCommands", copy_or(d,
	    "/environment/setupCommandsGuess", json_array()));
	json_set(o, "constraints", json_object());
	if (at(d, "/environment/osHintsGuess") != NULL)
		json_set(o, "osHints", copy_or(d, "/environment/osHintsGuess",
		    NULL));
	if (at(d, "/environment/packageManagersGuess") != NULL)
		json_set(o, "packageManagers", copy_or(d,
		    "/environment/packageManagersGuess", NULL));
	json_set(p, "environment", o);
	o = json_object();
	json_set(o, "allowedGlobs", copy_or(d,
	    "/mutableSurface/allowedGlobsGuess", json_array()));
	json_set(o, "forbiddenGlobs", copy_or(d,
	    "/mutableSurface/forbiddenGlobsGuess", json_array()));
	x = json_array();
	cJSON_AddItemToArray(x, str_item("code_edit"));
	json_set(o, "allowedKinds", x);
	json_set(p, "mutableSurface", o);
	o = json_object();
	json_set(o, "paths", copy_or(d,
	    "/mutableSurface/immutableHarnessPathsGuess", json_array()));
	json_set_str(o, "rationale", "");
	json_set(p, "immutableHarness", o);
	o = json_object();
	json_set(o, "command", copy_or(d, "/execution/commandGuess",
	    str_item("")));
	json_set(o, "cwd", copy_or(d, "/execution/cwdGuess", str_item(".")));
	json_set_int(o, "hardTimeoutSeconds", 600);
	x = json_object();
	json_set_str(x, "type", "fixed_suite");
	json_set(o, "stopCondition", copy_or(d,
	    "/execution/stopConditionGuess", x));
	json_set(p, "execution", o);
	m = json_object();
	pm = json_object();
	json_set(pm, "name", copy_or(d, "/measurement/metricGuess/name",
	    str_item("")));
	json_set(pm, "direction", copy_or(d,
	    "/measurement/metricGuess/direction", str_item("")));
	x = json_object();
	json_set_str(x, "kind", "regex");
	json_set_str(x, "pattern", "");
	json_set(pm, "extract", copy_or(d,
	    "/measurement/metricGuess/extractGuess", x));
	json_set(m, "primaryMetric", pm);
	x = json_object();
	json_set_bool(x, "establishOnHardware", 1);
	json_set_bool(x, "sameDataSnapshot", 1);
	json_set(m, "baselinePolicy", x);
	json_set(p, "measurement", m);
	o = json_object();
	x = json_object();
	json_set_str(x, "format", "jsonl");
	json_set_str(x, "path", ".autoresearch/mine/trials.jsonl");
	m = json_array();
	cJSON_AddItemToArray(m, str_item("trialId"));
	cJSON_AddItemToArray(m, str_item("primaryMetricValue"));
	cJSON_AddItemToArray(m, str_item("decision"));
	json_set(x, "columns", m);
	json_set(o, "resultsLog", x);
	json_set(p, "provenance", o);
	json_set(p, "safety", json_object());
	json_set(p, "agentRules", json_object());
	protocol_defaults(p, 0);
	return p;
}

/* ---- program.md ---- */

static void
md_line(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
	buf_addc(b, '\n');
}

/* A shell word: as is when plain, else in single quotes. */
static void
sh_word(struct buf *b, const char *s)
{
	const char *q;

	if (*s != '\0' && s[strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")] == '\0') {
		buf_add(b, s, strlen(s));
		return;
	}
	buf_addc(b, '\'');
	for (q = s; *q != '\0'; q++) {
		if (*q == '\'')
			buf_add(b, "'\\''", 4);
		else
			buf_addc(b, *q);
	}
	buf_addc(b, '\'');
}

static void
setup_line(struct buf *b, const cJSON *c)
{
	const char *kind = json_strval(json_get(c, "kind"), NULL);
	const cJSON *a, *args = json_get(c, "args");

	if (cJSON_IsString(c)) {
		buf_add(b, "bash -c ", 8);
		sh_word(b, c->valuestring);
		return;
	}
	if (kind == NULL)
		return;
	if (strcmp(kind, "pip") == 0)
		buf_add(b, "python3 -m pip", 14);
	else if (strcmp(kind, "bash") == 0 || strcmp(kind, "sh") == 0)
		buf_addf(b, "%s -c", kind);
	else
		buf_add(b, kind, strlen(kind));
	if (args != NULL && cJSON_IsArray(args))
		for (a = args->child; a != NULL; a = a->next)
			if (cJSON_IsString(a)) {
				buf_addc(b, ' ');
				sh_word(b, a->valuestring);
			}
}

static void
glob_list(struct buf *b, const cJSON *a, const char *none)
{
	const cJSON *c;
	int n = 0;

	if (a != NULL && cJSON_IsArray(a))
		for (c = a->child; c != NULL; c = c->next)
			if (cJSON_IsString(c)) {
				buf_addf(b, "- `%s`\n", c->valuestring);
				n++;
			}
	if (n == 0)
		buf_addf(b, "- %s\n", none);
}

static void
val_line(struct buf *b, const cJSON *doc, const char *label,
    const char *ptr)
{
	const cJSON *v = at(doc, ptr);
	char *t;

	if (v == NULL)
		return;
	if (cJSON_IsString(v)) {
		buf_addf(b, "- %s: %s\n", label, v->valuestring);
		return;
	}
	t = json_print_new(v);
	buf_addf(b, "- %s: %s\n", label, t);
	free(t);
}

void
protocol_render(const cJSON *in, struct buf *b)
{
	cJSON *doc = json_dup(in);
	const cJSON *c;
	const char *const *g;
	const char *dir;
	char *bips;
	struct or_err e;

	protocol_normalize(doc, &e);
	protocol_defaults(doc, 0);
	dir = str_at(doc, "/measurement/primaryMetric/direction", "minimize");
	md_line(b, "# program.md");
	md_line(b, "");
	buf_addf(b, "%s\n\n", str_at(doc, "/meta/purposeStatement", ""));
	md_line(b, "## Objective");
	md_line(b, "");
	buf_addf(b, "%s the metric `%s`, read from the benchmark's output by "
	    "a `%s` extractor.\n", strcmp(dir, "maximize") == 0 ?
	    "Maximize" : "Minimize", str_at(doc,
	    "/measurement/primaryMetric/name", ""), str_at(doc,
	    "/measurement/primaryMetric/extract/kind", ""));
	val_line(b, doc, "pattern", "/measurement/primaryMetric/extract/pattern");
	val_line(b, doc, "JSON pointer",
	    "/measurement/primaryMetric/extract/jsonPointer");
	bips = json_print_new(at(doc, "/measurement/minScoreImprovementBips"));
	buf_addf(b, "- a candidate counts only when its score beats the "
	    "incumbent by at least %s basis points (and by at least one "
	    "scaled unit)\n", bips);
	free(bips);
	md_line(b, "");
	md_line(b, "## Benchmark");
	md_line(b, "");
	buf_addf(b, "Run from `%s`:\n\n    %s\n\n", str_at(doc,
	    "/execution/cwd", "."), str_at(doc, "/execution/command", ""));
	val_line(b, doc, "time limit per run (seconds)",
	    "/execution/hardTimeoutSeconds");
	val_line(b, doc, "stop condition", "/execution/stopCondition/type");
	val_line(b, doc, "network", "/environment/constraints/networkPolicy");
	val_line(b, doc, "measured runs per trial",
	    "/measurement/sampling/measuredTrials");
	val_line(b, doc, "aggregator", "/measurement/sampling/aggregator");
	c = at(doc, "/environment/setupCommands");
	if (c != NULL && cJSON_IsArray(c) && c->child != NULL) {
		md_line(b, "");
		md_line(b, "Setup, once per tree before the runs:");
		md_line(b, "");
		for (c = c->child; c != NULL; c = c->next) {
			buf_add(b, "    ", 4);
			setup_line(b, c);
			buf_addc(b, '\n');
		}
	}
	md_line(b, "");
	md_line(b, "## What you may change");
	md_line(b, "");
	md_line(b, "Files matched by these globs (the mutable surface):");
	md_line(b, "");
	glob_list(b, at(doc, "/mutableSurface/allowedGlobs"), "nothing");
	val_line(b, doc, "kinds of edit", "/mutableSurface/allowedKinds");
	md_line(b, "");
	md_line(b, "## What you must not change");
	md_line(b, "");
	md_line(b, "Forbidden, even inside the surface:");
	md_line(b, "");
	glob_list(b, at(doc, "/mutableSurface/forbiddenGlobs"), "nothing "
	    "more");
	md_line(b, "");
	buf_addf(b, "The evaluation harness (%s):\n\n", str_at(doc,
	    "/immutableHarness/rationale", "immutable"));
	glob_list(b, at(doc, "/immutableHarness/paths"), "none");
	md_line(b, "");
	md_line(b, "Never, in any project (the hard-deny list):");
	md_line(b, "");
	for (g = glob_hard_deny; *g != NULL; g++)
		buf_addf(b, "- `%s`\n", *g);
	md_line(b, "");
	md_line(b, "## Rules");
	md_line(b, "");
	md_line(b, "- A change outside the mutable surface, to the harness, or "
	    "printing the harness's metric markers is rejected.");
	c = at(doc, "/environment/constraints/noNewDependencies");
	if (c != NULL && cJSON_IsTrue(c))
		md_line(b, "- Add no dependencies: dependency manifests must "
		    "not change.");
	c = at(doc, "/agentRules/simplicityCriterion");
	if (c != NULL && cJSON_IsTrue(c))
		md_line(b, "- Of two equal results, prefer the simpler code.");
	c = at(doc, "/agentRules/autonomy/noAskHumanToContinue");
	if (c != NULL && cJSON_IsTrue(c))
		md_line(b, "- Work unattended: never stop to ask a human to "
		    "continue.");
	val_line(b, doc, "after a crash", "/safety/crashStatus");
	val_line(b, doc, "after running out of memory", "/safety/oomPolicy");
	val_line(b, doc, "time notes", "/agentRules/experimentTimeoutNotes");
	val_line(b, doc, "log redirection", "/agentRules/logRedirectExample");
	val_line(b, doc, "stop-condition notes", "/execution/stopCondition/notes");
	val_line(b, doc, "baseline notes",
	    "/measurement/baselinePolicy/baselineNotes");
	cJSON_Delete(doc);
}
