/* Metric extractors (protocol.md 4.6) and RFC 6901 pointers. */
#include "tap.h"
#include "extract.h"

/* Run spec on stream; want NULL means failure with code wcode. */
static void
check(const char *sp, const char *stream, size_t n, const char *want,
    size_t wmatches, const char *wcode)
{
	cJSON *s = tap_json(sp);
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
	check("{\"kind\":\"regex\",\"pattern\":\"(a+)+$\"}",
	    S("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"), NULL, 0,
	    "regex.limit");
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

	/* pytest_summary: the last summary line, with or without padding */
	check("{\"kind\":\"pytest_summary\"}",
	    S("== 1 passed in 0.1s ==\ncollected 9\n"
	    "==== 6 passed, 2 failed, 1 error, 3 skipped, 1 xfailed, 2 warnings in 1.50s (0:00:01) ====\n"),
	    "6/9", 2, NULL);
	check("{\"kind\":\"pytest_summary\",\"field\":\"seconds\"}",
	    S("3 passed in 12.340s\r\n"), "12.34", 1, NULL);
	check("{\"kind\":\"pytest_summary\",\"field\":\"skipped\"}",
	    S("3 passed, 2 skipped in 1s\n"), "2", 1, NULL);
	check("{\"kind\":\"pytest_summary\",\"field\":\"tests\"}",
	    S("3 passed, 2 skipped, 1 failed in 1s\n"), "6", 1, NULL);
	check("{\"kind\":\"pytest_summary\"}", S("5 skipped in 0.01s\n"),
	    NULL, 0, "extract.bad_metric");
	check("{\"kind\":\"pytest_summary\"}",
	    S("3 passed and 1 failed in 1s\npassed in 1s\n3 passed in xs\n"),
	    NULL, 0, "extract.no_metric");
	check("{\"kind\":\"pytest_summary\",\"field\":\"nope\"}",
	    S("3 passed in 1s\n"), NULL, 0, "extract.bad_spec");
	/* junit: leaf suites summed, the root only without suites */
	check("{\"kind\":\"junit\",\"path\":\"r.xml\"}",
	    S("<?xml version=\"1.0\"?>\n<testsuites tests=\"99\">\n"
	    "<!-- <testsuite tests=\"50\"/> -->\n"
	    "<testsuite name=\"outer\" tests=\"99\"><testsuite name='a' tests='4' failures='1' time='0.25'>"
	    "<testcase/></testsuite>\n<testsuite tests=\"6\" errors=\"1\" skipped=\"2\" time=\"1.5\"/>"
	    "</testsuite></testsuites>\n"), "6/8", 1, NULL);
	check("{\"kind\":\"junit\",\"path\":\"r.xml\",\"field\":\"seconds\"}",
	    S("<testsuite tests='1' time='0.25'></testsuite><testsuite tests='1' time='1.75'/>"),
	    "2", 1, NULL);
	check("{\"kind\":\"junit\",\"path\":\"r.xml\",\"field\":\"passed\"}",
	    S("<testsuites tests=\"5\" failures=\"2\"></testsuites>"), "3", 1, NULL);
	check("{\"kind\":\"junit\",\"path\":\"r.xml\"}", S("<html/>"), NULL, 0,
	    "extract.no_metric");
	check("{\"kind\":\"junit\",\"path\":\"r.xml\"}",
	    S("<testsuite tests='1' failures='2'/>"), NULL, 0, "extract.bad_metric");
	check("{\"kind\":\"junit\",\"path\":\"r.xml\"}",
	    S("<testsuite tests='-1'/>"), NULL, 0, "extract.bad_metric");
	check("{\"kind\":\"junit\",\"path\":\"r.xml\"}",
	    S("<testsuite name=\"a>b\" tests=\"3\" failures=\"1\"/>"),
	    "2/3", 1, NULL);
	check("{\"kind\":\"junit\",\"path\":\"r.xml\"}",
	    S("<!DOCTYPE r [<!ENTITY n \"9\">]><testsuite tests='1'/>"),
	    NULL, 0, "extract.bad_metric");
	check("{\"kind\":\"junit\",\"path\":\"r.xml\"}",
	    S("<testsuite tests='2' failures='1'><![CDATA[<testsuite "
	    "tests='50'/>]]></testsuite>"), "1/2", 1, NULL);
	{
		static const struct { const char *v, *scale; int min;
		    const char *want; } sc[] = {
			{ "2/3", "1000000", 0, "666667" },
			{ "1/8", "100", 0, "12" },	/* 12.5: half to even */
			{ "3/8", "100", 1, "-38" },	/* 37.5: half to even */
			{ "0/5", "1000", 1, "0" },
			{ "18446744073709551615/1", "1000000000000000000", 0,
			    "18446744073709551615000000000000000000" },
			{ "1.5", "10", 1, "-15" },
		};
		char out[DEC_MAX];
		size_t i;

		for (i = 0; i < sizeof(sc) / sizeof(sc[0]); i++) {
			if (extract_score(sc[i].v, sc[i].scale, sc[i].min, out,
			    &e) < 0)
				snprintf(out, sizeof(out), "%s", e.code);
			is_str(out, sc[i].want, "score of %s at %s", sc[i].v,
			    sc[i].scale);
		}
		ok(extract_score("1/0", "10", 0, out, &e) < 0, "1/0 refused");
		ok(extract_score("-1/2", "10", 0, out, &e) < 0, "-1/2 refused");
	}

	ok(jptr_check("", 0, &e) == 0, "empty pointer is the whole document");
	ok(jptr_check("/a~2", 4, &e) < 0, "~2 is not an escape");
	ok(jptr_check("/a~", 3, &e) < 0, "a trailing ~ is not an escape");
	doc = tap_json("{\"a\":[10,{\"~\":3}],\"\":4}");
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
