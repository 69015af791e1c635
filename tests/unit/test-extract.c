/* Metric extractors (protocol.md 4.6) and RFC 6901 pointers. */
#include "tap.h"
#include "extract.h"

static cJSON *
spec(const char *text)
{
	struct or_err e;
	cJSON *s = json_parse(text, strlen(text), 1, &e);

	if (s == NULL) {
		printf("Bail out! bad spec %s: %s\n", text, e.msg);
		exit(1);
	}
	return s;
}

/* Run spec on stream; want NULL means failure with code wcode. */
static void
check(const char *sp, const char *stream, size_t n, const char *want,
    size_t wmatches, const char *wcode)
{
	cJSON *s = spec(sp);
	struct or_err e = { 0 };
	char *v = NULL;
	size_t m = 99;
	int rc = extract_metric(s, stream, n, &v, &m, &e);

	if (want != NULL) {
		is_str(rc == 0 ? v : e.msg, want, "%s value", sp);
		ok(m == wmatches, "%s: %zu matches (want %zu)", sp, m, wmatches);
	} else {
		ok(rc < 0 && strcmp(e.code, wcode) == 0, "%s fails with %s "
		    "(got %s: %s)", sp, wcode, e.code, e.msg);
	}
	free(v);
	cJSON_Delete(s);
}

#define S(x) x, sizeof(x) - 1

int
main(void)
{
	static const char two[] = "comparisons: 5\nfake\ncomparisons: 133616\n";
	const char *re = "{\"kind\":\"regex\",\"pattern\":\"^comparisons: ([0-9]+)$\"}";
	cJSON *doc;
	struct or_err e;

	check(re, S(two), "133616", 2, NULL);
	check(re, S("comparisons: 7\r\ncomparisons: 8\r\n"), "8", 2, NULL);
	check(re, S("nothing here\n"), NULL, 0, "extract.no_metric");
	check("{\"kind\":\"regex\",\"pattern\":\"^v=(.*)$\"}", S("v=  1e-7 \n"),
	    "0.0000001", 1, NULL);
	check("{\"kind\":\"regex\",\"pattern\":\"^v=(.*)$\"}", S("v=0x10\n"),
	    NULL, 0, "extract.bad_metric");
	check("{\"kind\":\"regex\",\"pattern\":\"^v=(.*)$\"}", S("v=nan\n"),
	    NULL, 0, "extract.bad_metric");
	check("{\"kind\":\"regex\",\"pattern\":\"[0-9]+\"}", S("a 1 b 22\0 c 333"),
	    "333", 3, NULL);
	check("{\"kind\":\"regex\",\"pattern\":\"(\"}", S("x"), NULL, 0,
	    "regex.bad_pattern");
	check("{\"kind\":\"regex\"}", S("x"), NULL, 0, "extract.bad_spec");
	check("{\"kind\":\"regex\",\"pattern\":1}", S("x"), NULL, 0,
	    "extract.bad_spec");
	check("{\"kind\":\"custom\"}", S("x"), NULL, 0, "extract.unsupported");
	check("{\"kind\":\"nope\"}", S("x"), NULL, 0, "extract.bad_spec");
	check("{\"kind\":\"regex\",\"pattern\":\"x\",\"stream\":\"stdin\"}",
	    S("x"), NULL, 0, "extract.bad_spec");

	/* json_pointer over lines: the last qualifying line wins */
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/m/a~1b\"}",
	    S("{\"m\":{\"a/b\":1}}\nnot json\n{\"m\":{\"a/b\":\"2.50\"}}\n"
	    "{\"m\":{\"a/b\":\"x\"}}\n[1]\n{\"m\":{}}\n"), "2.5", 2, NULL);
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/v\"}",
	    S("{\"v\":0.1000000000000000055511151231257827}\r\n"),
	    "0.1000000000000000055511151231257827", 1, NULL);
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/v/1\"}",
	    S("  {\"v\":[5,6e2]}"), "600", 1, NULL);
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/v\"}",
	    S("{\"v\":true}\n"), NULL, 0, "extract.no_metric");
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"v\"}",
	    S("{\"v\":1}\n"), NULL, 0, "extract.bad_pointer");
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/v\",\"path\":\"r.json\"}",
	    S("{\n \"v\": 12.0\n}\n"), "12", 1, NULL);
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/v\",\"path\":\"r.json\"}",
	    S("{\"v\": 1"), NULL, 0, "extract.no_metric");

	ok(jptr_check("", 0, &e) == 0, "empty pointer is the whole document");
	ok(jptr_check("/a~2", 4, &e) < 0, "~2 is not an escape");
	ok(jptr_check("/a~", 3, &e) < 0, "a trailing ~ is not an escape");
	doc = spec("{\"a\":[10,{\"~\":3}],\"\":4}");
	ok(jptr_get(doc, "", 0) == doc, "'' gives the document");
	ok(jptr_get(doc, "/a/1/~0", 7) != NULL &&
	    jptr_get(doc, "/a/1/~0", 7)->valuestring != NULL, "~0 is ~");
	ok(jptr_get(doc, "/", 1) != NULL, "'/' gives the empty key");
	ok(jptr_get(doc, "/a/01", 5) == NULL, "leading zero index refused");
	ok(jptr_get(doc, "/a/2", 4) == NULL, "index past the end");
	ok(jptr_get(doc, "/a/-", 4) == NULL, "'-' never resolves");
	cJSON_Delete(doc);
	return done_testing();
}
