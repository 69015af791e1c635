/* protoschema: the field tables of protocol.md, shared by the protocol
 * modules (protocol.c, protocheck.c, protorender.c).
 * Ownership: every table is static and read-only. */
#ifndef OR_PROTOSCHEMA_H
#define OR_PROTOSCHEMA_H

#include <stddef.h>

#include "json.h"

enum ps_type {
	T_STR, T_BOOL, T_INT, T_NUM,
	T_SINT,		/* integer, or a decimal string (metricScale, fixedSeed) */
	T_CPUS,		/* decimal integer string; a JSON integer is accepted */
	T_OBJ, T_OBJS, T_STRS, T_GLOBS,
	T_SETUP		/* setupCommands: strings or {kind, args} */
};

#define F_REQ		1	/* required */
#define F_V11		2	/* protocolVersion 1.1 only */
#define F_NONEMPTY	4	/* non-empty string, or at least one item */
#define F_OPEN		8	/* object: unknown keys allowed */
#define F_PATH		16	/* string: a relative path */

struct ps_field {
	const char *name;
	int type;
	unsigned flags;
	const char *const *vals;	/* allowed strings, NULL-terminated */
	const struct ps_field *sub;	/* T_OBJ, T_OBJS */
	long long min, max;		/* T_INT (max -1: none), T_NUM min */
};

extern const struct ps_field ps_protocol[], ps_draft[], ps_extract[],
    ps_stop[];
extern const char *const ps_archetypes[];

const struct ps_field *ps_lookup(const struct ps_field *s, const char *name);
/* The table for doc's schemaKind (a draft, else a protocol). */
const struct ps_field *ps_schema(const cJSON *doc);
/* 1 when the n bytes at s are all decimal digits (and n > 0). */
int ps_digits(const char *s, size_t n);

#endif
