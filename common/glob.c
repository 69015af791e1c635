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

/* One path segment [s, se) against one pattern segment [p, pe). */
static int
seg_match(const char *p, const char *pe, const char *s, const char *se)
{
	const char *end;
	int m;

	while (p < pe) {
		switch (*p) {
		case '*':
			while (p < pe && *p == '*')
				p++;
			if (p == pe)
				return 1;
			for (; s <= se; s++)
				if (seg_match(p, pe, s, se))
					return 1;
			return 0;
		case '?':
			if (s == se)
				return 0;
			p++;
			s++;
			continue;
		case '[':
			if (s == se)
				return 0;
			m = class_match(p + 1, pe, (unsigned char)*s, &end);
			if (m >= 0) {
				if (!m)
					return 0;
				p = end;
				s++;
				continue;
			}
			break;	/* unterminated: literal '[' */
		case '\\':
			if (p + 1 < pe)
				p++;
			break;
		}
		if (s == se || *s != *p)
			return 0;
		p++;
		s++;
	}
	return s == se;
}

struct seg {
	const char *p, *e;
};

static size_t
split(const char *s, struct seg *out, size_t max)
{
	size_t n = 0;
	const char *q;

	while (n < max) {
		q = strchr(s, '/');
		out[n].p = s;
		out[n].e = q != NULL ? q : s + strlen(s);
		n++;
		if (q == NULL)
			break;
		s = q + 1;
	}
	return n;
}

static int
segs_match(const struct seg *p, size_t np, const struct seg *s, size_t ns)
{
	size_t k;

	if (np == 0)
		return ns == 0;
	if (p->e - p->p == 2 && p->p[0] == '*' && p->p[1] == '*') {
		for (k = 0; k <= ns; k++)
			if (segs_match(p + 1, np - 1, s + k, ns - k))
				return 1;
		return 0;
	}
	if (ns == 0 || !seg_match(p->p, p->e, s->p, s->e))
		return 0;
	return segs_match(p + 1, np - 1, s + 1, ns - 1);
}

#define MAX_SEGS 256

int
glob_match(const char *pattern, const char *path)
{
	struct seg ps[MAX_SEGS], ss[MAX_SEGS];
	char *pat = xstrdup(pattern);
	size_t np, ns, k, n = strlen(pat);
	int hit = 0;

	while (n > 0 && pat[n - 1] == '/')	/* "src/" covers like "src" */
		pat[--n] = '\0';
	if (n == 0) {
		free(pat);
		return 0;
	}
	np = split(pat, ps, MAX_SEGS);
	ns = split(path, ss, MAX_SEGS);
	/* the path itself, or a parent directory of it */
	for (k = ns; k >= 1 && !hit; k--)
		hit = segs_match(ps, np, ss, k);
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

/* fnmatchcase: [..] sets follow Python's translate(): '!' negates, a ']'
 * first is literal, no escapes, an unterminated '[' is literal. */
static int
py_match(const uint32_t *p, size_t np, const uint32_t *s, size_t ns)
{
	size_t i, j, k;

	if (np == 0)
		return ns == 0;
	if (p[0] == '*') {
		for (k = 0; k <= ns; k++)
			if (py_match(p + 1, np - 1, s + k, ns - k))
				return 1;
		return 0;
	}
	if (ns == 0)
		return 0;
	if (p[0] == '?')
		return py_match(p + 1, np - 1, s + 1, ns - 1);
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
					if (s[0] >= p[i] && s[0] <= p[i + 2])
						hit = 1;
					i += 2;
				} else if (s[0] == p[i]) {
					hit = 1;
				}
			}
			if (hit == neg)
				return 0;
			return py_match(p + j + 1, np - j - 1, s + 1, ns - 1);
		}
	}
	if (p[0] != s[0])
		return 0;
	return py_match(p + 1, np - 1, s + 1, ns - 1);
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
