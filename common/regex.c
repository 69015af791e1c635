/* regex: a thin, limited layer over libpcre2-8. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "banned.h"

/* Backtracking bounds: a hostile pattern or stream costs seconds, not hours. */
#define MATCH_LIMIT	10000000u
#define DEPTH_LIMIT	100000u
#define HEAP_LIMIT_KIB	65536u
#define PATTERN_MAX	4096

struct or_regex {
	pcre2_code *code;
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	uint32_t groups;
};

struct or_regex *
regex_compile(const char *pattern, struct or_err *e)
{
	struct or_regex *re;
	pcre2_compile_context *cctx;
	int err;
	PCRE2_SIZE off;
	size_t plen = strlen(pattern);

	if (plen > PATTERN_MAX) {
		or_error(e, "regex.bad_pattern", "pattern longer than %d bytes",
		    PATTERN_MAX);
		return NULL;
	}
	re = xcalloc(1, sizeof(*re));
	cctx = pcre2_compile_context_create(NULL);
	if (cctx == NULL)
		die_oom();
	pcre2_set_newline(cctx, PCRE2_NEWLINE_ANYCRLF);
	re->code = pcre2_compile((PCRE2_SPTR)pattern, plen,
	    PCRE2_MULTILINE | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off,
	    cctx);
	pcre2_compile_context_free(cctx);
	if (re->code == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(err, msg, sizeof(msg));
		or_error(e, "regex.bad_pattern", "invalid pattern at offset %zu: %s",
		    (size_t)off, (char *)msg);
		free(re);
		return NULL;
	}
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &re->groups);
	re->mctx = pcre2_match_context_create(NULL);
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	if (re->mctx == NULL || re->md == NULL)
		die_oom();
	pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(re->mctx, HEAP_LIMIT_KIB);
	return re;
}

void
regex_free(struct or_regex *re)
{
	if (re == NULL)
		return;
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mctx);
	pcre2_code_free(re->code);
	free(re);
}

/* One match at or after *pos: 1 found (ov set), 0 none, -1 limit. */
static int
match_from(const struct or_regex *re, const char *buf, size_t n, size_t pos,
    uint32_t opts, struct or_err *e)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)buf, n, pos, opts, re->md,
	    re->mctx);

	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_NOMEMORY)
		return or_error(e, "regex.limit",
		    "pattern hit its backtracking limit");
	return or_error(e, "regex.limit", "match failed (pcre2 error %d)", rc);
}

/* Length of the character at p (UTF-8 lead byte; 1 for invalid bytes). */
static size_t
char_len(const char *buf, size_t n, size_t p)
{
	unsigned char c = (unsigned char)buf[p];
	size_t l = c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

	if (p + 1 < n && buf[p] == '\r' && buf[p + 1] == '\n')
		return 2;
	return p + l <= n ? l : 1;
}

int
regex_last(const struct or_regex *re, const char *buf, size_t n,
    size_t *count, size_t *start, size_t *len, struct or_err *e)
{
	size_t pos = 0;
	int r = 0;

	*count = 0;
	*start = *len = 0;
	while (pos <= n && (r = match_from(re, buf, n, pos, 0, e)) == 1) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
		int g = re->groups >= 1 && ov[2] != PCRE2_UNSET ? 1 : 0;

		(*count)++;
		*start = ov[2 * g];
		*len = ov[2 * g + 1] - ov[2 * g];
		/* No overlap; an empty match moves on by one character. */
		if (ov[1] > ov[0])
			pos = ov[1];
		else if (ov[1] < n)
			pos = ov[1] + char_len(buf, n, ov[1]);
		else
			break;
	}
	return r < 0 ? -1 : 0;
}

int
regex_search(const struct or_regex *re, const char *buf, size_t n,
    struct or_err *e)
{
	return match_from(re, buf, n, 0, 0, e);
}
