/* extract: regex and json_pointer metric extractors, RFC 6901 pointers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "decimal.h"
#include "regex.h"
#include "banned.h"

static int
opt_str(const cJSON *spec, const char *key, const char **s, size_t *n,
    struct or_err *e)
{
	const cJSON *v = json_get(spec, key);

	*s = NULL;
	if (v == NULL)
		return 0;
	if ((*s = json_strval(v, n)) == NULL)
		return or_error(e, "extract.bad_spec", "extract '%s' must be a "
		    "string", key);
	return 1;
}

int
extract_source(const cJSON *spec, const char **stream, const char **path,
    struct or_err *e)
{
	size_t n;

	*stream = "stdout";
	*path = NULL;
	if (!cJSON_IsObject(spec))
		return or_error(e, "extract.bad_spec", "extract must be an "
		    "object");
	if (opt_str(spec, "path", path, &n, e) < 0)
		return -1;
	if (*path != NULL) {
		*stream = NULL;
		return 0;
	}
	if (opt_str(spec, "stream", stream, &n, e) < 0)
		return -1;
	if (*stream == NULL)
		*stream = "stdout";
	else if (strcmp(*stream, "stdout") != 0 &&
	    strcmp(*stream, "stderr") != 0)
		return or_error(e, "extract.bad_spec", "extract 'stream' must "
		    "be stdout or stderr, not '%s'", *stream);
	return 0;
}

/* The trimmed candidate [p, p + n) as a canonical metric value. */
static int
metric_value(const char *p, size_t n, char **value, struct or_err *e)
{
	struct or_err de = { 0 };

	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' ||
	    *p == '\f' || *p == '\v')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r' || p[n - 1] == '\n' || p[n - 1] == '\f' ||
	    p[n - 1] == '\v'))
		n--;
	if (dec_check(p, n, &de) < 0 ||
	    (*value = dec_normalize(p, n, &de)) == NULL) {
		if (n > 40)
			return or_error(e, "extract.bad_metric", "value '%.40s"
			    "...' is not a metric value", p);
		return or_error(e, "extract.bad_metric", "value '%.*s' is not "
		    "a metric value", (int)n, p);
	}
	return 0;
}

static int
by_regex(const cJSON *spec, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	const char *pat;
	size_t plen, start = 0, len = 0;
	struct or_regex *re;
	int rc;

	if ((rc = opt_str(spec, "pattern", &pat, &plen, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "extract.bad_spec", "a regex "
		    "extract needs 'pattern'");
	if (memchr(pat, '\0', plen) != NULL)
		return or_error(e, "regex.bad_pattern", "pattern holds a NUL "
		    "character");
	if ((re = regex_compile(pat, e)) == NULL)
		return -1;
	rc = regex_last(re, buf, n, matches, &start, &len, e);
	regex_free(re);
	if (rc < 0)
		return -1;
	if (*matches == 0)
		return or_error(e, "extract.no_metric", "pattern '%s' matches "
		    "nothing", pat);
	return metric_value(buf + start, len, value, e);
}

/* 1 when v is a number or a numeric string: *text, *tlen get its text. */
static int
numeric(const cJSON *v, const char **text, size_t *tlen, char tmp[64])
{
	struct or_err de = { 0 };

	if (json_is_number(v)) {
		*text = json_numtext(v, tmp);
		*tlen = strlen(*text);
		return 1;
	}
	if ((*text = json_strval(v, tlen)) != NULL &&
	    dec_check(*text, *tlen, &de) == 0)
		return 1;
	return 0;
}

static int
by_pointer(const cJSON *spec, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	const char *ptr, *path, *text = NULL, *line, *end, *q;
	size_t plen, tlen = 0, ln, lastn = 0;
	char tmp[64], *last = NULL;
	cJSON *doc;
	const cJSON *v;
	struct or_err je;
	int rc;

	if ((rc = opt_str(spec, "jsonPointer", &ptr, &plen, e)) <= 0)
		return rc < 0 ? -1 : or_error(e, "extract.bad_spec", "a "
		    "json_pointer extract needs 'jsonPointer'");
	if (jptr_check(ptr, plen, e) < 0 ||
	    opt_str(spec, "path", &path, &ln, e) < 0)
		return -1;
	*matches = 0;
	if (path != NULL) {
		/* the whole file is one JSON document */
		if ((doc = json_parse(buf, n, 0, &je)) == NULL)
			return or_error(e, "extract.no_metric", "'%s' is not "
			    "JSON: %s", path, je.msg);
		v = jptr_get(doc, ptr, plen);
		if (v == NULL || !numeric(v, &text, &tlen, tmp)) {
			cJSON_Delete(doc);
			return or_error(e, "extract.no_metric", "pointer '%s' "
			    "gives no number in '%s'", ptr, path);
		}
		*matches = 1;
		rc = metric_value(text, tlen, value, e);
		cJSON_Delete(doc);
		return rc;
	}
	for (line = buf; line < buf + n; line = end + 1) {
		if ((end = memchr(line, '\n', (size_t)(buf + n - line))) ==
		    NULL)
			end = buf + n;
		ln = (size_t)(end - line);
		if (ln > 0 && line[ln - 1] == '\r')
			ln--;
		for (q = line; q < line + ln && (*q == ' ' || *q == '\t'); q++)
			;
		if (q == line + ln || *q != '{')
			continue;
		if ((doc = json_parse(line, ln, 1, &je)) == NULL)
			continue;
		v = jptr_get(doc, ptr, plen);
		if (v != NULL && numeric(v, &text, &tlen, tmp)) {
			(*matches)++;
			free(last);
			last = xmemdup(text, tlen);
			lastn = tlen;
		}
		cJSON_Delete(doc);
	}
	if (last == NULL)
		return or_error(e, "extract.no_metric", "no line is a JSON "
		    "object with a number at '%s'", ptr);
	rc = metric_value(last, lastn, value, e);
	free(last);
	return rc;
}

/* ---- counts: pytest_summary and junit ---- */

struct counts {
	uint64_t tests, passed, failed, errors, skipped;
	char *seconds;		/* canonical decimal, malloc'd */
};

/* a + b for canonical non-negative decimals, malloc'd. */
static char *
dec_add(const char *a, const char *b)
{
	const char *da = strchr(a, '.'), *db = strchr(b, '.');
	size_t ia = da ? (size_t)(da - a) : strlen(a);
	size_t ib = db ? (size_t)(db - b) : strlen(b);
	size_t fa = da ? strlen(da + 1) : 0, fb = db ? strlen(db + 1) : 0;
	size_t il = (ia > ib ? ia : ib) + 1, fl = fa > fb ? fa : fb, k, n;
	char *r = xmalloc(il + fl + 2), *o;
	int carry = 0, x, y;

	/* digits right to left: fraction, then integer part */
	r[il + fl + 1] = '\0';
	for (k = fl; k-- > 0;) {
		x = k < fa ? da[1 + k] - '0' : 0;
		y = k < fb ? db[1 + k] - '0' : 0;
		x += y + carry;
		carry = x / 10;
		r[il + 1 + k] = (char)('0' + x % 10);
	}
	r[il] = '.';
	for (k = 0; k < il; k++) {
		x = k < ia ? a[ia - 1 - k] - '0' : 0;
		y = k < ib ? b[ib - 1 - k] - '0' : 0;
		x += y + carry;
		carry = x / 10;
		r[il - 1 - k] = (char)('0' + x % 10);
	}
	/* canonical: no leading zeros, no trailing fractional zeros */
	n = strlen(r);
	while (n > il + 1 && r[n - 1] == '0')
		r[--n] = '\0';
	if (r[n - 1] == '.')
		r[--n] = '\0';
	for (o = r; o[0] == '0' && o[1] != '\0' && o[1] != '.'; o++)
		;
	memmove(r, o, strlen(o) + 1);
	return r;
}

/* The field asked for, from the counts: *value malloc'd. */
static int
count_field(const cJSON *spec, const struct counts *c, char **value,
    struct or_err *e)
{
	const char *f = json_strval(json_get(spec, "field"), NULL);
	uint64_t v, den;

	if (f == NULL || strcmp(f, "pass_rate") == 0) {
		den = c->tests - c->skipped;
		if (c->tests < c->skipped || den == 0)
			return or_error(e, "extract.bad_metric", "pass_rate of "
			    "%llu passed out of no counted test",
			    (unsigned long long)c->passed);
		*value = xasprintf("%llu/%llu", (unsigned long long)c->passed,
		    (unsigned long long)den);
		return 0;
	}
	if (strcmp(f, "seconds") == 0) {
		*value = xstrdup(c->seconds != NULL ? c->seconds : "0");
		return 0;
	}
	if (strcmp(f, "passed") == 0)
		v = c->passed;
	else if (strcmp(f, "failed") == 0)
		v = c->failed;
	else if (strcmp(f, "errors") == 0)
		v = c->errors;
	else if (strcmp(f, "skipped") == 0)
		v = c->skipped;
	else if (strcmp(f, "tests") == 0)
		v = c->tests;
	else
		return or_error(e, "extract.bad_spec", "extract 'field' must be "
		    "pass_rate, passed, failed, errors, skipped, tests or "
		    "seconds, not '%s'", f);
	*value = xasprintf("%llu", (unsigned long long)v);
	return 0;
}

static int
ps_isdigits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int
add_u64(uint64_t *a, uint64_t b)
{
	return __builtin_add_overflow(*a, b, a) ? -1 : 0;
}

/* One pytest summary line ("=== 3 passed, 1 failed in 0.12s ==="). */
static int
pytest_line(const char *p, size_t n, struct counts *c)
{
	const char *end = p + n, *w, *in = NULL, *q;
	uint64_t num;
	size_t wl;
	char *secs;
	struct or_err de;
	int items = 0, rc = 0;

	memset(c, 0, sizeof(*c));
	while (p < end && (*p == '=' || *p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == '=' || end[-1] == ' ' ||
	    end[-1] == '\t' || end[-1] == '\r'))
		end--;
	/* the tail " in X.YZs", optionally " (H:MM:SS)" */
	if (end > p && end[-1] == ')') {
		for (q = end - 1; q > p && *q != '('; q--)
			;
		if (q > p && q[-1] == ' ')
			end = q - 1;
	}
	if (end - p < 5 || end[-1] != 's')
		return 0;
	for (q = end - 1; q > p && ((q[-1] >= '0' && q[-1] <= '9') ||
	    q[-1] == '.'); q--)
		;
	if (q == end - 1 || q - p < 4 || strncmp(q - 4, " in ", 4) != 0)
		return 0;
	in = q - 4;
	if (dec_check(q, (size_t)(end - 1 - q), &de) < 0)
		return 0;
	if (in - p == 12 && strncmp(p, "no tests ran", 12) == 0)
		goto secs;
	while (p < in) {
		if (*p < '0' || *p > '9')
			return 0;
		for (num = 0; p < in && *p >= '0' && *p <= '9'; p++)
			if (__builtin_mul_overflow(num, 10, &num) ||
			    __builtin_add_overflow(num, (uint64_t)(*p - '0'),
			    &num))
				return 0;
		if (p >= in || *p++ != ' ')
			return 0;
		for (w = p; p < in && *p != ','; p++)
			;
		wl = (size_t)(p - w);
#define IS(s) (wl == sizeof(s) - 1 && memcmp(w, s, wl) == 0)
		if (IS("passed"))
			rc = add_u64(&c->passed, num);
		else if (IS("failed"))
			rc = add_u64(&c->failed, num);
		else if (IS("error") || IS("errors"))
			rc = add_u64(&c->errors, num);
		else if (IS("skipped"))
			rc = add_u64(&c->skipped, num);
		else if (!IS("xfailed") && !IS("xpassed") &&
		    !IS("deselected") && !IS("warning") && !IS("warnings") &&
		    !IS("rerun") && !IS("reruns"))
			return 0;
#undef IS
		if (rc < 0)
			return 0;
		items++;
		if (p < in) {
			if (in - p < 2 || p[1] != ' ')
				return 0;
			p += 2;
		}
	}
	if (items == 0)
		return 0;
secs:
	secs = dec_normalize(q, (size_t)(end - 1 - q), &de);
	if (secs == NULL)
		return 0;
	c->seconds = secs;
	if (add_u64(&c->tests, c->passed) < 0 ||
	    add_u64(&c->tests, c->failed) < 0 ||
	    add_u64(&c->tests, c->errors) < 0 ||
	    add_u64(&c->tests, c->skipped) < 0) {
		free(secs);
		c->seconds = NULL;
		return 0;
	}
	return 1;
}

static int
by_pytest(const cJSON *spec, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	const char *line, *end;
	struct counts c, last = { 0 };
	int rc;

	for (line = buf; line < buf + n; line = end + 1) {
		if ((end = memchr(line, '\n', (size_t)(buf + n - line))) ==
		    NULL)
			end = buf + n;
		if (pytest_line(line, (size_t)(end - line), &c)) {
			(*matches)++;
			free(last.seconds);
			last = c;
		}
	}
	if (*matches == 0)
		return or_error(e, "extract.no_metric", "no pytest summary "
		    "line ('N passed, ... in X.YZs')");
	/* pass_rate counts passed + failed + errors, skipped aside */
	rc = count_field(spec, &last, value, e);
	free(last.seconds);
	return rc;
}

/* The value of attribute name in the tag [p, end), or NULL. */
static const char *
xml_attr(const char *p, const char *end, const char *name, size_t *vn)
{
	size_t nl = strlen(name);
	const char *v;
	char q;

	while (p < end) {
		while (p < end && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '\r')
			p++;
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
		    *p == '\r'))
			p++;
		if ((size_t)(end - p) > nl && memcmp(p, name, nl) == 0 &&
		    (p[nl] == '=' || p[nl] == ' ')) {
			for (v = p + nl; v < end && (*v == ' ' || *v == '='); v++)
				;
			if (v >= end || (*v != '"' && *v != '\''))
				return NULL;
			q = *v++;
			for (p = v; p < end && *p != q; p++)
				;
			*vn = (size_t)(p - v);
			return v;
		}
		/* skip this attribute's quoted value */
		while (p < end && *p != '"' && *p != '\'' && *p != ' ')
			p++;
		if (p < end && (*p == '"' || *p == '\'')) {
			q = *p++;
			while (p < end && *p != q)
				p++;
			p++;
		}
	}
	return NULL;
}

static int
suite_add(const char *tag, const char *end, struct counts *c,
    struct or_err *e)
{
	static const char *const names[] = { "tests", "failures", "errors",
		"skipped" };
	uint64_t *dst[] = { &c->tests, &c->failed, &c->errors, &c->skipped };
	const char *v;
	char *t, *s;
	size_t vn, i;
	uint64_t u;
	struct or_err de;

	for (i = 0; i < 4; i++) {
		if ((v = xml_attr(tag, end, names[i], &vn)) == NULL)
			continue;
		t = xmemdup(v, vn);
		if (parse_u64(t, &u) < 0 || add_u64(dst[i], u) < 0) {
			or_error(e, "extract.bad_metric", "junit attribute "
			    "%s=\"%.40s\" is not a count", names[i], t);
			free(t);
			return -1;
		}
		free(t);
	}
	if ((v = xml_attr(tag, end, "time", &vn)) != NULL) {
		if (vn == 0 || *v == '-' || (t = dec_normalize(v, vn, &de)) ==
		    NULL)
			return or_error(e, "extract.bad_metric", "junit time "
			    "\"%.*s\" is not a duration", (int)(vn > 40 ? 40 :
			    vn), v);
		s = dec_add(c->seconds != NULL ? c->seconds : "0", t);
		free(t);
		free(c->seconds);
		c->seconds = s;
	}
	return 0;
}

#define JUNIT_DEPTH 256

/* When t opens with start, the position after the first close mark (end
 * when there is none); NULL when t does not open with start. */
static const char *
skip_section(const char *t, const char *end, const char *start,
    const char *close)
{
	size_t sl = strlen(start), cl = strlen(close);

	if ((size_t)(end - t) < sl || memcmp(t, start, sl) != 0)
		return NULL;
	for (t += sl; (size_t)(end - t) >= cl; t++)
		if (memcmp(t, close, cl) == 0)
			return t + cl;
	return end;
}

/* The '>' that ends the tag at t: the first one outside a quoted
 * attribute value; NULL when there is none. */
static const char *
tag_end(const char *t, const char *end)
{
	char q = 0;

	for (; t < end; t++) {
		if (q != 0 && *t == q)
			q = 0;
		else if (q == 0 && (*t == '"' || *t == '\''))
			q = *t;
		else if (q == 0 && *t == '>')
			return t;
	}
	return NULL;
}

static int
by_junit(const cJSON *spec, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	const char *p = buf, *end = buf + n, *t, *te;
	struct counts c = { 0 }, root = { 0 };
	int has_child[JUNIT_DEPTH], depth = 0, suites = 0, rootseen = 0;
	const char *open[JUNIT_DEPTH], *open_end[JUNIT_DEPTH];
	int rc = -1;

	while ((t = memchr(p, '<', (size_t)(end - p))) != NULL) {
		/* comments and CDATA are skipped whole (unterminated: the end) */
		if ((te = skip_section(t, end, "<!--", "-->")) != NULL ||
		    (te = skip_section(t, end, "<![CDATA[", "]]>")) != NULL) {
			if (te == end)
				break;
			p = te;
			continue;
		}
		/* sandbox.md 6: the XML reader refuses DOCTYPE and entity
		 * declarations (no entity is ever expanded) */
		if ((size_t)(end - t) >= 2 && t[1] == '!') {
			or_error(e, "extract.bad_metric", "the junit report "
			    "declares a DOCTYPE or entity: refused");
			goto out;
		}
		if ((te = tag_end(t, end)) == NULL)
			break;
		p = te + 1;
		if ((size_t)(te - t) >= 11 && memcmp(t, "<testsuites", 11) == 0 &&
		    (t[11] == ' ' || t[11] == '>' || t[11] == '\n' ||
		    t[11] == '\t' || t[11] == '\r' || t[11] == '/')) {
			if (!rootseen && suite_add(t, te, &root, e) < 0)
				goto out;
			rootseen = 1;
		} else if ((size_t)(te - t) >= 10 &&
		    memcmp(t, "<testsuite", 10) == 0 && (t[10] == ' ' ||
		    t[10] == '>' || t[10] == '\n' || t[10] == '\t' ||
		    t[10] == '\r' || t[10] == '/')) {
			suites++;
			if (depth > 0)
				has_child[depth - 1] = 1;
			if (te[-1] == '/') {	/* <testsuite .../>: a leaf */
				if (suite_add(t, te, &c, e) < 0)
					goto out;
				continue;
			}
			if (depth == JUNIT_DEPTH) {
				or_error(e, "extract.bad_metric", "junit "
				    "testsuites nested deeper than %d",
				    JUNIT_DEPTH);
				goto out;
			}
			open[depth] = t;
			open_end[depth] = te;
			has_child[depth++] = 0;
		} else if ((size_t)(te - t) >= 11 &&
		    memcmp(t, "</testsuite", 11) == 0 && (t[11] == '>' ||
		    t[11] == ' ' || t[11] == '\t' || t[11] == '\n' ||
		    t[11] == '\r') && depth > 0) {
			depth--;
			if (!has_child[depth] && suite_add(open[depth],
			    open_end[depth], &c, e) < 0)
				goto out;
		}
	}
	if (suites == 0 && !rootseen) {
		or_error(e, "extract.no_metric", "no <testsuite> or "
		    "<testsuites> in the report");
		goto out;
	}
	if (suites == 0) {
		free(c.seconds);
		c = root;
		root.seconds = NULL;
	}
	*matches = 1;
	if (c.tests < c.failed || c.tests - c.failed < c.errors ||
	    c.tests - c.failed - c.errors < c.skipped) {
		or_error(e, "extract.bad_metric", "junit counts: %llu tests "
		    "but %llu failures, %llu errors, %llu skipped",
		    (unsigned long long)c.tests, (unsigned long long)c.failed,
		    (unsigned long long)c.errors, (unsigned long long)c.skipped);
		goto out;
	}
	c.passed = c.tests - c.failed - c.errors - c.skipped;
	rc = count_field(spec, &c, value, e);
out:
	free(c.seconds);
	free(root.seconds);
	return rc;
}

int
extract_metric(const cJSON *spec, const char *buf, size_t n, char **value,
    size_t *matches, struct or_err *e)
{
	const char *kind, *stream, *path;
	size_t kn;

	*value = NULL;
	*matches = 0;
	if (extract_source(spec, &stream, &path, e) < 0)
		return -1;
	if (opt_str(spec, "kind", &kind, &kn, e) < 0)
		return -1;
	if (kind == NULL)
		return or_error(e, "extract.bad_spec", "extract has no 'kind'");
	if (strcmp(kind, "regex") == 0)
		return by_regex(spec, buf, n, value, matches, e);
	if (strcmp(kind, "json_pointer") == 0)
		return by_pointer(spec, buf, n, value, matches, e);
	if (strcmp(kind, "junit") == 0)
		return by_junit(spec, buf, n, value, matches, e);
	if (strcmp(kind, "pytest_summary") == 0)
		return by_pytest(spec, buf, n, value, matches, e);
	if (strcmp(kind, "custom") == 0)
		return or_error(e, "extract.unsupported", "extract kind '%s' is "
		    "not implemented", kind);
	return or_error(e, "extract.bad_spec", "unknown extract kind '%s'",
	    kind);
}

int
jptr_check(const char *p, size_t n, struct or_err *e)
{
	size_t i;

	if (n == 0)
		return 0;
	if (p[0] != '/')
		return or_error(e, "extract.bad_pointer", "JSON pointer '%.*s' "
		    "does not start with '/'", (int)n, p);
	for (i = 0; i < n; i++) {
		if (p[i] == '\0')
			return or_error(e, "extract.bad_pointer", "JSON pointer "
			    "holds a NUL character");
		if (p[i] == '~' && (i + 1 >= n || (p[i + 1] != '0' &&
		    p[i + 1] != '1')))
			return or_error(e, "extract.bad_pointer", "JSON pointer "
			    "'%.*s': '~' must be followed by 0 or 1", (int)n, p);
	}
	return 0;
}

/* Token [s, se) unescaped into a malloc'd string. */
static char *
token(const char *s, const char *se)
{
	char *t = xmalloc((size_t)(se - s) + 1), *o = t;

	while (s < se) {
		if (*s == '~' && s + 1 < se) {
			*o++ = s[1] == '1' ? '/' : '~';
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return t;
}

const cJSON *
jptr_get(const cJSON *doc, const char *p, size_t n)
{
	const char *s = p, *pe = p + n, *se;
	const cJSON *c = NULL;
	char *t;
	size_t i, idx;

	if (n > 0 && *p != '/')
		return NULL;
	while (doc != NULL && s < pe) {
		s++;
		if ((se = memchr(s, '/', (size_t)(pe - s))) == NULL)
			se = pe;
		t = token(s, se);
		if (cJSON_IsObject(doc)) {
			for (c = doc->child; c != NULL; c = c->next)
				if (c->string != NULL && strcmp(c->string, t) == 0)
					break;
			doc = c;
		} else if (cJSON_IsArray(doc)) {
			idx = 0;
			for (i = 0; t[i] != '\0'; i++) {
				if (t[i] < '0' || t[i] > '9' || (i == 0 &&
				    t[0] == '0' && t[1] != '\0') || idx >
				    (SIZE_MAX - 9) / 10)
					break;
				idx = idx * 10 + (size_t)(t[i] - '0');
			}
			if (i == 0 || t[i] != '\0')
				doc = NULL;
			else
				for (c = doc->child; c != NULL && idx > 0; idx--)
					c = c->next;
			if (doc != NULL)
				doc = c;
		} else {
			doc = NULL;
		}
		free(t);
		s = se;
	}
	return doc;
}

int
extract_score(const char *value, const char *scale, int minimize,
    char out[DEC_MAX], struct or_err *e)
{
	const char *slash = strchr(value, '/');
	unsigned __int128 prod, q, r;
	uint64_t num, den, sc;
	char *a, *b, tmp[48];
	size_t k = 0;
	int up;

	if (slash == NULL)
		return dec_score(value, strlen(value), scale, minimize, out, e);
	a = xmemdup(value, (size_t)(slash - value));
	b = xstrdup(slash + 1);
	if (!ps_isdigits(a) || !ps_isdigits(b) || parse_u64(a, &num) < 0 ||
	    parse_u64(b, &den) < 0 || den == 0 || parse_u64(scale, &sc) < 0 ||
	    sc > 1000000000000000000ull) {
		free(a);
		free(b);
		return or_error(e, "extract.bad_metric", "'%.60s' is not a "
		    "fraction N/D with a scale up to 10^18", value);
	}
	free(a);
	free(b);
	/* round_half_even(num * sc / den): below 2^64 * 2^60, no overflow */
	prod = (unsigned __int128)num * sc;
	q = prod / den;
	r = prod % den;
	up = 2 * r > den || (2 * r == den && (q & 1));
	q += up;
	do {
		tmp[k++] = (char)('0' + (int)(q % 10));
		q /= 10;
	} while (q > 0);
	if (minimize && !(k == 1 && tmp[0] == '0'))
		*out++ = '-';
	while (k > 0)
		*out++ = tmp[--k];
	*out = '\0';
	return 0;
}
