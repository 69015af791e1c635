/* linkres: where a symbolic link of a tree leads, resolved from the link's
 * own folder component by component; with a lookup, every link met on the
 * way is replaced by its own target, as the kernel would follow it.  One
 * walk for the archive rules of hashes.md 4.1 (tar) and the symlink gate
 * of workflows.md 4.5 (gate).
 * Ownership: the caller owns out and everything it passes in. */
#ifndef OR_LINKRES_H
#define OR_LINKRES_H

#include <stddef.h>

#include "util.h"

#define LINKRES_HOPS_MAX 40	/* links followed in one resolution */

enum linkres_end {
	LINKRES_INSIDE = 0,	/* out holds the path it leads to ("" the top) */
	LINKRES_ESCAPE,		/* absolute, or '..' above the top */
	LINKRES_LOOP,		/* more than LINKRES_HOPS_MAX links on the way */
	LINKRES_GIT		/* a '.git' component (any case), with no_git */
};

/* Whether path (n bytes) is a link of the tree: 1 with its target in
 * *target, 0 not a link, -1 on error (e filled). */
typedef int (*linkres_lookup)(void *arg, const char *path, size_t n,
    struct buf *target, struct or_err *e);

/* Resolve the link at path link (ln bytes) with target (tn bytes); look
 * NULL resolves lexically only.  Returns an enum linkres_end, or -1 when
 * the lookup failed. */
int linkres(const char *link, size_t ln, const char *target, size_t tn,
    linkres_lookup look, void *arg, int no_git, struct buf *out,
    struct or_err *e);

#endif
