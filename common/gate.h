/* gate: what a candidate may change (workflows.md 2.3 and 4.5): path
 * classes, the harness tamper check and the static gates over the changed
 * set of two trees, with the red-flag patterns.
 * Ownership: a struct gate owns its protocol tree, globs and compiled
 * patterns until gate_free; findings are handed to the caller's callback
 * and not kept. */
#ifndef OR_GATE_H
#define OR_GATE_H

#include <stddef.h>

#include "json.h"
#include "util.h"

struct or_regex;

struct gate_flag {
	int block;		/* block: (else warn:) */
	char *pattern;
	struct or_regex *re;
};

struct gate {
	cJSON *doc;
	const char **allowed, **forbidden, **harness;
	size_t nallowed, nforbidden, nharness;
	int no_new_deps;
	struct gate_flag *flags;
	size_t nflags;
};

/* Read the protocol's globs and noNewDependencies.  Errors: file.*, json.*,
 * gate.bad_protocol. */
int gate_load(struct gate *g, const char *protocol, struct or_err *e);
/* Red-flag patterns, one per line "block:RE" or "warn:RE" ('#' comments
 * and blank lines skipped) from file, or the built-in list when file is
 * NULL.  Errors: file.*, gate.bad_red_flags (line named). */
int gate_flags_load(struct gate *g, const char *file, struct or_err *e);
void gate_free(struct gate *g);

/* The class of a path, checked in the order of workflows.md 2.3: "denied",
 * "immutable", "forbidden", "mutable" or "other". */
const char *gate_class(const struct gate *g, const char *path);
/* 1 when the file name of path is a dependency manifest. */
int gate_dependency(const char *path);
/* The built-in red-flag list (the shipped red-flags.txt), NULL-terminated. */
extern const char *const gate_default_flags[];

/* One finding: the gate's name, the path, warning or reject, and a detail
 * (may be ""). */
typedef void (*gate_finding_fn)(void *arg, const char *gate, const char *path,
    int warning, const char *detail);

struct gate_stats {
	size_t changed, rejects, warnings;
};

/* The harness check of workflows.md 4.5 between two folders (or work
 * trees).  Returns 0 when it ran (st->rejects counts differences), -1 when a
 * tree could not be read (tree.*, gate.read): never a finding. */
int gate_harness(const struct gate *g, const char *trusted,
    const char *candidate, gate_finding_fn fn, void *arg,
    struct gate_stats *st, struct or_err *e);
/* The changed set D of base and candidate and the static gates in order:
 * hard_deny, forbidden, immutable, outside_surface, symlink, dependency,
 * red_flag_block, red_flag_warn, binary_added.  Returns as gate_harness. */
int gate_diff(const struct gate *g, const char *base, const char *candidate,
    gate_finding_fn fn, void *arg, struct gate_stats *st, struct or_err *e);

#endif
