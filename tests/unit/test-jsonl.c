/* jsonl: the JSON-lines contract of conventions.md sections 1, 2 and 5 on
 * the reader and writer themselves: line ends, blank lines, the four line
 * errors, pass-through of error records and foreign detail kinds, fields
 * kept in order, sticky status and line numbers. */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "jsonl.h"

static const char *const mine[] = { "mine", NULL };

#define RUN(text) run((text), strlen(text), &st)

/* Run the filter over input: each record it gets gains "n" (its line), and
 * a record holding "fail" fails with status fail.  Returns the output
 * (static) and sets *status. */
static char *
run(const char *input, size_t n, int *status)
{
	static struct buf out;
	struct jl j;
	cJSON *rec;
	int in[2], saved = dup(1), fd;
	char tmpl[] = "/tmp/or-test-jsonl.XXXXXX";
	FILE *f;

	fflush(stdout);
	if (pipe(in) < 0 || saved < 0 || (fd = mkstemp(tmpl)) < 0)
		return NULL;
	if (fork() == 0) {	/* a writer, so input may exceed a pipe */
		close(in[0]);
		(void)write_in_full(in[1], input, n);
		_exit(0);
	}
	close(in[1]);
	dup2(fd, 1);
	jl_init(&j, "or-test");
	j.fd = in[0];
	j.quiet = 1;
	j.kinds = mine;
	while ((rec = jl_next(&j)) != NULL) {
		cJSON *fail = json_get(rec, "fail");

		json_set_int(rec, "n", j.line);
		if (fail != NULL) {
			or_error_st(&j.err, (int)fail->valuedouble, "test.fail",
			    "failed on purpose");
			jl_emit(&j, rec, -1);
		} else
			jl_emit(&j, rec, 0);
	}
	*status = jl_finish(&j);
	dup2(saved, 1);
	close(saved);
	close(in[0]);
	while (wait(NULL) > 0)
		;
	buf_free(&out);
	f = fdopen(fd, "r");
	rewind(f);
	{
		char chunk[4096];
		size_t r;

		while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&out, chunk, r);
	}
	fclose(f);
	unlink(tmpl);
	return out.p != NULL ? out.p : "";
}

int
main(void)
{
	int st;
	char *o, *big;
	size_t n;
	const char bad_utf8[] = "{\"a\":\"\xff\"}\n{\"b\":1}\n";

	o = RUN("{\"z\":1,\"a\":2}\r\n\n   \n{\"b\":\"x\"}\n");
	is_str(o, "{\"z\":1,\"a\":2,\"n\":1}\n{\"b\":\"x\",\"n\":4}\n",
	    "CRLF and blank lines; fields kept in order; line numbers count blanks");
	ok(st == 0, "status 0");
	o = RUN("{\"a\":1}");
	is_str(o, "{\"a\":1,\"n\":1}\n", "a last line without newline is a record");
	o = RUN("[1]\n{\"a\":1,\"a\":2}\n{\"b\":2}\n");
	ok(strstr(o, "\"code\":\"json.not_object\"") != NULL &&
	    strstr(o, "\"code\":\"json.duplicate_key\"") != NULL &&
	    strstr(o, "{\"b\":2,\"n\":3}") != NULL, "not an object, a duplicate "
	    "key, then the tool goes on");
	ok(strstr(o, "\"line\":1") != NULL && strstr(o, "\"line\":2") != NULL &&
	    strstr(o, "\"tool\":\"or-test\"") != NULL, "line errors name line and tool");
	ok(st == 1, "status 1 after a bad line");
	o = run(bad_utf8, sizeof(bad_utf8) - 1, &st);
	ok(strstr(o, "\"code\":\"json.utf8\"") != NULL && st == 1, "invalid UTF-8");
	o = RUN("{\"x\":1,\"error\":{\"code\":\"up.stream\"}}\n{\"y\":1}\n");
	ok(strncmp(o, "{\"x\":1,\"error\":{\"code\":\"up.stream\"}}\n", 37) == 0,
	    "an upstream error record passes through unchanged");
	ok(st == 1, "and counts as a failure");
	o = RUN("{\"kind\":\"other\",\"v\":1}\n{\"kind\":\"mine\"}\n");
	is_str(o, "{\"kind\":\"other\",\"v\":1}\n{\"kind\":\"mine\",\"n\":2}\n",
	    "a foreign kind passes through, the tool's own kind is processed");
	o = RUN("{\"fail\":4}\n{\"fail\":1}\n{\"ok\":1}\n");
	ok(st == 4, "sticky status: the highest of 1 and 4 (%d)", st);
	ok(strstr(o, "\"error\":{\"code\":\"test.fail\"") != NULL &&
	    strstr(o, "{\"ok\":1,\"n\":3}") != NULL, "failed records carry the "
	    "error and the run goes on");
	o = RUN("{\"fail\":5}\n{\"fail\":4}\n");
	ok(st == 5, "5 beats 4");
	o = RUN("{\"n\":1.50,\"s\":\"\\u0000\"}\n");
	is_str(o, "{\"n\":1,\"s\":\"\\u0000\"}\n",
	    "a tool's field replaces in place; \\u0000 survives");
	/* a line of 16 MiB + 1 bytes is refused; the next line is read */
	n = JL_MAX_LINE + 1;
	big = xmalloc(n + 16);
	big[0] = '"';
	memset(big + 1, 'a', n - 2);
	big[n - 1] = '"';
	memcpy(big + n, "\n{\"b\":1}\n", 9);
	o = run(big, n + 9, &st);
	ok(strstr(o, "\"code\":\"json.too_long\"") != NULL &&
	    strstr(o, "{\"b\":1,\"n\":2}") != NULL, "a line over 16 MiB: "
	    "json.too_long, then the next line");
	free(big);
	return done_testing();
}
