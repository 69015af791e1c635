/* The extractors of protocol.md 4.6 on ordinary and hostile inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "extract.h"
#include "json.h"

/* Run the extractor spec (JSON text) over buf; "value/matches" or the
 * error code. */
static void
check(const char *spec, const char *buf, size_t n, const char *want,
    const char *name)
{
	struct or_err e;
	cJSON *x = json_parse(spec, strlen(spec), 1, &e);
	char *v = NULL, got[512];
	size_t m = 99;

	if (x == NULL) {
		ok(0, "%s: spec does not parse: %s", name, e.msg);
		return;
	}
	if (extract_metric(x, buf, n, &v, &m, &e) == 0)
		snprintf(got, sizeof(got), "%s/%zu", v, m);
	else
		snprintf(got, sizeof(got), "%s/%zu", e.code, m);
	is_str(got, want, "%s", name);
	free(v);
	cJSON_Delete(x);
}

#define S(lit) lit, sizeof(lit) - 1

static void
regex(void)
{
	const char *sp = "{\"kind\":\"regex\",\"pattern\":\"^score: (\\\\S+)$\"}";
	char big[70000];

	check(sp, S("score: 9\nscore: 1.50\n"), "1.5/2", "last match wins");
	check(sp, S("score: 9\r\nscore: 2\r\n"), "2/2", "CRLF ends a line");
	check(sp, S("xscore: 9\n"), "extract.no_metric/0", "anchored");
	check(sp, S("score: 1e3\n"), "1000/1", "exponent normalised");
	check(sp, S("score: +1\n"), "extract.bad_metric/1", "leading plus");
	/* invalid bytes never match \S, and never fail the search */
	check(sp, S("score: \xff\xfe\nscore: 3\n"), "3/1",
	    "invalid UTF-8 in the stream");
	check(sp, S("score: 4\0\nscore: 5"), "5/2", "a NUL in the stream");
	check("{\"kind\":\"regex\",\"pattern\":\"[0-9]+\\\\.[0-9]+\"}",
	    S("a 1.5 b 2.25 c"), "2.25/2", "no group: the whole match");
	check("{\"kind\":\"regex\",\"pattern\":\"v=(.*)\"}", S("v=  7  \n"),
	    "7/1", "blanks trimmed");
	memset(big, 'a', sizeof(big));
	big[sizeof(big) - 1] = '!';
	check("{\"kind\":\"regex\",\"pattern\":\"^(a|a?)+$\"}", big,
	    sizeof(big),
	    "extract.bad_metric/0", "catastrophic backtracking hits a limit");
	check("{\"kind\":\"regex\",\"pattern\":\"(\"}", S(""),
	    "regex.bad_pattern/0", "a pattern that does not compile");
	check("{\"kind\":\"regex\"}", S(""), "extract.bad_spec/0",
	    "no pattern");
	check("{\"kind\":\"custom\"}", S(""), "extract.unsupported/0",
	    "custom");
	check("{\"kind\":\"magic\"}", S(""), "extract.unsupported/0",
	    "unknown kind");
	check("{\"kind\":\"regex\",\"pattern\":\"x\",\"stream\":\"both\"}",
	    S(""), "extract.bad_spec/0", "bad stream");
}

static void
json_pointer(void)
{
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/a~1b/c~0d\"}",
	    S("{\"a/b\":{\"c~d\":1.0}}\n{\"a/b\":{\"c~d\":2e-3}}\n{\"x\":1}\n"),
	    "0.002/2", "escapes, last qualifying line");
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/a/1\"}",
	    S("{\"a\":[5,\"6.5\"]}\n"), "6.5/1", "array index, numeric string");
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/a/01\"}",
	    S("{\"a\":[5,6]}\n"), "extract.no_metric/0", "leading zero index");
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/a/-\"}",
	    S("{\"a\":[5,6]}\n"), "extract.no_metric/0", "'-' never resolves");
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/a\"}",
	    S("{\"a\":\"NaN\"}\n{\"a\":true}\n{\"a\":1,\"a\":2}\n"),
	    "extract.no_metric/0", "non-numbers and duplicate keys");
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"a\"}", S(""),
	    "extract.bad_pointer/0", "pointer without '/'");
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"/a\","
	    "\"path\":\"r.json\"}", S("{\"a\":{\"b\":1}}"),
	    "extract.bad_metric/0", "file: not a number");
	check("{\"kind\":\"json_pointer\",\"jsonPointer\":\"\","
	    "\"path\":\"r.json\"}", S("12345678901234567890.5"),
	    "12345678901234567890.5/1", "file: the whole document");
}

static void
junit(void)
{
	const char *sp = "{\"kind\":\"junit\",\"path\":\"r.xml\"}";
	char deep[8000];
	size_t i, k = 0;

	check(sp, S("<testsuite name=\"a>b\" tests=\"3\" failures=\"1\"/>"),
	    "2/3/1", "'>' inside a quoted value");
	check(sp, S("<testsuites tests=\"4\" failures=\"2\"></testsuites>"),
	    "0.5/1", "root testsuites without testsuite");
	check(sp, S("<testsuite tests=\"2\" skipped=\"2\"/>"),
	    "extract.bad_metric/1", "no test ran");
	check(sp, S("<testsuite tests=\"2\"><testcase/>"),
	    "extract.bad_metric/0", "unterminated");
	check(sp, S("<r/>"), "extract.no_metric/0", "no testsuite");
	check(sp, S("<testsuite tests='x'/>"), "extract.bad_metric/0",
	    "non-numeric count");
	check(sp, S("<!DOCTYPE r><testsuite tests=\"1\"/>"),
	    "extract.bad_metric/0", "DOCTYPE refused");
	check("{\"kind\":\"junit\",\"path\":\"r.xml\",\"field\":\"seconds\"}",
	    S("<testsuite tests=\"1\" time=\"1.25\"/><testsuite "
	    "tests=\"1\" time=\"2\"/>"), "3.25/1", "seconds summed");
	for (i = 0; i < 300; i++)
		k += (size_t)snprintf(deep + k, sizeof(deep) - k,
		    "<testsuite>");
	check(sp, deep, k, "extract.bad_metric/0", "nested too deeply");
	check("{\"kind\":\"junit\"}", S(""), "extract.bad_spec/0",
	    "junit without path");
	check("{\"kind\":\"junit\",\"path\":\"r\",\"field\":\"ratio\"}", S(""),
	    "extract.bad_spec/0", "unknown field");
}

static void
pytest(void)
{
	const char *sp = "{\"kind\":\"pytest_summary\"}";

	check(sp, S("== 3 passed in 0.1s ==\n"), "1/1", "all passed");
	check(sp, S("1 failed, 1 passed, 2 errors in 1.00s\n"), "0.25/1",
	    "errors count against the rate");
	check(sp, S("===== 2 passed, 1 xfailed, 3 deselected, 1 warning in "
	    "65.02s (0:01:05) =====\n"), "1/1", "other words and a clock");
	check(sp, S("3 passed in 0.1s\nprinted 9 passed in 1s later\n"),
	    "1/1", "only whole summary lines count");
	check(sp, S("no tests ran in 0.01s\n"), "extract.no_metric/0",
	    "no tests ran");
	check(sp, S("2 skipped in 0.01s\n"), "extract.bad_metric/1",
	    "nothing passed or failed");
	check("{\"kind\":\"pytest_summary\",\"field\":\"failed\"}",
	    S("1 passed in 1s\n4 failed, 1 passed in 2s\n"), "4/2",
	    "the last line, field failed");
}

int
main(void)
{
	regex();
	json_pointer();
	junit();
	pytest();
	return done_testing();
}
