/* regex: last match wins, match counts, MULTILINE with \r\n, invalid UTF-8
 * in the subject, empty matches, bad patterns and the backtracking limit. */
#include "tap.h"
#include "regex.h"

/* The last match's text, or NULL when the pattern did not match. */
static char *
last(const char *pat, const char *subj, size_t n, size_t *count)
{
	static char out[256];
	struct or_err e;
	struct or_regex *re = regex_compile(pat, &e);
	size_t s, l;

	if (re == NULL || regex_last(re, subj, n, count, &s, &l, &e) < 0) {
		regex_free(re);
		return NULL;
	}
	regex_free(re);
	if (*count == 0 || l >= sizeof(out))
		return NULL;
	memcpy(out, subj + s, l);
	out[l] = '\0';
	return out;
}

int
main(void)
{
	const char *log = "score: 9\nnoise\nscore: 12\r\nscore: 7\n";
	const char bad[] = "x \xff\xfe score: 3\nscore: 4";
	struct or_err e;
	struct or_regex *re;
	size_t c;
	char *m;
	char big[40000];

	m = last("^score: ([0-9]+)$", log, strlen(log), &c);
	is_str(m, "7", "the last of three matches wins");
	ok(c == 3, "three matches counted (CRLF ends a line)");
	m = last("score: [0-9]+", log, strlen(log), &c);
	is_str(m, "score: 7", "no group: the whole match");
	m = last("^x$", log, strlen(log), &c);
	ok(m == NULL && c == 0, "no match: count 0");
	m = last("score: ([0-9])", bad, sizeof(bad) - 1, &c);
	is_str(m, "4", "invalid UTF-8 in the subject is matched around");
	ok(c == 2, "two matches across invalid bytes");
	m = last("(?P<v>[0-9]+)\\s*$", "a 1\nb 22\n", 9, &c);
	is_str(m, "22", "python named groups work");
	m = last("x*", "abc", 3, &c);
	ok(m != NULL && c == 4, "empty matches advance one character (%zu)", c);
	m = last("(a)|b", "ab", 2, &c);
	is_str(m, "b", "an unset group falls back to the whole match");
	ok(regex_compile("([0-9]", &e) == NULL &&
	    strcmp(e.code, "regex.bad_pattern") == 0, "bad pattern refused");
	re = regex_compile("time\\.sleep", &e);
	ok(re != NULL && regex_search(re, "a\ntime.sleep(1)\n", 16, &e) == 1,
	    "search finds a red flag");
	ok(regex_search(re, "timeXsleep", 10, &e) == 0, "search: no match");
	regex_free(re);
	memset(big, 'a', sizeof(big));
	big[0] = 'b';
	big[sizeof(big) - 1] = 'c';
	re = regex_compile("(a|aa)+$x|(a|aa)+b", &e);
	ok(re != NULL && regex_search(re, big, sizeof(big), &e) == -1 &&
	    strcmp(e.code, "regex.limit") == 0, "catastrophic backtracking stops");
	regex_free(re);
	return done_testing();
}
