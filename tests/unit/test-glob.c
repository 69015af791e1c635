/* Protocol globs (protocol.md section 2) and the reference fnmatch rule. */
#include <string.h>

#include "tap.h"
#include "glob.h"
#include "util.h"

int
main(void)
{
	static const struct { const char *g, *p; int m; } cases[] = {
		{ "*.py", "a.py", 1 }, { "*.py", "src/a.py", 0 },
		{ "src/**", "src/x/y.c", 1 }, { "src", "src/x/y.c", 1 },
		{ "src/", "src/x/y.c", 1 }, { "src/*", "src/x/y.c", 1 },
		{ "src/*", "srcx/y.c", 0 }, { "**/test_*.py", "test_a.py", 1 },
		{ "**/test_*.py", "a/b/test_a.py", 1 },
		{ "a/**/b", "a/b", 1 }, { "a/**/b", "a/x/y/b", 1 },
		{ "a/**/b", "a/x/c", 0 }, { "?.c", "a.c", 1 }, { "?.c", "/.c", 0 },
		{ "[ab].c", "b.c", 1 }, { "[!ab].c", "b.c", 0 },
		{ "[^ab].c", "c.c", 1 }, { "[a-c]x", "bx", 1 },
		{ "\\*.c", "*.c", 1 }, { "\\*.c", "a.c", 0 },
		{ "Src/**", "src/a", 0 }, { "src/vendor/**", "src/vendor/d.py", 1 },
		{ "bench/**", "bench/eval.sh", 1 }, { "*", "a/b", 1 },
		{ "*a*b", "xaybzb", 1 }, { "*a*b", "xaybzc", 0 },
		{ "a*", "a", 1 }, { "*?", "", 0 }, { "**", "a/b/c", 1 },
		{ "a/**/**/b", "a/b", 1 }, { "a/**/b/**/c", "a/b/x/b/y/c", 1 },
		{ "a/**/b/c", "a/b/x/b/d", 0 }, { "a/**/b/c", "a/b/b/c", 1 },
		{ "**/x/*.c", "p/x/q/x/a.c", 1 }, { "[a", "[a", 1 },
		{ "x\\", "x\\", 1 }, { "*[]]", "a]", 1 },
	};
	static const struct { const char *g, *p; int m; } ref[] = {
		{ "*.py", "src/a.py", 1 }, { "src/**", "src/a", 1 },
		{ "src/**", "src", 1 }, { "src", "src/a/b", 1 },
		{ "[!a]*", "b", 1 }, { "[^a]", "^", 1 }, { "*.txt", "\xc3\xa9.txt", 1 },
		{ "?.txt", "\xc3\xa9.txt", 1 }, { "src/*", "srcx", 0 },
		{ "[a", "[a", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(glob_match(cases[i].g, cases[i].p) == cases[i].m,
		    "glob '%s' %s '%s'", cases[i].g, cases[i].m ? "matches" :
		    "does not match", cases[i].p);
	for (i = 0; i < sizeof(ref) / sizeof(ref[0]); i++)
		ok(glob_reference_select(ref[i].g, ref[i].p) == ref[i].m,
		    "reference '%s' %s '%s'", ref[i].g, ref[i].m ? "selects" :
		    "skips", ref[i].p);
	/* patterns that made the recursive matchers exponential */
	{
		char deep[200], flat[80], pat[80];

		for (i = 0; i < 40; i++)
			memcpy(deep + 2 * i, "a/", 2);
		memcpy(deep + 80, "c", 2);
		memset(flat, 'a', 60);
		memcpy(flat + 60, "c", 2);
		ok(!glob_match("**/**/**/**/**/**/**/**/**/**/**/**/**/**/b", deep),
		    "fourteen '**' against forty segments: no match, at once");
		ok(glob_match("**/**/**/**/**/**/**/**/**/**/**/**/**/**/c", deep),
		    "fourteen '**' against forty segments: a match");
		for (i = 0; i < 18; i++)
			memcpy(pat + 2 * i, "*a", 2);
		memcpy(pat + 36, "*b", 3);
		ok(!glob_match(pat, flat), "eighteen '*a' against sixty a's");
		ok(!glob_fnmatch_py(pat, flat), "the same through fnmatch");
		pat[37] = 'c';
		ok(glob_fnmatch_py(pat, flat), "and a fnmatch match");
	}
	/* more than 256 segments are all seen (a path over the old limit) */
	{
		char *p = xmalloc(300 * 2 + 8);

		for (i = 0; i < 300; i++)
			memcpy(p + 2 * i, "d/", 2);
		memcpy(p + 600, "x.pth", 6);
		ok(glob_hard_denied(p), "a .pth below 300 folders is denied");
		free(p);
	}
	ok(glob_hard_denied(".github/workflows/ci.yml"), "CI files denied");
	ok(glob_hard_denied("lib/x/sitecustomize.py"), "sitecustomize denied");
	ok(glob_hard_denied("a.pth"), ".pth at the top denied");
	ok(!glob_hard_denied("src/train.py"), "plain source allowed");
	return done_testing();
}
