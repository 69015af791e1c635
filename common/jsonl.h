/* jsonl: the JSON-lines filter contract of conventions.md (sections 1, 2, 5
 * and 7): read records, pass through upstream errors, write enriched records
 * in order, in-band error objects, sticky exit status, checked writes.
 * Ownership: jl_next returns a record the caller hands back to jl_emit, which
 * frees it; the struct jl owns its buffers until jl_finish. */
#ifndef OR_JSONL_H
#define OR_JSONL_H

#include <stddef.h>

#include "json.h"
#include "util.h"

#define JL_MAX_LINE (16u * 1024 * 1024)

struct jl {
	const char *tool;	/* "or-hash" */
	int quiet, fail_fast;
	int status;		/* sticky: 0, 1, 4 or 5 */
	long line;		/* line number of the current record, 0 if none */
	int argmode;		/* records come from operands: no "line" */
	int stop;		/* fail_fast tripped */
	const char *const *kinds;	/* detail kinds this tool consumes */
	const char *parse_hint;	/* "hint:" line after the first line that is
				 * not JSON, or NULL */
	struct or_err err;	/* the failure of the current record */
	/* reader state */
	int fd, eof;
	char *buf;
	size_t start, end, cap;
	/* writer state */
	int flush_each;
	struct buf out;
};

/* Set up stdin/stdout handling (ignores SIGPIPE). */
void jl_init(struct jl *j, const char *tool);
/* Next record to process, or NULL at end of input.  Blank lines are
 * skipped; unparsable lines, records carrying "error" and detail records of
 * other tools' kinds are written out here and never returned. */
cJSON *jl_next(struct jl *j);
/* Write rec (freed here).  rc < 0 means the record failed: j->err is
 * appended as the "error" object and counted in the exit status. */
void jl_emit(struct jl *j, cJSON *rec, int rc);
/* Write rec (freed here) failed with the error object eo (taken over),
 * built by jl_error_object and given extras: reported and counted as
 * j->err says. */
void jl_emit_error(struct jl *j, cJSON *rec, cJSON *eo);
/* Write a detail record before the enriched record (freed here). */
void jl_detail(struct jl *j, cJSON *rec);
/* Mark the current record as failed without an error object (a negative
 * outcome documented as data); status is 1, 4 or 5. */
void jl_failed(struct jl *j, int status);
/* Flush and close stdout (exit 3 on error); returns the exit status. */
int jl_finish(struct jl *j);

/* "tool: error: [line N: ]MESSAGE" on stderr for a failed record, unless
 * quiet (jl_emit does it for rc < 0; a tool calls it for failures it
 * records as data, or before hints of its own). */
void jl_report(const struct jl *j, const struct or_err *e);
/* Build the error object for e as written in records. */
cJSON *jl_error_object(const struct jl *j, const struct or_err *e);

#endif
