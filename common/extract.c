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
	if (strcmp(kind, "junit") == 0 || strcmp(kind, "pytest_summary") == 0 ||
	    strcmp(kind, "custom") == 0)
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
