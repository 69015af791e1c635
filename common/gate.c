/* gate: path classes, harness tamper check, static gates. */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gate.h"
#include "glob.h"
#include "linkres.h"
#include "protocol.h"
#include "regex.h"
#include "siphash.h"
#include "tree.h"
#include "banned.h"

#define TEXT_MAX ((size_t)64 << 20)	/* red flags read at most this */

const char *const gate_default_flags[] = {
	"block:BASELINE_METRIC\\s*=",
	"block:AGGREGATE_METRIC\\s*=",
	"block:OR_METRIC\\s*=",
	"warn:curl\\s+http",
	"warn:wget\\s+http",
	"warn:requests\\.get\\(",
	"warn:urllib",
	"warn:socket\\(",
	"warn:subprocess",
	"warn:eval\\s*\\(",
	"warn:exec\\s*\\(",
	"warn:__import__\\s*\\(",
	"warn:os\\.environ",
	"warn:process\\.env",
	"warn:getenv",
	"warn:time\\.sleep\\s*\\(\\s*[0-9]",
	"warn:sleep\\s*\\(\\s*[0-9]",
	"warn:setTimeout\\s*\\([^,]+,\\s*[0-9]{4,}",
	"warn:postinstall",
	"warn:preinstall",
	"warn:benchmark.*skip",
	"warn:skip.*benchmark",
	"warn:hardcoded.*metric",
	"warn:fixture.*detect",
	"warn:-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----",
	"warn:gh[pousr]_[A-Za-z0-9]{20,}",
	"warn:github_pat_[A-Za-z0-9_]{20,}",
	"warn:AWS_SECRET_ACCESS_KEY",
	"warn:ARAH_TRIAL_SEED",
	"warn:OR_TRIAL_SEED",
	NULL
};

static const char *const manifests[] = {
	"package.json", "package-lock.json", "npm-shrinkwrap.json",
	"pnpm-lock.yaml", "yarn.lock", "requirements*.txt", "constraints*.txt",
	"pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "Pipfile.lock",
	"poetry.lock", "uv.lock", "Cargo.toml", "Cargo.lock", "go.mod",
	"go.sum", "Gemfile", "Gemfile.lock", "*.gemspec", "composer.json",
	"composer.lock", "vcpkg.json", "conanfile.txt", "conanfile.py", NULL
};

static int
globs(const cJSON *doc, const char *a, const char *b, const char ***out,
    size_t *n, struct or_err *e)
{
	const cJSON *v = json_get(doc, a), *c;

	*out = NULL;
	*n = 0;
	if (v != NULL)
		v = cJSON_IsObject(v) ? json_get(v, b) : NULL;
	if (v == NULL)
		return 0;
	if (!cJSON_IsArray(v))
		return or_error(e, "gate.bad_protocol", "'%s.%s' is not an "
		    "array of globs", a, b);
	*out = xreallocarray(NULL, (size_t)cJSON_GetArraySize(v) + 1,
	    sizeof(**out));
	for (c = v->child; c != NULL; c = c->next) {
		const char *s;
		size_t len;

		if ((s = json_strval(c, &len)) == NULL)
			return or_error(e, "gate.bad_protocol", "'%s.%s' holds "
			    "a value that is not a string", a, b);
		/* a glob cut short at a NUL would match other paths */
		if (memchr(s, '\0', len) != NULL)
			return or_error(e, "gate.bad_protocol", "'%s.%s' holds "
			    "a glob with a NUL character", a, b);
		(*out)[(*n)++] = s;
	}
	return 0;
}

int
gate_load(struct gate *g, const char *protocol, struct or_err *e)
{
	const cJSON *c;

	memset(g, 0, sizeof(*g));
	if ((g->doc = protocol_load(protocol, e)) == NULL)
		return -1;
	if (globs(g->doc, "mutableSurface", "allowedGlobs", &g->allowed,
	    &g->nallowed, e) < 0 || globs(g->doc, "mutableSurface",
	    "forbiddenGlobs", &g->forbidden, &g->nforbidden, e) < 0 ||
	    globs(g->doc, "immutableHarness", "paths", &g->harness,
	    &g->nharness, e) < 0)
		return -1;
	c = json_get(g->doc, "environment");
	c = c != NULL && cJSON_IsObject(c) ? json_get(c, "constraints") : NULL;
	c = c != NULL && cJSON_IsObject(c) ? json_get(c, "noNewDependencies") :
	    NULL;
	g->no_new_deps = c != NULL && cJSON_IsTrue(c);
	return 0;
}

static int
add_flag(struct gate *g, const char *line, size_t n, const char *file,
    size_t lineno, struct or_err *e)
{
	struct gate_flag *f;
	int block;
	size_t skip;

	if (n >= 6 && strncmp(line, "block:", 6) == 0)
		block = 1, skip = 6;
	else if (n >= 5 && strncmp(line, "warn:", 5) == 0)
		block = 0, skip = 5;
	else
		return or_error(e, "gate.bad_red_flags", "'%s' line %zu: "
		    "expected 'block:' or 'warn:' before the pattern", file,
		    lineno);
	g->flags = xreallocarray(g->flags, g->nflags + 1, sizeof(*g->flags));
	f = &g->flags[g->nflags];
	f->block = block;
	f->pattern = xmemdup(line + skip, n - skip);
	if ((f->re = regex_compile(f->pattern, e)) == NULL) {
		char msg[sizeof(e->msg)];

		memcpy(msg, e->msg, sizeof(msg));
		free(f->pattern);
		return or_error(e, "gate.bad_red_flags", "'%.200s' line %zu: "
		    "%.280s", file, lineno, msg);
	}
	g->nflags++;
	return 0;
}

int
gate_flags_load(struct gate *g, const char *file, struct or_err *e)
{
	struct buf b = { 0 };
	const char *p, *end, *nl;
	size_t i, n, lineno = 0;
	int rc = 0;

	if (file == NULL) {
		for (i = 0; gate_default_flags[i] != NULL; i++)
			if (add_flag(g, gate_default_flags[i],
			    strlen(gate_default_flags[i]), "built-in", i + 1,
			    e) < 0)
				return -1;
		return 0;
	}
	if (read_file(file, 1 << 20, &b, e) < 0) {
		buf_free(&b);
		return -1;
	}
	for (p = b.p, end = b.p + b.len; p != NULL && p < end && rc == 0;
	    p = nl != NULL ? nl + 1 : NULL) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (nl != NULL ? nl : end) - p;
		lineno++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 || p[0] == '#')
			continue;
		rc = add_flag(g, p, n, file, lineno, e);
	}
	buf_free(&b);
	return rc;
}

void
gate_free(struct gate *g)
{
	size_t i;

	for (i = 0; i < g->nflags; i++) {
		regex_free(g->flags[i].re);
		free(g->flags[i].pattern);
	}
	free(g->flags);
	free(g->allowed);
	free(g->forbidden);
	free(g->harness);
	cJSON_Delete(g->doc);
	memset(g, 0, sizeof(*g));
}

const char *
gate_class(const struct gate *g, const char *path)
{
	if (glob_hard_denied(path))
		return "denied";
	if (glob_match_any(g->harness, g->nharness, path))
		return "immutable";
	if (glob_match_any(g->forbidden, g->nforbidden, path))
		return "forbidden";
	if (glob_match_any(g->allowed, g->nallowed, path))
		return "mutable";
	return "other";
}

int
gate_check_path(const char *path, size_t n, struct or_err *e)
{
	size_t i, start;

	if (n == 0 || memchr(path, '\0', n) != NULL || path[0] == '/' ||
	    path[n - 1] == '/')
		goto bad;
	for (start = 0, i = 0; i <= n; i++) {
		if (i < n && path[i] != '/')
			continue;
		if (i == start || (i - start == 1 && path[start] == '.') ||
		    (i - start == 2 && path[start] == '.' &&
		    path[start + 1] == '.'))
			goto bad;
		start = i + 1;
	}
	return 0;
bad:
	return or_error(e, "gate.bad_path", "'%.*s' is not a path of a tree "
	    "(relative, '/'-separated, without empty, '.' or '..' "
	    "components)", (int)(n > 200 ? 200 : n), path);
}

int
gate_dependency(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t i;

	base = base != NULL ? base + 1 : path;
	for (i = 0; manifests[i] != NULL; i++)
		if (glob_match(manifests[i], base))
			return 1;
	return 0;
}

/* ---- findings in gate order ---- */

enum { G_HARNESS, G_HARD_DENY, G_FORBIDDEN, G_IMMUTABLE, G_OUTSIDE,
	G_SYMLINK, G_DEPENDENCY, G_BLOCK, G_WARN, G_BINARY, G_N };
static const char *const gate_names[G_N] = { "harness", "hard_deny",
	"forbidden", "immutable", "outside_surface", "symlink", "dependency",
	"red_flag_block", "red_flag_warn", "binary_added" };

struct finding {
	int gate;
	size_t seq;
	const char *path;
	char *detail;
};

struct findings {
	struct finding *f;
	size_t n;
};

static void __attribute__((format(printf, 4, 5)))
add(struct findings *fs, int gate, const char *path, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;
	char d[512];

	va_start(ap, fmt);
	vsnprintf(d, sizeof(d), fmt, ap);
	va_end(ap);
	fs->f = xreallocarray(fs->f, fs->n + 1, sizeof(*fs->f));
	f = &fs->f[fs->n];
	f->gate = gate;
	f->seq = fs->n++;
	f->path = path;
	f->detail = xstrdup(d);
}

static int
fcmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;

	if (x->gate != y->gate)
		return x->gate < y->gate ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
flush(struct findings *fs, gate_finding_fn fn, void *arg,
    struct gate_stats *st)
{
	size_t i;
	int warn;

	if (fs->n > 0)
		qsort(fs->f, fs->n, sizeof(*fs->f), fcmp);
	for (i = 0; i < fs->n; i++) {
		warn = fs->f[i].gate == G_WARN || fs->f[i].gate == G_BINARY;
		if (warn)
			st->warnings++;
		else
			st->rejects++;
		if (fn != NULL)
			fn(arg, gate_names[fs->f[i].gate], fs->f[i].path, warn,
			    fs->f[i].detail);
		free(fs->f[i].detail);
	}
	free(fs->f);
	fs->f = NULL;
	fs->n = 0;
}

/* Both trees, sorted; on failure neither is left to free. */
static int
load2(const char *da, const char *db, struct tree *ta, struct tree *tb,
    struct or_err *e)
{
	if (tree_load(da, NULL, NULL, ta, e) < 0)
		return -1;
	if (tree_load(db, NULL, NULL, tb, e) < 0) {
		tree_free(ta);
		return -1;
	}
	tree_sort(ta);
	tree_sort(tb);
	return 0;
}

static int
same(const struct tree_entry *a, const struct tree_entry *b)
{
	return strcmp(a->mode, b->mode) == 0 && a->size == b->size &&
	    memcmp(a->sha, b->sha, 32) == 0;
}

/* Walk two sorted trees: calls step(a, b) with NULL for a missing side. */
#define MERGE(ta, tb, i, j, A, B) \
	for (i = j = 0; i < (ta)->n || j < (tb)->n; ) { \
		int c_ = i >= (ta)->n ? 1 : j >= (tb)->n ? -1 : \
		    strcmp((ta)->e[i].path, (tb)->e[j].path); \
		A = c_ <= 0 ? &(ta)->e[i++] : NULL; \
		B = c_ >= 0 ? &(tb)->e[j++] : NULL;

/* The symbolic link among the parent folders of path in sorted t. */
static const struct tree_entry *
link_above(const struct tree *t, const char *path)
{
	const char *sl;
	size_t lo, hi, mid, n;
	int c;

	for (sl = strchr(path, '/'); sl != NULL; sl = strchr(sl + 1, '/')) {
		n = (size_t)(sl - path);
		for (lo = 0, hi = t->n; lo < hi; ) {
			mid = lo + (hi - lo) / 2;
			c = strncmp(t->e[mid].path, path, n);
			if (c == 0 && t->e[mid].path[n] != '\0')
				c = 1;
			if (c == 0) {
				if (strcmp(t->e[mid].mode, "120000") == 0)
					return &t->e[mid];
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return NULL;
}

int
gate_harness(const struct gate *g, const char *trusted, const char *cand,
    gate_finding_fn fn, void *arg, struct gate_stats *st, struct or_err *e)
{
	struct tree tt, tc;
	struct findings fs = { 0 };
	const struct tree_entry *a, *b, *x, *lk;
	size_t i, j;

	memset(st, 0, sizeof(*st));
	if (load2(trusted, cand, &tt, &tc, e) < 0)
		return -1;
	MERGE(&tt, &tc, i, j, a, b)
		x = a != NULL ? a : b;
		if (!glob_match_any(g->harness, g->nharness, x->path))
			continue;
		if ((a != NULL && strcmp(a->mode, "120000") == 0) ||
		    (b != NULL && strcmp(b->mode, "120000") == 0))
			add(&fs, G_HARNESS, x->path, "a symbolic link");
		else if (a == NULL)
			add(&fs, G_HARNESS, x->path, "only in the candidate");
		else if (b == NULL && (lk = link_above(&tc, x->path)) != NULL)
			add(&fs, G_HARNESS, x->path, "missing from the "
			    "candidate: its folder '%s' is a symbolic link",
			    lk->path);
		else if (b == NULL)
			add(&fs, G_HARNESS, x->path, "missing from the "
			    "candidate");
		else if (strcmp(a->mode, b->mode) != 0)
			add(&fs, G_HARNESS, x->path, "mode %s, trusted %s",
			    b->mode, a->mode);
		else if (!same(a, b))
			add(&fs, G_HARNESS, x->path, "bytes differ");
	}
	flush(&fs, fn, arg, st);
	tree_free(&tt);
	tree_free(&tc);
	return 0;
}

/* ---- diff ---- */

/* The entry of sorted t at path p (n bytes), or NULL. */
static const struct tree_entry *
find(const struct tree *t, const char *p, size_t n)
{
	size_t lo = 0, hi = t->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strncmp(t->e[mid].path, p, n);
		if (c == 0 && t->e[mid].path[n] != '\0')
			c = 1;
		if (c == 0)
			return &t->e[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int read_link(const char *, const struct tree_entry *, struct buf *,
    struct or_err *);

struct look {
	const struct tree *t;
	const char *dir;
};

static int
tree_look(void *arg, const char *p, size_t n, struct buf *target,
    struct or_err *e)
{
	const struct look *l = arg;
	const struct tree_entry *x = find(l->t, p, n);

	if (x == NULL || strcmp(x->mode, "120000") != 0)
		return 0;
	return read_link(l->dir, x, target, e) < 0 ? -1 : 1;
}

/* Resolve the target of link from the link's folder, following every link
 * of tree t (below dir) met on the way: 0 inside (out gets the path), 1
 * absolute, leaving the tree or looping, -1 a link could not be read. */
static int
resolve(const struct tree *t, const char *dir, const char *link,
    const char *target, size_t tn, struct buf *out, struct or_err *e)
{
	struct look l = { t, dir };
	int r = linkres(link, strlen(link), target, tn, tree_look, &l, 0, out,
	    e);

	return r < 0 ? -1 : r != LINKRES_INSIDE;
}

static int
read_entry(const char *dir, const struct tree_entry *x, struct buf *b,
    struct or_err *e)
{
	char *p = xasprintf("%s/%s", dir, x->path);
	char tmp[65536];
	ssize_t r;
	int fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	b->len = 0;
	if (fd < 0) {
		or_error(e, "gate.read", "cannot open '%s': %s", p,
		    strerror(errno));
		free(p);
		return -1;
	}
	while (b->len < TEXT_MAX && (r = read_in_full(fd, tmp,
	    sizeof(tmp))) > 0)
		buf_add(b, tmp, (size_t)r);
	if (r < 0) {
		or_error(e, "gate.read", "cannot read '%s': %s", p,
		    strerror(errno));
		close(fd);
		free(p);
		return -1;
	}
	close(fd);
	free(p);
	if (b->p == NULL)
		buf_add(b, "", 0);
	return 0;
}

static int
read_link(const char *dir, const struct tree_entry *x, struct buf *b,
    struct or_err *e)
{
	char *p = xasprintf("%s/%s", dir, x->path), t[4096];
	ssize_t r = readlink(p, t, sizeof(t));

	free(p);
	if (r < 0)
		return or_error(e, "gate.read", "cannot read the link '%s': %s",
		    x->path, strerror(errno));
	b->len = 0;
	buf_add(b, t, (size_t)r);
	return 0;
}

static int
binary(const struct buf *b)
{
	return memchr(b->p, '\0', b->len < 8000 ? b->len : 8000) != NULL;
}

/* A set of lines (open addressing).  The lines come from the candidate
 * (and from a base an earlier candidate may have written), so the hash is
 * keyed with a random key per set: lines cannot be chosen to collide and
 * turn the probes quadratic. */
struct lineset {
	const char **p;
	size_t *n, cap;
	uint8_t key[16];
};

/* The slot of line p in s: where it is, or the empty slot it would take. */
static size_t
ls_slot(const struct lineset *s, const char *p, size_t n)
{
	size_t i = (size_t)siphash24(s->key, p, n) & (s->cap - 1);

	while (s->p[i] != NULL &&
	    (s->n[i] != n || memcmp(s->p[i], p, n) != 0))
		i = (i + 1) & (s->cap - 1);
	return i;
}

static void
ls_add(struct lineset *s, const char *p, size_t n)
{
	size_t i = ls_slot(s, p, n);

	s->p[i] = p;
	s->n[i] = n;
}

static int
ls_has(const struct lineset *s, const char *p, size_t n)
{
	return s->p[ls_slot(s, p, n)] != NULL;
}

static void
added_lines(const struct buf *base, const struct buf *cand, struct buf *out)
{
	struct lineset s = { NULL, NULL, 16, { 0 } };
	const char *p, *end, *nl;
	size_t n, count = 0;

	out->len = 0;
	buf_add(out, "", 0);
	if (base != NULL) {
		for (p = base->p; p < base->p + base->len; p = nl + 1) {
			count++;
			if ((nl = memchr(p, '\n', (size_t)(base->p +
			    base->len - p))) == NULL)
				break;
		}
		while (s.cap < 2 * count + 2)
			s.cap *= 2;
		siphash_key(s.key);
		s.p = xcalloc(s.cap, sizeof(*s.p));
		s.n = xcalloc(s.cap, sizeof(*s.n));
		end = base->p + base->len;
		for (p = base->p; p < end; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(end - p));
			n = (nl != NULL ? nl : end) - p;
			ls_add(&s, p, n && p[n - 1] == '\r' ? n - 1 : n);
			if (nl == NULL)
				break;
		}
	}
	end = cand->p + cand->len;
	for (p = cand->p; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (nl != NULL ? nl : end) - p;
		if (n && p[n - 1] == '\r')
			n--;
		if (s.p == NULL || !ls_has(&s, p, n)) {
			buf_add(out, p, n);
			buf_addc(out, '\n');
		}
		if (nl == NULL)
			break;
	}
	free(s.p);
	free(s.n);
}

#define EXCERPT_MAX 120	/* bytes of the line quoted in a finding */

/* The line of buf holding offset off, at most EXCERPT_MAX bytes of it, for
 * the finding's detail; a NUL byte is written \0 so that it does not cut
 * the detail short. */
static void
line_at(const char *buf, size_t len, size_t off, char out[2 * EXCERPT_MAX + 1])
{
	const char *s = buf + off, *e;
	size_t i, n, k = 0;

	while (s > buf && s[-1] != '\n')
		s--;
	e = memchr(buf + off, '\n', len - off);
	n = (size_t)((e != NULL ? e : buf + len) - s);
	for (i = 0; i < n && i < EXCERPT_MAX; i++) {
		if (s[i] == '\0') {
			out[k++] = '\\';
			out[k++] = '0';
		} else
			out[k++] = s[i];
	}
	out[k] = '\0';
}

static int
red_flags(const struct gate *g, const char *path, const struct buf *added,
    struct findings *fs, struct or_err *e)
{
	size_t i, count, start, len;
	char l[2 * EXCERPT_MAX + 1];

	for (i = 0; i < g->nflags; i++) {
		/* Added lines that exhaust the matcher are the candidate's
		 * doing: a finding of the pattern's class, never a gate
		 * error (which releases). */
		if (regex_last(g->flags[i].re, added->p, added->len, &count,
		    &start, &len, e) < 0) {
			add(fs, g->flags[i].block ? G_BLOCK : G_WARN, path,
			    "%s could not be checked on the added lines: %s",
			    g->flags[i].pattern, e->msg);
			continue;
		}
		if (count == 0)
			continue;
		line_at(added->p, added->len, start, l);
		add(fs, g->flags[i].block ? G_BLOCK : G_WARN, path,
		    "%s on the added line '%s'", g->flags[i].pattern, l);
	}
	return 0;
}

/* hc[k]: how many of the first k entries of sorted t are harness files. */
static size_t *
harness_counts(const struct gate *g, const struct tree *t)
{
	size_t *hc = xreallocarray(NULL, t->n + 1, sizeof(*hc)), k;

	hc[0] = 0;
	for (k = 0; k < t->n; k++)
		hc[k + 1] = hc[k] + (glob_match_any(g->harness, g->nharness,
		    t->e[k].path) ? 1 : 0);
	return hc;
}

/* The first entry of sorted t not below p (n bytes) followed by c. */
static size_t
lower(const struct tree *t, const char *p, size_t n, char c)
{
	size_t lo = 0, hi = t->n, mid;
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strncmp(t->e[mid].path, p, n);
		if (r == 0)
			r = (unsigned char)t->e[mid].path[n] < (unsigned char)c ?
			    -1 : 1;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether folder dir (n bytes; "" the top) of t holds a harness file:
 * the paths "dir/..." are one run of the sorted entries. */
static int
harness_below(const struct tree *t, const size_t *hc, const char *dir,
    size_t n)
{
	if (n == 0)
		return hc[t->n] > 0;
	return hc[lower(t, dir, n, '/' + 1)] > hc[lower(t, dir, n, '/')];
}

int
gate_diff(const struct gate *g, const char *base, const char *cand,
    gate_finding_fn fn, void *arg, struct gate_stats *st, struct or_err *e)
{
	struct tree tb, tc;
	struct findings fs = { 0 };
	const struct tree_entry *a, *b, *x;
	struct buf old = { 0 }, neu = { 0 }, add_l = { 0 }, res = { 0 };
	const char *cls;
	size_t i, j, k, *hc = NULL;
	int r, rc = 0;

	memset(st, 0, sizeof(*st));
	if (load2(base, cand, &tb, &tc, e) < 0)
		return -1;
	MERGE(&tb, &tc, i, j, a, b)
		if (a != NULL && b != NULL && same(a, b))
			continue;
		x = b != NULL ? b : a;
		st->changed++;
		cls = gate_class(g, x->path);
		if (strcmp(cls, "denied") == 0)
			add(&fs, G_HARD_DENY, x->path, "on the hard-deny list");
		if (glob_match_any(g->forbidden, g->nforbidden, x->path))
			add(&fs, G_FORBIDDEN, x->path, "matches forbiddenGlobs");
		if (glob_match_any(g->harness, g->nharness, x->path))
			add(&fs, G_IMMUTABLE, x->path, "matches "
			    "immutableHarness.paths");
		if (strcmp(cls, "mutable") != 0)
			add(&fs, G_OUTSIDE, x->path, "outside the mutable "
			    "surface (class %s)", cls);
		if (g->no_new_deps && gate_dependency(x->path))
			add(&fs, G_DEPENDENCY, x->path, "a dependency manifest "
			    "(noNewDependencies)");
		if (b == NULL)
			continue;
		if (strcmp(b->mode, "120000") == 0) {
			if (read_link(cand, b, &neu, e) < 0) {
				rc = -1;
				break;
			}
			if ((r = resolve(&tc, cand, b->path, neu.p, neu.len,
			    &res, e)) < 0) {
				rc = -1;
				break;
			}
			if (r != 0) {
				add(&fs, G_SYMLINK, b->path, "link target '%.*s' "
				    "is absolute, leaves the tree or loops",
				    (int)(neu.len > 200 ? 200 : neu.len), neu.p);
				continue;
			}
			if (glob_match_any(g->harness, g->nharness, res.p)) {
				add(&fs, G_SYMLINK, b->path, "link points into "
				    "the harness ('%s')", res.p);
				continue;
			}
			/* a folder that holds harness files */
			if (hc == NULL)
				hc = harness_counts(g, &tc);
			if (harness_below(&tc, hc, res.p, res.len))
				add(&fs, G_SYMLINK, b->path, "link points to "
				    "a folder of the harness ('%s')", res.p);
			continue;
		}
		if (read_entry(cand, b, &neu, e) < 0) {
			rc = -1;
			break;
		}
		/* A NUL byte marks the file binary (a warning) but never
		 * stops the red-flag scan: a script with a NUL before a
		 * blocked pattern is still blocked. */
		if (binary(&neu) && (a == NULL ||
		    strcmp(a->mode, "120000") == 0 || a->size != b->size ||
		    memcmp(a->sha, b->sha, 32)))
			add(&fs, G_BINARY, b->path, "a binary file");
		if (a != NULL && strcmp(a->mode, "120000") != 0) {
			if (memcmp(a->sha, b->sha, 32) == 0 && a->size ==
			    b->size)
				continue;	/* a mode change adds no line */
			if (read_entry(base, a, &old, e) < 0) {
				rc = -1;
				break;
			}
			added_lines(&old, &neu, &add_l);
		} else {
			added_lines(NULL, &neu, &add_l);
		}
		if (red_flags(g, b->path, &add_l, &fs, e) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0)
		flush(&fs, fn, arg, st);
	else {
		for (k = 0; k < fs.n; k++)
			free(fs.f[k].detail);
		free(fs.f);
	}
	buf_free(&old);
	buf_free(&neu);
	buf_free(&add_l);
	buf_free(&res);
	free(hc);
	tree_free(&tb);
	tree_free(&tc);
	return rc;
}
