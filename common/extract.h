/* extract: the metric extractors of protocol.md 4.6 (an "extract" object of
 * a protocol) applied to the bytes of one run's stream or file, and the RFC
 * 6901 JSON pointers they use.  One definition for or-bench (runs) and
 * or-protocol check (the golden exampleStdout).
 * Ownership: *value is malloc'd and freed by the caller; pointers returned by
 * jptr_get borrow from the document. */
#ifndef OR_EXTRACT_H
#define OR_EXTRACT_H

#include <stddef.h>

#include "decimal.h"
#include "json.h"
#include "util.h"

/* What an extract object reads: *path is set (relative to execution.cwd)
 * for a file, else *stream is "stdout" (the default) or "stderr".  Errors:
 * extract.bad_spec (a field of the wrong type or value). */
int extract_source(const cJSON *spec, const char **stream, const char **path,
    struct or_err *e);

/* Apply the extract object spec to the n bytes at buf (the stream, or the
 * file when spec has "path"; a NUL inside is allowed, invalid UTF-8 never
 * fails).  On success *value is the metric value in the canonical decimal
 * form of conventions.md 4, except a pass_rate (junit, pytest_summary),
 * which is the exact fraction "N/D" (D > 0; extract_score scales both), and
 * *matches is the match count of protocol.md 4.6 (regex: matches;
 * json_pointer: qualifying lines, 1 for a file; junit: 1; pytest_summary:
 * summary lines).  For junit, buf is the XML report.  custom fails with
 * extract.unsupported.
 * Errors: extract.bad_spec (missing or ill-typed pattern, jsonPointer, ...),
 * extract.unsupported, regex.bad_pattern, regex.limit, extract.no_metric (no
 * match, no qualifying line, no summary line, no suite; *matches is 0),
 * extract.bad_metric (the value found is not a metric value, a pass rate of
 * no test, inconsistent junit counts). */
int extract_metric(const cJSON *spec, const char *buf, size_t n,
    char **value, size_t *matches, struct or_err *e);

/* The oriented score of a value extract_metric gave: a decimal through
 * dec_score, a fraction "N/D" scaled exactly (round half to even once);
 * scale is a power of ten up to 10^18.  Errors: dec.*, extract.bad_metric. */
int extract_score(const char *value, const char *scale, int minimize,
    char out[DEC_MAX], struct or_err *e);

/* Check an RFC 6901 pointer ("" or "/a/b~1c/0"): 0, or -1 with
 * extract.bad_pointer naming what is wrong. */
int jptr_check(const char *ptr, size_t n, struct or_err *e);
/* The value ptr designates in doc, or NULL when it does not resolve (array
 * indices are decimal without leading zeros; "-" never resolves). */
const cJSON *jptr_get(const cJSON *doc, const char *ptr, size_t n);

#endif
