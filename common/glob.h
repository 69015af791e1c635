/* glob: path globs of protocol.md section 2 (anchored; * and ? never cross
 * /; ** as a whole segment; a match on a directory covers everything below
 * it), and the reference implementation's fnmatch rule (hashes.md 3.3).
 * Ownership: nothing is allocated that outlives a call. */
#ifndef OR_GLOB_H
#define OR_GLOB_H

#include <stddef.h>

/* 1 when pattern matches path or one of its parent directories. */
int glob_match(const char *pattern, const char *path);
int glob_match_any(const char *const *patterns, size_t n, const char *path);
/* The hard-deny list of workflows.md 2.3, NULL-terminated. */
extern const char *const glob_hard_deny[];
int glob_hard_denied(const char *path);

/* Python fnmatch.fnmatchcase on code points: * and ? cross /, [..] sets with
 * ! negation, no escapes. */
int glob_fnmatch_py(const char *pattern, const char *path);
/* The reference selection rule (hashes.md 3.3 clauses a, b, c). */
int glob_reference_select(const char *glob, const char *path);

#endif
