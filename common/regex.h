/* regex: PCRE2 patterns for metric extraction (protocol.md 4.6) and red-flag
 * patterns (workflows.md 4.5): compiled once with match limits, matched over
 * a whole stream in MULTILINE mode with \n and \r\n both ending a line.
 * Invalid UTF-8 in the subject never fails a match (program output is
 * untrusted).  Ownership: regex_compile returns an object the caller frees
 * with regex_free; match results are offsets into the caller's buffer. */
#ifndef OR_REGEX_H
#define OR_REGEX_H

#include <stddef.h>

#include "util.h"

struct or_regex;

/* NULL with e filled (regex.bad_pattern) when the pattern does not compile. */
struct or_regex *regex_compile(const char *pattern, struct or_err *e);
void regex_free(struct or_regex *re);

/* Matches taken left to right without overlap: *count gets their number and
 * [*start, *start + *len) the last one's first capture group, or the whole
 * match when the pattern has no group (or the group did not take part).
 * Returns 0, or -1 (regex.limit) when a match limit was hit. */
int regex_last(const struct or_regex *re, const char *buf, size_t n,
    size_t *count, size_t *start, size_t *len, struct or_err *e);
/* 1 when the pattern matches somewhere in buf, 0 when not, -1 on a limit. */
int regex_search(const struct or_regex *re, const char *buf, size_t n,
    struct or_err *e);

#endif
