/* extract: the metric extractors of protocol.md 4.6 (an "extract" object of
 * a protocol) applied to the bytes of one run's stream or file, and the RFC
 * 6901 JSON pointers they use.  One definition for or-bench (runs) and
 * or-protocol check (the golden exampleStdout).
 * Ownership: *value is malloc'd and freed by the caller; pointers returned by
 * jptr_get borrow from the document. */
#ifndef OR_EXTRACT_H
#define OR_EXTRACT_H

#include <stddef.h>

#include "json.h"
#include "util.h"

/* What an extract object reads: *path is set (relative to execution.cwd)
 * for a file, else *stream is "stdout" (the default) or "stderr".  Errors:
 * extract.bad_spec (a field of the wrong type or value). */
int extract_source(const cJSON *spec, const char **stream, const char **path,
    struct or_err *e);

/* Check spec before any run: kind implemented, fields well typed, the
 * pattern compiles.  Errors: extract.bad_spec, extract.unsupported (custom,
 * an unknown kind), regex.bad_pattern. */
int extract_check(const cJSON *spec, struct or_err *e);

/* Apply the extract object spec to the n bytes at buf (the stream, or the
 * file when spec has "path"; a NUL inside is allowed, invalid UTF-8 never
 * fails).  On success *value is the metric value in the canonical decimal
 * form of conventions.md 4, or for a junit / pytest_summary pass_rate that
 * has no finite decimal form the exact fraction "N/D" in lowest terms (see
 * rat_from_metric); *matches is the match count of protocol.md 4.6 (regex:
 * matches; json_pointer: qualifying lines, 1 for a file; junit: 1;
 * pytest_summary: summary lines).
 * Kinds: regex, json_pointer, junit, pytest_summary; custom fails with
 * extract.unsupported.  Fields of junit and pytest_summary: pass_rate (the
 * default), passed, failed, errors, skipped, tests, seconds.
 * Errors: extract.bad_spec, extract.unsupported, regex.bad_pattern,
 * regex.limit, extract.no_metric (no match, no qualifying line, no summary
 * line; *matches is 0), extract.bad_metric (the value found is not a metric
 * value, a junit report that is not well formed or declares a DOCTYPE or
 * entity, a pass rate over zero tests; *matches is set). */
int extract_metric(const cJSON *spec, const char *buf, size_t n,
    char **value, size_t *matches, struct or_err *e);

/* Check an RFC 6901 pointer ("" or "/a/b~1c/0"): 0, or -1 with
 * extract.bad_pointer naming what is wrong. */
int jptr_check(const char *ptr, size_t n, struct or_err *e);
/* The value ptr designates in doc, or NULL when it does not resolve (array
 * indices are decimal without leading zeros; "-" never resolves). */
const cJSON *jptr_get(const cJSON *doc, const char *ptr, size_t n);

#endif
