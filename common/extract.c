/* extract: regex, json_pointer, junit and pytest_summary extractors. */
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "exact.h"
#include "extract.h"
#include "regex.h"
#include "banned.h"

static const char *const fields[] = { "pass_rate", "passed", "failed",
    "errors", "skipped", "tests", "seconds", NULL };

static int
opt_str(const cJSON *spec, const char *key, const char **s, struct or_err *e)
{
	size_t len;
	int rc = json_field_str(spec, key, s, &len, e);

	if (rc < 0)
		return or_error(e, "extract.bad_spec", "extract.%s is not a "
		    "string", key);
	if (rc > 0 && strlen(*s) != len)
		return or_error(e, "extract.bad_spec", "extract.%s holds a "
		    "NUL character", key);
	if (rc == 0)
		*s = NULL;
	return 0;
}

int
extract_source(const cJSON *spec, const char **stream, const char **path,
    struct or_err *e)
{
	if (!cJSON_IsObject(spec))
		return or_error(e, "extract.bad_spec", "extract is not an "
		    "object");
	if (opt_str(spec, "stream", stream, e) < 0 ||
	    opt_str(spec, "path", path, e) < 0)
		return -1;
	if (*stream == NULL)
		*stream = "stdout";
	if (strcmp(*stream, "stdout") != 0 && strcmp(*stream, "stderr") != 0)
		return or_error(e, "extract.bad_spec", "extract.stream is "
		    "'%s', not stdout or stderr", *stream);
	return 0;
}

static int
field_index(const cJSON *spec, struct or_err *e)
{
	const char *f;
	int i;

	if (opt_str(spec, "field", &f, e) < 0)
		return -1;
	if (f == NULL)
		return 0;
	for (i = 0; fields[i] != NULL; i++)
		if (strcmp(f, fields[i]) == 0)
			return i;
	return or_error(e, "extract.bad_spec", "extract.field '%s' is not "
	    "one of pass_rate, passed, failed, errors, skipped, tests, "
	    "seconds", f);
}

int
extract_check(const cJSON *spec, struct or_err *e)
{
	const char *kind, *stream, *path, *s;
	struct or_regex *re;

	if (extract_source(spec, &stream, &path, e) < 0 ||
	    opt_str(spec, "kind", &kind, e) < 0)
		return -1;
	if (kind == NULL)
		return or_error(e, "extract.bad_spec", "extract.kind is "
		    "missing");
	if (strcmp(kind, "regex") == 0) {
		if (opt_str(spec, "pattern", &s, e) < 0)
			return -1;
		if (s == NULL)
			return or_error(e, "extract.bad_spec", "regex "
			    "extractor without a pattern");
		if ((re = regex_compile(s, e)) == NULL)
			return -1;
		regex_free(re);
		if (path != NULL)
			return or_error(e, "extract.bad_spec", "a regex "
			    "extractor reads a stream, not a path");
		return 0;
	}
	if (strcmp(kind, "json_pointer") == 0) {
		if (opt_str(spec, "jsonPointer", &s, e) < 0)
			return -1;
		if (s == NULL)
			return or_error(e, "extract.bad_spec", "json_pointer "
			    "extractor without a jsonPointer");
		return jptr_check(s, strlen(s), e);
	}
	if (strcmp(kind, "junit") == 0 || strcmp(kind, "pytest_summary") == 0) {
		if (field_index(spec, e) < 0)
			return -1;
		if (strcmp(kind, "junit") == 0 && path == NULL)
			return or_error(e, "extract.bad_spec", "a junit "
			    "extractor needs a path");
		if (strcmp(kind, "pytest_summary") == 0 && path != NULL)
			return or_error(e, "extract.bad_spec", "a "
			    "pytest_summary extractor reads a stream, not a "
			    "path");
		return 0;
	}
	if (strcmp(kind, "custom") == 0)
		return or_error(e, "extract.unsupported", "extractor kind "
		    "custom is not implemented: wrap the benchmark so that it "
		    "prints a metric line");
	return or_error(e, "extract.unsupported", "unknown extractor kind "
	    "'%s'", kind);
}

/* A found value: check the grammar and normalise. */
static int
take(const char *s, size_t n, char **value, struct or_err *e)
{
	struct or_err e2;

	if (dec_check(s, n, &e2) < 0 || (*value = dec_normalize(s, n,
	    &e2)) == NULL)
		return or_error(e, "extract.bad_metric", "'%.*s' is not a "
		    "metric value: %s", n > 64 ? 64 : (int)n, s, e2.msg);
	return 0;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

static int
ex_regex(const cJSON *spec, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	const char *pat;
	struct or_regex *re;
	size_t start, len;
	struct or_err e2;
	int rc;

	if (opt_str(spec, "pattern", &pat, e) < 0)
		return -1;
	if ((re = regex_compile(pat, e)) == NULL)
		return -1;
	rc = regex_last(re, buf, n, matches, &start, &len, &e2);
	regex_free(re);
	if (rc < 0) {
		*matches = 0;
		return or_error(e, "extract.bad_metric", "%s", e2.msg);
	}
	if (*matches == 0)
		return or_error(e, "extract.no_metric", "pattern '%.64s' "
		    "matched nothing", pat);
	while (len > 0 && blank(buf[start])) {
		start++;
		len--;
	}
	while (len > 0 && blank(buf[start + len - 1]))
		len--;
	return take(buf + start, len, value, e);
}

int
jptr_check(const char *ptr, size_t n, struct or_err *e)
{
	size_t i;

	if (n > 0 && ptr[0] != '/')
		return or_error(e, "extract.bad_pointer", "JSON pointer '%.64s' "
		    "does not start with '/'", ptr);
	for (i = 0; i < n; i++) {
		if (ptr[i] == '\0')
			return or_error(e, "extract.bad_pointer", "JSON "
			    "pointer holds a NUL character");
		if (ptr[i] == '~' && (i + 1 >= n || (ptr[i + 1] != '0' &&
		    ptr[i + 1] != '1')))
			return or_error(e, "extract.bad_pointer", "JSON "
			    "pointer '%.64s': '~' must be followed by 0 or 1",
			    ptr);
	}
	return 0;
}

/* Does token t[0..k) (escaped) equal the key s[0..len)? */
static int
token_eq(const char *t, size_t k, const char *s, size_t len)
{
	size_t i, j = 0;

	for (i = 0; i < k; i++, j++) {
		char c = t[i];

		if (c == '~' && i + 1 < k) {
			c = t[i + 1] == '0' ? '~' : '/';
			i++;
		}
		if (j >= len || s[j] != c)
			return 0;
	}
	return j == len;
}

const cJSON *
jptr_get(const cJSON *doc, const char *ptr, size_t n)
{
	const cJSON *cur = doc, *c;
	size_t i = 0, k, idx, len;
	const char *key;

	if (jptr_check(ptr, n, &(struct or_err){ 0 }) < 0)
		return NULL;
	while (i < n) {
		i++;	/* the '/' */
		for (k = 0; i + k < n && ptr[i + k] != '/'; k++)
			;
		if (cJSON_IsObject(cur)) {
			for (c = cur->child; c != NULL; c = c->next) {
				key = c->string;
				len = strlen(key);
				if (token_eq(ptr + i, k, key, len))
					break;
			}
		} else if (cJSON_IsArray(cur)) {
			if (k == 0 || k > 9 || (k > 1 && ptr[i] == '0') ||
			    strspn(ptr + i, "0123456789") < k)
				return NULL;
			for (idx = 0, len = 0; len < k; len++)
				idx = idx * 10 + (size_t)(ptr[i + len] - '0');
			for (c = cur->child; c != NULL && idx > 0; c = c->next)
				idx--;
		} else {
			return NULL;
		}
		if (c == NULL)
			return NULL;
		cur = c;
		i += k;
	}
	return cur;
}

/* The numeric text at v: a number's source text or a metric string. */
static const char *
numeric(const cJSON *v, char tmp[64], size_t *len)
{
	const char *s;
	struct or_err e;

	if (v == NULL)
		return NULL;
	if (json_is_number(v)) {
		s = json_numtext(v, tmp);
		*len = strlen(s);
		return s;
	}
	if ((s = json_strval(v, len)) != NULL && dec_check(s, *len, &e) == 0)
		return s;
	return NULL;
}

static int
ex_json(const cJSON *spec, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	const char *ptr, *path, *s, *line, *end, *best = NULL;
	size_t plen, len, ll, bestlen = 0;
	char tmp[64], btmp[64];
	struct or_err e2;
	cJSON *doc, *keep = NULL;
	int rc;

	if (opt_str(spec, "jsonPointer", &ptr, e) < 0 ||
	    opt_str(spec, "path", &path, e) < 0)
		return -1;
	plen = strlen(ptr);
	*matches = 0;
	if (path != NULL) {
		if ((doc = json_parse(buf, n, 0, &e2)) == NULL)
			return or_error(e, "extract.no_metric", "%s is not "
			    "JSON: %s", path, e2.msg);
		s = numeric(jptr_get(doc, ptr, plen), tmp, &len);
		if (s == NULL) {
			rc = jptr_get(doc, ptr, plen) == NULL ?
			    or_error(e, "extract.no_metric", "pointer '%.64s' "
			    "does not resolve in %s", ptr, path) :
			    or_error(e, "extract.bad_metric", "pointer '%.64s' "
			    "in %s is not a number", ptr, path);
			cJSON_Delete(doc);
			return rc;
		}
		*matches = 1;
		rc = take(s, len, value, e);
		cJSON_Delete(doc);
		return rc;
	}
	for (line = buf; line < buf + n; line = end + 1) {
		end = memchr(line, '\n', (size_t)(buf + n - line));
		if (end == NULL)
			end = buf + n;
		ll = (size_t)(end - line);
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		while (ll > 0 && blank(*line)) {
			line++;
			ll--;
		}
		while (ll > 0 && blank(line[ll - 1]))
			ll--;
		if (ll == 0 || line[0] != '{')
			continue;
		if ((doc = json_parse(line, ll, 1, &e2)) == NULL)
			continue;
		if ((s = numeric(jptr_get(doc, ptr, plen), tmp, &len)) ==
		    NULL) {
			cJSON_Delete(doc);
			continue;
		}
		(*matches)++;
		cJSON_Delete(keep);
		keep = doc;
		if (s == tmp) {
			memcpy(btmp, tmp, sizeof(btmp));
			s = btmp;
		}
		best = s;
		bestlen = len;
	}
	if (best == NULL)
		return or_error(e, "extract.no_metric", "no line of the stream "
		    "is a JSON object where '%.64s' is a number", ptr);
	rc = take(best, bestlen, value, e);
	cJSON_Delete(keep);
	return rc;
}

/* ---- counts: junit and pytest_summary ---- */

struct counts {
	struct rat v[7];	/* indexed like fields[]; [0] unused */
};

static void
counts_init(struct counts *c)
{
	int i;

	for (i = 0; i < 7; i++)
		rat_init(&c->v[i]);
}

static void
counts_free(struct counts *c)
{
	int i;

	for (i = 0; i < 7; i++)
		rat_free(&c->v[i]);
}

/* The value of field f from the counts: tests, failed, errors and skipped
 * are given; passed = tests - failed - errors - skipped. */
static int
counts_value(struct counts *c, int f, char **value, struct or_err *e)
{
	struct rat den, r;
	int rc = 0;

	rat_init(&den);
	rat_init(&r);
	/* passed */
	rat_sub(&c->v[1], &c->v[5], &c->v[2]);
	rat_sub(&c->v[1], &c->v[1], &c->v[3]);
	rat_sub(&c->v[1], &c->v[1], &c->v[4]);
	if (f == 0) {
		rat_sub(&den, &c->v[5], &c->v[4]);
		if (rat_sign(&den) <= 0 || rat_sign(&c->v[1]) < 0) {
			rc = or_error(e, "extract.bad_metric", "no pass rate: "
			    "no test ran");
			goto out;
		}
		rat_div(&r, &c->v[1], &den);
	} else {
		rat_copy(&r, &c->v[f]);
	}
	*value = rat_metric_str(&r);
out:
	rat_free(&den);
	rat_free(&r);
	return rc;
}

/* Attribute name="value" of the tag text t[0..n); NULL when absent. */
static const char *
xml_attr(const char *t, size_t n, const char *name, size_t *vlen)
{
	size_t i = 0, k = strlen(name);
	char q;
	const char *v;

	while (i < n && !blank(t[i]))
		i++;	/* the element name */
	while (i < n) {
		while (i < n && blank(t[i]))
			i++;
		if (i + k < n && memcmp(t + i, name, k) == 0 &&
		    (blank(t[i + k]) || t[i + k] == '='))
			v = t + i + k;
		else
			v = NULL;
		while (i < n && t[i] != '=' && !blank(t[i]))
			i++;
		while (i < n && blank(t[i]))
			i++;
		if (i >= n || t[i] != '=')
			return NULL;
		i++;
		while (i < n && blank(t[i]))
			i++;
		if (i >= n || (t[i] != '"' && t[i] != '\''))
			return NULL;
		q = t[i++];
		k = strlen(name);
		if (v != NULL) {
			const char *end = memchr(t + i, q, n - i);

			if (end == NULL)
				return NULL;
			*vlen = (size_t)(end - (t + i));
			return t + i;
		}
		while (i < n && t[i] != q)
			i++;
		i++;
	}
	return NULL;
}

static int
add_attr(struct rat *sum, const char *t, size_t n, const char *name,
    struct or_err *e)
{
	const char *v;
	size_t vl;
	struct rat x;

	if ((v = xml_attr(t, n, name, &vl)) == NULL)
		return 0;
	while (vl > 0 && blank(*v)) {
		v++;
		vl--;
	}
	while (vl > 0 && blank(v[vl - 1]))
		vl--;
	rat_init(&x);
	if (rat_from_dec(&x, v, vl, e) < 0) {
		rat_free(&x);
		return or_error(e, "extract.bad_metric", "junit attribute %s "
		    "is not a number", name);
	}
	rat_add(sum, sum, &x);
	rat_free(&x);
	return 0;
}

static int
add_suite(struct counts *c, const char *t, size_t n, struct or_err *e)
{
	if (add_attr(&c->v[5], t, n, "tests", e) < 0 ||
	    add_attr(&c->v[2], t, n, "failures", e) < 0 ||
	    add_attr(&c->v[3], t, n, "errors", e) < 0 ||
	    add_attr(&c->v[4], t, n, "skipped", e) < 0 ||
	    add_attr(&c->v[6], t, n, "time", e) < 0)
		return -1;
	return 0;
}

static int
is_tag(const char *t, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n >= k && memcmp(t, name, k) == 0 && (n == k ||
	    blank(t[k]) || t[k] == '/' || t[k] == '>');
}

#define XML_DEPTH 256

/* When t opens with start, the position after the closing end mark (e when
 * there is none); NULL when t does not open with start. */
static const char *
skip_section(const char *t, const char *e, const char *start,
    const char *close)
{
	size_t sl = strlen(start), cl = strlen(close);

	if ((size_t)(e - t) < sl || memcmp(t, start, sl) != 0)
		return NULL;
	for (t += sl; (size_t)(e - t) >= cl; t++)
		if (memcmp(t, close, cl) == 0)
			return t + cl;
	return e;
}

/* Sum the leaf <testsuite> elements (or the root <testsuites>). */
static int
junit_counts(const char *buf, size_t n, struct counts *c, struct or_err *e)
{
	const char *p = buf, *end = buf + n, *gt, *t, *root = NULL;
	size_t tl, rootlen = 0;
	int depth = 0, suites = 0, selfclose;
	int child[XML_DEPTH];	/* per open testsuite: has a testsuite */
	const char *open[XML_DEPTH];
	size_t openlen[XML_DEPTH];

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		t = p + 1;
		if ((gt = skip_section(t, end, "!--", "-->")) != NULL ||
		    (gt = skip_section(t, end, "![CDATA[", "]]>")) != NULL) {
			if (gt == end)
				goto bad;
			p = gt;
			continue;
		}
		if (t < end && *t == '!')
			return or_error(e, "extract.bad_metric", "the junit "
			    "report declares a DOCTYPE or entity: refused");
		/* the tag ends at the first '>' outside a quoted value */
		{
			char q = 0;

			for (gt = t; gt < end; gt++) {
				if (q != 0 && *gt == q)
					q = 0;
				else if (q == 0 && (*gt == '"' || *gt == '\''))
					q = *gt;
				else if (q == 0 && *gt == '>')
					break;
			}
			if (gt >= end)
				goto bad;
		}
		tl = (size_t)(gt - t);
		p = gt + 1;
		if (tl > 0 && *t == '?')
			continue;
		selfclose = tl > 0 && t[tl - 1] == '/';
		if (tl > 0 && *t == '/') {
			if (is_tag(t + 1, tl - 1, "testsuite")) {
				if (depth == 0)
					goto bad;
				depth--;
				if (!child[depth] && add_suite(c, open[depth],
				    openlen[depth], e) < 0)
					return -1;
			}
			continue;
		}
		if (is_tag(t, tl, "testsuites") && root == NULL) {
			root = t;
			rootlen = tl;
		}
		if (!is_tag(t, tl, "testsuite"))
			continue;
		suites++;
		if (depth > 0)
			child[depth - 1] = 1;
		if (selfclose) {
			if (add_suite(c, t, tl, e) < 0)
				return -1;
			continue;
		}
		if (depth >= XML_DEPTH)
			return or_error(e, "extract.bad_metric", "junit "
			    "testsuites nested too deeply");
		open[depth] = t;
		openlen[depth] = tl;
		child[depth++] = 0;
	}
	if (depth != 0)
		goto bad;
	if (suites == 0) {
		if (root == NULL)
			return or_error(e, "extract.no_metric", "the junit "
			    "report has no testsuite");
		return add_suite(c, root, rootlen, e);
	}
	return 0;
bad:
	return or_error(e, "extract.bad_metric", "the junit report is not "
	    "well formed");
}

static int
ex_junit(const cJSON *spec, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	struct counts c;
	int f = field_index(spec, e), rc;

	if (f < 0)
		return -1;
	*matches = 0;
	counts_init(&c);
	rc = junit_counts(buf, n, &c, e);
	if (rc == 0) {
		*matches = 1;
		rc = counts_value(&c, f, value, e);
	}
	counts_free(&c);
	return rc;
}

/* One pytest summary line ("== 3 passed, 1 failed in 0.12s =="): 1 and the
 * counts, or 0 when the line is not one. */
static int
pytest_line(const char *l, size_t n, struct counts *c)
{
	static const struct {
		const char *w;
		int f;	/* index into counts, -1 ignored */
	} words[] = {
		{ "passed", 1 }, { "failed", 2 }, { "errors", 3 },
		{ "error", 3 }, { "skipped", 4 }, { "xfailed", -1 },
		{ "xpassed", -1 }, { "deselected", -1 }, { "warnings", -1 },
		{ "warning", -1 }, { "rerun", -1 },
	};
	size_t i = 0, k, w, any = 0;
	struct rat x;
	const char *num;

	while (n > 0 && (l[n - 1] == '=' || blank(l[n - 1])))
		n--;
	while (i < n && (l[i] == '=' || blank(l[i])))
		i++;
	/* an optional " (h:mm:ss)" after the seconds */
	if (n > 0 && l[n - 1] == ')') {
		for (k = n; k > i && l[k - 1] != '('; k--)
			;
		if (k > i + 1 && l[k - 2] == ' ')
			n = k - 2;
	}
	if (n < i + 4 || l[n - 1] != 's')
		return 0;
	for (k = n - 1; k > i && ((l[k - 1] >= '0' && l[k - 1] <= '9') ||
	    l[k - 1] == '.'); k--)
		;
	if (k == n - 1 || k < i + 4 || memcmp(l + k - 4, " in ", 4) != 0)
		return 0;
	rat_init(&x);
	if (rat_from_dec(&x, l + k, n - 1 - k, &(struct or_err){ 0 }) < 0) {
		rat_free(&x);
		return 0;
	}
	for (w = 0; w < 7; w++)
		rat_from_long(&c->v[w], 0);
	rat_copy(&c->v[6], &x);
	n = k - 4;
	while (i < n) {
		num = l + i;
		for (k = 0; i < n && l[i] >= '0' && l[i] <= '9'; i++, k++)
			;
		if (k == 0 || k > 18 || i >= n || l[i] != ' ')
			goto no;
		rat_from_dec(&x, num, k, &(struct or_err){ 0 });
		i++;
		for (w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
			size_t wl = strlen(words[w].w);

			if (i + wl <= n && memcmp(l + i, words[w].w, wl) == 0 &&
			    (i + wl == n || l[i + wl] == ','))
				break;
		}
		if (w == sizeof(words) / sizeof(words[0]))
			goto no;
		if (words[w].f > 0) {
			rat_add(&c->v[words[w].f], &c->v[words[w].f], &x);
			any = 1;
		}
		i += strlen(words[w].w);
		if (i < n) {
			if (i + 2 > n || l[i] != ',' || l[i + 1] != ' ')
				goto no;
			i += 2;
		}
	}
	rat_free(&x);
	if (!any)
		return 0;
	/* tests = passed + failed + errors + skipped */
	rat_add(&c->v[5], &c->v[1], &c->v[2]);
	rat_add(&c->v[5], &c->v[5], &c->v[3]);
	rat_add(&c->v[5], &c->v[5], &c->v[4]);
	return 1;
no:
	rat_free(&x);
	return 0;
}

static int
ex_pytest(const cJSON *spec, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	struct counts c, last;
	const char *line, *end;
	int f = field_index(spec, e), rc, w;

	if (f < 0)
		return -1;
	*matches = 0;
	counts_init(&c);
	counts_init(&last);
	for (line = buf; line < buf + n; line = end + 1) {
		end = memchr(line, '\n', (size_t)(buf + n - line));
		if (end == NULL)
			end = buf + n;
		if (pytest_line(line, (size_t)(end - line), &c)) {
			(*matches)++;
			for (w = 0; w < 7; w++)
				rat_copy(&last.v[w], &c.v[w]);
		}
	}
	if (*matches == 0)
		rc = or_error(e, "extract.no_metric", "no pytest summary line "
		    "in the stream");
	else
		rc = counts_value(&last, f, value, e);
	counts_free(&c);
	counts_free(&last);
	return rc;
}

int
extract_metric(const cJSON *spec, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	const char *kind;

	*value = NULL;
	*matches = 0;
	if (extract_check(spec, e) < 0)
		return -1;
	opt_str(spec, "kind", &kind, e);
	if (strcmp(kind, "regex") == 0)
		return ex_regex(spec, buf, n, value, matches, e);
	if (strcmp(kind, "json_pointer") == 0)
		return ex_json(spec, buf, n, value, matches, e);
	if (strcmp(kind, "junit") == 0)
		return ex_junit(spec, buf, n, value, matches, e);
	return ex_pytest(spec, buf, n, value, matches, e);
}
