/* glob: segment-wise matching for protocol globs; code-point matching for
 * the reference implementation's fnmatch. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "util.h"
#include "banned.h"

const char *const glob_hard_deny[] = {
	".git/**", ".gitmodules",
	".github/workflows/**", ".gitlab-ci.yml", ".gitlab/**", ".husky/**",
	".envrc", ".envrc.*", ".direnv/**",
	".vscode/tasks.json", ".vscode/launch.json", ".idea/**",
	".autoresearch/**",
	"**/sitecustomize.py", "**/usercustomize.py", "**/*.pth",
	NULL
};

/* One character class at p (after '['); sets *end past ']'.  Returns -1
 * when the class is unterminated (then '[' is literal). */
static int
class_match(const char *p, const char *pe, int c, const char **end)
{
	int neg = 0, hit = 0, first = 1;

	if (p < pe && (*p == '!' || *p == '^')) {
		neg = 1;
		p++;
	}
	while (p < pe && (first || *p != ']')) {
		int lo, hi;

		first = 0;
		if (*p == '\\' && p + 1 < pe)
			p++;
		lo = (unsigned char)*p++;
		hi = lo;
		if (p + 1 < pe && *p == '-' && p[1] != ']') {
			p++;
			if (*p == '\\' && p + 1 < pe)
				p++;
			hi = (unsigned char)*p++;
		}
		if (c >= lo && c <= hi)
			hit = 1;
	}
	if (p >= pe)
		return -1;
	*end = p + 1;
	return hit != neg;
}

/* The wildcard walk shared by the three matchers: pattern tokens 0..np
 * against subject units 0..ns, where a star token takes any number of
 * units and every other token exactly one.  On a mismatch only the last
 * star takes one unit more, so the walk is O(np * ns), never exponential.
 * star(ctx, i): token i is a star.  one(ctx, i, j, &len): token i (len
 * pattern units long) matches unit j. */
struct walk {
	int (*star)(const void *ctx, size_t i);
	int (*one)(const void *ctx, size_t i, size_t j, size_t *len);
	const void *ctx;
};

static int
walk(const struct walk *w, size_t np, size_t ns)
{
	size_t i = 0, j = 0, star = 0, sj = 0, len;
	int have = 0;

	while (j < ns) {
		if (i < np && w->star(w->ctx, i)) {
			while (i < np && w->star(w->ctx, i))
				i++;
			star = i;
			sj = j;
			have = 1;
			continue;
		}
		if (i < np && w->one(w->ctx, i, j, &len)) {
			i += len;
			j++;
			continue;
		}
		if (!have)
			return 0;
		i = star;
		j = ++sj;
	}
	while (i < np && w->star(w->ctx, i))
		i++;
	return i == np;
}

/* One pattern character at p (a literal, an escape, '?' or a class)
 * against the byte c: 1 and *next past it on a match, else 0. */
static int
one(const char *p, const char *pe, int c, const char **next)
{
	const char *end;
	int m;

	if (*p == '?') {
		*next = p + 1;
		return 1;
	}
	if (*p == '[' && (m = class_match(p + 1, pe, c, &end)) >= 0) {
		*next = end;
		return m;
	}
	if (*p == '\\' && p + 1 < pe)
		p++;
	*next = p + 1;
	return (unsigned char)*p == c;
}

struct bytes {
	const char *p, *pe, *s;
};

static int
byte_star(const void *ctx, size_t i)
{
	return ((const struct bytes *)ctx)->p[i] == '*';
}

static int
byte_one(const void *ctx, size_t i, size_t j, size_t *len)
{
	const struct bytes *b = ctx;
	const char *next;
	int m = one(b->p + i, b->pe, (unsigned char)b->s[j], &next);

	*len = (size_t)(next - (b->p + i));
	return m;
}

/* One path segment [s, se) against one pattern segment [p, pe). */
static int
seg_match(const char *p, const char *pe, const char *s, const char *se)
{
	struct bytes b = { p, pe, s };
	struct walk w = { byte_star, byte_one, &b };

	return walk(&w, (size_t)(pe - p), (size_t)(se - s));
}

struct seg {
	const char *p, *e;
};

/* The '/'-separated parts of s, in a malloc'd array. */
static struct seg *
split(const char *s, size_t *n)
{
	struct seg *out;
	const char *q;
	size_t k = 1;

	for (q = s; (q = strchr(q, '/')) != NULL; q++)
		k++;
	out = xreallocarray(NULL, k, sizeof(*out));
	for (k = 0;; k++) {
		q = strchr(s, '/');
		out[k].p = s;
		out[k].e = q != NULL ? q : s + strlen(s);
		if (q == NULL)
			break;
		s = q + 1;
	}
	*n = k + 1;
	return out;
}

static int
is_dstar(const struct seg *p)
{
	return p->e - p->p == 2 && p->p[0] == '*' && p->p[1] == '*';
}

struct segs {
	const struct seg *p, *s;
};

static int
seg_star(const void *ctx, size_t i)
{
	return is_dstar(&((const struct segs *)ctx)->p[i]);
}

static int
seg_one(const void *ctx, size_t i, size_t j, size_t *len)
{
	const struct segs *g = ctx;

	*len = 1;
	return seg_match(g->p[i].p, g->p[i].e, g->s[j].p, g->s[j].e);
}

/* Segments as seg_match does bytes: '**' takes any number of path
 * segments, every other part exactly one. */
static int
segs_match(const struct seg *p, size_t np, const struct seg *s, size_t ns)
{
	struct segs g = { p, s };
	struct walk w = { seg_star, seg_one, &g };

	return walk(&w, np, ns);
}

int
glob_match(const char *pattern, const char *path)
{
	struct seg *ps, *ss;
	char *pat = xstrdup(pattern);
	size_t np, ns, k, n = strlen(pat);
	int hit = 0;

	while (n > 0 && pat[n - 1] == '/')	/* "src/" covers like "src" */
		pat[--n] = '\0';
	if (n == 0) {
		free(pat);
		return 0;
	}
	ps = split(pat, &np);
	ss = split(path, &ns);
	/* the path itself, or a parent directory of it */
	for (k = ns; k >= 1 && !hit; k--)
		hit = segs_match(ps, np, ss, k);
	free(ps);
	free(ss);
	free(pat);
	return hit;
}

int
glob_match_any(const char *const *patterns, size_t n, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (glob_match(patterns[i], path))
			return 1;
	return 0;
}

int
glob_hard_denied(const char *path)
{
	const char *const *g;

	for (g = glob_hard_deny; *g != NULL; g++)
		if (glob_match(*g, path))
			return 1;
	return 0;
}

/* UTF-8 to code points; an invalid byte stands for itself. */
static size_t
decode(const char *s, uint32_t **out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k = 0;
	uint32_t *cp = xreallocarray(NULL, n + 1, sizeof(*cp));

	while (i < n) {
		unsigned c = p[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ?
		    3 : (c >> 3) == 30 ? 4 : 0;
		size_t j;
		uint32_t v;

		if (len == 0 || i + len > n) {
			cp[k++] = c;
			i++;
			continue;
		}
		v = len == 1 ? c : c & (0x7f >> len);
		for (j = 1; j < len; j++) {
			if ((p[i + j] & 0xc0) != 0x80)
				break;
			v = v << 6 | (p[i + j] & 0x3f);
		}
		if (j < len) {
			cp[k++] = c;
			i++;
			continue;
		}
		cp[k++] = v;
		i += len;
	}
	*out = cp;
	return k;
}

/* One fnmatchcase token at p[0] against code point c: 1 and *len (the
 * token's length) on a match.  [..] sets follow Python's translate():
 * '!' negates, a ']' first is literal, no escapes, an unterminated '[' is
 * literal. */
static int
py_one(const uint32_t *p, size_t np, uint32_t c, size_t *len)
{
	size_t i, j;

	*len = 1;
	if (p[0] == '?')
		return 1;
	if (p[0] == '[') {
		j = 1;
		if (j < np && p[j] == '!')
			j++;
		if (j < np && p[j] == ']')
			j++;
		while (j < np && p[j] != ']')
			j++;
		if (j < np) {
			int neg = p[1] == '!', hit = 0;

			for (i = neg ? 2 : 1; i < j; i++) {
				if (i + 2 < j && p[i + 1] == '-') {
					if (c >= p[i] && c <= p[i + 2])
						hit = 1;
					i += 2;
				} else if (c == p[i]) {
					hit = 1;
				}
			}
			*len = j + 1;
			return hit != neg;
		}
	}
	return p[0] == c;
}

struct cps {
	const uint32_t *p, *s;
	size_t np;
};

static int
cp_star(const void *ctx, size_t i)
{
	return ((const struct cps *)ctx)->p[i] == '*';
}

static int
cp_one(const void *ctx, size_t i, size_t j, size_t *len)
{
	const struct cps *c = ctx;

	return py_one(c->p + i, c->np - i, c->s[j], len);
}

/* fnmatchcase over code points. */
static int
py_match(const uint32_t *p, size_t np, const uint32_t *s, size_t ns)
{
	struct cps c = { p, s, np };
	struct walk w = { cp_star, cp_one, &c };

	return walk(&w, np, ns);
}

int
glob_fnmatch_py(const char *pattern, const char *path)
{
	uint32_t *p, *s;
	size_t np = decode(pattern, &p), ns = decode(path, &s);
	int m = py_match(p, np, s, ns);

	free(p);
	free(s);
	return m;
}

int
glob_reference_select(const char *g, const char *p)
{
	size_t n = strlen(g), bl;
	char *alt;
	int m;

	if (glob_fnmatch_py(g, p))
		return 1;
	if (n >= 3 && strcmp(g + n - 3, "/**") == 0) {
		alt = xasprintf("%.*s/*", (int)(n - 3), g);
		m = glob_fnmatch_py(alt, p);
		free(alt);
		if (m)
			return 1;
	}
	for (bl = n; bl > 0 && (g[bl - 1] == '/' || g[bl - 1] == '*'); bl--)
		;
	if (bl == 0)
		return 0;
	if (strlen(p) >= bl && strncmp(p, g, bl) == 0 &&
	    (p[bl] == '\0' || p[bl] == '/'))
		return 1;
	return 0;
}
