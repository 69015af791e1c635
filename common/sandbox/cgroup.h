/* cgroup: one child cgroup per sandbox run (sandbox.md section 3.7): v2 when
 * a usable subtree exists, else the v1 memory, pids (and cpuset)
 * controllers when writable, else none (rlimits only).
 * Ownership: struct cg owns its path strings until cgroup_destroy. */
#ifndef OR_CGROUP_H
#define OR_CGROUP_H

#include <stdint.h>
#include <sys/types.h>

#include "sandbox.h"	/* enum cg_kind, enum cg_mode */

struct cg {
	enum cg_kind kind;
	char *v2;		/* v2: the run's cgroup directory */
	char *mem, *pids, *cpuset;	/* v1: one directory per hierarchy */
	/* delegated v2: this process's own cgroup and the leaf it moved
	 * into for the run (cgroup_destroy moves it back) */
	char *host_home, *host_leaf;
	char reason[400];	/* why kind is CG_NONE */
};

struct cg_limits {
	uint64_t mem, pids;
	const char *cpus;	/* NULL: all */
};

/* What this host offers: "v2-root", "v2-delegated", "v1" or "none" (then
 * reason says why). */
const char *cgroup_probe(char *reason, size_t n);
/* Create the run's cgroup and set the limits; mode CG_OFF gives CG_NONE,
 * CG_REQUIRE fails with sandbox.cgroup_required when none is usable. */
int cgroup_create(struct cg *cg, enum cg_mode mode, const struct cg_limits *l,
    struct or_err *e);
/* Move pid (the sandbox init) into the run's cgroup. */
int cgroup_attach(struct cg *cg, pid_t pid, struct or_err *e);
/* v2: cgroup.kill; v1 has no such file (SIGKILL to init ends the run). */
void cgroup_kill(struct cg *cg);
/* Peak memory (bytes) and OOM-kill count; -1 when unknown. */
void cgroup_stats(struct cg *cg, int64_t *peak, int64_t *ooms);
/* Remove the run's cgroup directories, put this process back in its own
 * cgroup (delegated v2) and free the paths.  Nothing is left behind:
 * cgroups of an or-sandbox killed with SIGKILL go at the next create. */
void cgroup_destroy(struct cg *cg);

#endif
