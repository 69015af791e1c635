/* sandbox: run one command in fresh namespaces with limits, as sandbox.md
 * sections 3.1 to 3.10 describe.  This is the subsystem's whole public
 * interface (what or-sandbox calls); the rest of common/sandbox/ is its
 * private implementation: the host side (sandbox.c) clones an init process
 * (sandbox-init.c, wire protocol in sandbox-init.h) that builds the mount
 * tree, forks the command, reaps everything and reports over a pipe;
 * cgroup.c, seccomp-policy.c, mountinfo.c and output.c (the host's
 * output files) serve them.
 * Ownership: struct sb_config borrows every string it points to; sb_run
 * fills struct sb_result, whose collected array the caller frees with
 * sb_result_free. */
#ifndef OR_SANDBOX_H
#define OR_SANDBOX_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum cg_kind { CG_NONE, CG_V1, CG_V2 };	/* which cgroup enforced limits */
enum cg_mode { CG_AUTO, CG_REQUIRE, CG_OFF };	/* --cgroup */

struct sb_pair {
	const char *a, *b;	/* SRC:REL, SRC[:DST], REL:FILE */
};

struct sb_config {
	char *const *argv;	/* NULL-terminated */
	const char *workdir;	/* NULL: an empty read-only /repo */
	const char *cwd;	/* relative to /repo; NULL or "" is /repo */
	uint64_t overlay;	/* 0: bind mode */
	const struct sb_pair *harness, *ro_bind, *collect;
	size_t n_harness, n_ro_bind, n_collect;
	const char *const *devs;
	size_t n_devs;
	const char *const *setenv;	/* NAME=VALUE */
	size_t n_setenv;
	const char *const *keep_env;
	size_t n_keep_env;
	int net_host, allow_perf;
	uint64_t timeout_us, cpu_s;
	uint64_t mem, fsize, nofile, pids, tmp_size, log_max;
	const char *cpus;	/* NULL: all */
	long uid;		/* -1: chosen as sandbox.md 3.1 says */
	enum cg_mode cgroup;
	const char *stdin_path, *stdout_path, *stderr_path;
	/* set by the caller's SIGINT/SIGTERM handler: the run is killed and
	 * sb_run fails with sandbox.interrupted (signals in sigs are blocked
	 * during the run except while waiting, so none is missed) */
	volatile sig_atomic_t *interrupted;
	const sigset_t *sigs;
};

enum sb_cause { SB_EXIT, SB_SIGNAL, SB_CPU, SB_WALL, SB_MEMORY, SB_FSIZE };

struct sb_collected {
	const char *path;	/* REL, borrowed from the config */
	const char *file;	/* FILE, or NULL when refused */
	char refused[96];
};

struct sb_result {
	enum sb_cause cause;
	int exit_code;		/* cause SB_EXIT */
	int sig;		/* the main process's signal, 0 if none */
	uint64_t wall_us, user_us, sys_us, maxrss_kib;
	int64_t mem_peak, ooms;	/* -1: null */
	uint64_t out_bytes, err_bytes;
	int out_trunc, err_trunc;
	enum cg_kind cgroup;
	int overlay;
	struct sb_collected *collected;
	size_t n_collected;
	/* sandbox.userns_blocked: the probed reason and the fix */
	char reason[16], hint[2][200];
};

/* Run c->argv.  0: the command ran (see r->cause); -1: the sandbox could
 * not be set up or the command not executed (e: sandbox.*, status 5, or
 * sandbox.exec with status 1). */
int sb_run(const struct sb_config *c, struct sb_result *r, struct or_err *e);
void sb_result_free(struct sb_result *r);
/* Kill the sandbox of the run in progress, if any, and remove its cgroup.
 * For atexit() in the command: util's die() and out-of-memory exits leave
 * sb_run without its own cleanup.  (sb_run records the live run in the
 * one piece of module state, for this function alone.) */
void sb_abandon(void);
const char *sb_cause_name(enum sb_cause c);

/* --check: fills the probe results; returns 1 if the sandbox is usable. */
struct sb_check {
	int userns;
	char reason[16], hint[2][200];
	const char *cgroup;
	char cgroup_reason[400];
	int overlay, openat2, seccomp, tiocsti_legacy;	/* -1 unknown */
	char kernel[128];
};
int sb_check(struct sb_check *k);

#endif
