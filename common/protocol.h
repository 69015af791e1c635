/* protocol: protocol.json (protocol.md): reading, the normalised bytes of
 * section 1, defaults, the checks of section 6, the discovery draft of
 * section 7 (scaffold) and program.md (render).
 * Ownership: protocol_load returns a tree the caller frees with cJSON_Delete;
 * functions that fill a struct buf append to it (the caller frees it);
 * problems are handed to the caller's callback and not kept. */
#ifndef OR_PROTOCOL_H
#define OR_PROTOCOL_H

#include <stddef.h>

#include "json.h"
#include "util.h"

#define PROTOCOL_MAX (4u * 1024 * 1024)	/* bytes of a protocol file */

/* Read and parse a protocol (or draft) file: one JSON object.  Errors:
 * file.*, json.*, protocol.too_large. */
cJSON *protocol_load(const char *path, struct or_err *e);

/* Normalise number fields in place (protocol.md 1: integers without
 * leading zeros, metricScale/fixedSeed strings up to 2^53-1 as integers,
 * sandbox.cpus as a string, other numbers in decimal output form).
 * Errors: protocol.type (a fraction or exponent in an integer field),
 * protocol.range, protocol.bad_number. */
int protocol_normalize(cJSON *doc, struct or_err *e);
/* Append the normalised layout of doc (keys sorted by bytes, two-space
 * indent, one final newline) to out.  Call protocol_normalize first. */
void protocol_print(const cJSON *doc, struct buf *out);
/* Write every default of protocol.md 4 that doc lacks.  seed_sources also
 * writes seedDerivation.sourcePaths (a copy of allowedGlobs). */
void protocol_defaults(cJSON *doc, int seed_sources);

/* 1 when ptr (RFC 6901, already checked) names a field the schema of
 * schemaKind kind ("protocol" or "discoveryDraft") knows. */
int protocol_known(const char *kind, const char *ptr, size_t n);

/* One problem found by protocol_check: field is a JSON pointer. */
typedef void (*protocol_report_fn)(void *arg, int warning, const char *field,
    const char *code, const char *msg);

struct protocol_check {
	const char *repo;	/* --repo DIR, or NULL */
	int eligible;		/* --eligible */
	protocol_report_fn report;
	void *arg;
	/* results */
	size_t errors, warnings;
	int needs_harness;	/* E6 failed alone: verdict needs_harness */
};

/* Every rule of protocol.md 6 on doc (a protocol or a discovery draft).
 * Returns 0 when the checks ran (c->errors says whether they passed), -1 with
 * e filled when they could not run (the --repo tree is unreadable: tree.*). */
int protocol_check(const cJSON *doc, struct protocol_check *c,
    struct or_err *e);

/* A protocol skeleton from a discovery draft (protocol.md 7), every
 * default written out.  Errors: protocol.not_draft. */
cJSON *protocol_scaffold(const cJSON *draft, struct or_err *e);

/* program.md for a coding agent, from the protocol alone. */
void protocol_render(const cJSON *doc, struct buf *out);

/* A decimal comparison of two canonical decimal strings: <0, 0, >0. */
int protocol_deccmp(const char *a, const char *b);

#endif
