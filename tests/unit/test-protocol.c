/* protocol: decimal comparison, field lookup by pointer, defaults and the
 * normalised layout of protocol.md 1. */
#include "tap.h"
#include "protocol.h"

static void
fmt_is(const char *in, const char *want)
{
	cJSON *d = tap_json(in);
	struct buf b = { 0 };
	struct or_err e;

	if (protocol_normalize(d, &e) < 0)
		is_str(e.code, want, "fmt %s", in);
	else {
		protocol_print(d, &b);
		is_str(b.p, want, "fmt %s", in);
	}
	buf_free(&b);
	cJSON_Delete(d);
}

int
main(void)
{
	static const struct { const char *a, *b; int want; } cmp[] = {
		{ "1", "1", 0 }, { "0.5", "0.10", 1 }, { "10", "9.99", 1 },
		{ "-1", "0", -1 }, { "-2", "-1.5", -1 }, { "1.05", "1.5", -1 },
		{ "0", "0", 0 }, { "123.456", "123.4561", -1 },
	};
	static const struct { const char *kind, *ptr; int want; } known[] = {
		{ "protocol", "", 1 },
		{ "protocol", "/measurement/sampling/measuredTrials", 1 },
		{ "protocol", "/measurement/secondaryMetrics/3/extract/stream", 1 },
		{ "protocol", "/measurement/secondaryMetrics/x/name", 0 },
		{ "protocol", "/mutableSurface/allowedGlobs/0", 1 },
		{ "protocol", "/mutableSurface/allowedGlobs/0/x", 0 },
		{ "protocol", "/meta/nope", 0 },
		{ "protocol", "/meta/archetype/x", 0 },
		{ "protocol", "/archetypeExtensions/ml_train/anything", 1 },
		{ "protocol", "/archetypeExtensions/other", 0 },
		{ "protocol", "/provenance/githubMirror/repo", 1 },
		{ "discoveryDraft", "/meta/archetypeGuess", 1 },
		{ "discoveryDraft", "/meta/archetype", 0 },
	};
	size_t i;
	cJSON *d;
	char *t;

	for (i = 0; i < sizeof(cmp) / sizeof(cmp[0]); i++)
		ok(protocol_deccmp(cmp[i].a, cmp[i].b) == cmp[i].want,
		    "%s <=> %s is %d", cmp[i].a, cmp[i].b, cmp[i].want);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		ok(protocol_known(known[i].kind, known[i].ptr,
		    strlen(known[i].ptr)) == known[i].want, "%s %s %s",
		    known[i].kind, known[i].ptr, known[i].want ? "known" :
		    "unknown");
	fmt_is("{}", "{}\n");
	fmt_is("{\"b\":[],\"a\":{},\"\xc3\xa9\":1,\"B\":2.50}",
	    "{\n  \"B\": 2.5,\n  \"a\": {},\n  \"b\": [],\n  \"\xc3\xa9\": 1\n}\n");
	fmt_is("{\"measurement\":{\"metricScale\":\"0001000\"}}",
	    "{\n  \"measurement\": {\n    \"metricScale\": 1000\n  }\n}\n");
	fmt_is("{\"measurement\":{\"metricScale\":\"9007199254740992\"}}",
	    "{\n  \"measurement\": {\n    \"metricScale\": \"9007199254740992\"\n  }\n}\n");
	fmt_is("{\"measurement\":{\"minScoreImprovementBips\":1e2}}",
	    "protocol.type");
	fmt_is("{\"x\":\"\\u001f\\u007f\\/\"}", "{\n  \"x\": \"\\u001f\x7f/\"\n}\n");
	/* defaults fill only what is absent */
	d = tap_json("{\"measurement\":{\"sampling\":{\"measuredTrials\":9}},"
	    "\"mutableSurface\":{\"allowedGlobs\":[\"a/**\"]}}");
	protocol_defaults(d, 1);
	t = json_print_new(json_get(json_get(d, "measurement"), "sampling"));
	is_str(t, "{\"measuredTrials\":9,\"aggregator\":\"median\","
	    "\"maxRelativeStdDev\":0.1,\"warmupTrials\":1}", "sampling defaults");
	free(t);
	t = json_print_new(json_get(json_get(json_get(json_get(d, "execution"),
	    "determinism"), "seedDerivation"), "sourcePaths"));
	is_str(t, "[\"a/**\"]", "sourcePaths default to allowedGlobs");
	free(t);
	cJSON_Delete(d);
	return done_testing();
}
