/* Protocol globs (protocol.md section 2) and the reference fnmatch rule. */
#include "tap.h"
#include "glob.h"

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
	ok(glob_hard_denied(".github/workflows/ci.yml"), "CI files denied");
	ok(glob_hard_denied("lib/x/sitecustomize.py"), "sitecustomize denied");
	ok(glob_hard_denied("a.pth"), ".pth at the top denied");
	ok(!glob_hard_denied("src/train.py"), "plain source allowed");
	return done_testing();
}
