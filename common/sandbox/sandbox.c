/* sandbox: the host side of a run.  Validates paths, creates the cgroup,
 * clones init into new namespaces, writes its id maps, drains the
 * command's output, enforces the wall clock and assembles the result.
 * sb_run is four steps (run_setup, run_spawn, run_supervise, run_finish)
 * over one struct run, and one clean-up (run_cleanup) whatever happened. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "output.h"
#include "sandbox-init.h"
#include "banned.h"

#define cleanup_free __attribute__((cleanup(free_p)))

static void
free_p(void *p)
{
	free(*(void **)p);
}

const char *
sb_cause_name(enum sb_cause c)
{
	static const char *const n[] = { "exit", "signal", "cpu", "wall",
	    "memory", "fsize" };

	return n[c];
}

/* --- user namespace diagnosis (sandbox.md 3.10) --------------------- */

static int
read_int(const char *path)
{
	struct buf b = { 0 };
	uint64_t v;
	int r = -1;

	if (read_file(path, 64, &b, NULL) == 0) {
		if (b.len > 0 && b.p[b.len - 1] == '\n')
			b.p[--b.len] = '\0';
		if (parse_u64(b.p, &v) == 0 && v < INT_MAX)
			r = (int)v;
	}
	buf_free(&b);
	return r;
}

static void
probe_userns(char reason[16], char hint[2][200])
{
	struct buf b = { 0 };
	int seccomp = 0;

	if (read_file("/proc/self/status", 65536, &b, NULL) == 0)
		seccomp = strstr(b.p, "\nSeccomp:\t2") != NULL;
	buf_free(&b);
	if (read_int("/proc/sys/kernel/apparmor_restrict_unprivileged_userns")
	    == 1) {
		snprintf(reason, 16, "apparmor");
		snprintf(hint[0], 200, "kernel.apparmor_restrict_unprivileged_"
		    "userns is 1 (Ubuntu 23.10 and later)");
		snprintf(hint[1], 200, "run 'sudo sysctl -w kernel.apparmor_"
		    "restrict_unprivileged_userns=0'");
	} else if (read_int("/proc/sys/user/max_user_namespaces") == 0) {
		snprintf(reason, 16, "sysctl");
		snprintf(hint[0], 200, "user.max_user_namespaces is 0");
		snprintf(hint[1], 200, "run 'sudo sysctl -w "
		    "user.max_user_namespaces=10000'");
	} else if (read_int("/proc/sys/kernel/unprivileged_userns_clone")
	    == 0) {
		snprintf(reason, 16, "sysctl");
		snprintf(hint[0], 200, "kernel.unprivileged_userns_clone is 0");
		snprintf(hint[1], 200, "run 'sudo sysctl -w "
		    "kernel.unprivileged_userns_clone=1'");
	} else if (seccomp) {
		snprintf(reason, 16, "seccomp");
		snprintf(hint[0], 200, "a seccomp filter (a container engine's "
		    "default profile) denies user namespaces");
		snprintf(hint[1], 200, "run the container with a seccomp "
		    "profile that allows user namespaces, or run on the host");
	} else {
		snprintf(reason, 16, "unknown");
		snprintf(hint[0], 200, "user namespaces are not usable here");
		snprintf(hint[1], 200, "check that the kernel allows "
		    "unprivileged user namespaces");
	}
}

static int
userns_blocked(struct sb_result *r, struct or_err *e, const char *step,
    int err)
{
	probe_userns(r->reason, r->hint);
	return or_error_st(e, 5, "sandbox.userns_blocked", "cannot %s: %s",
	    step, strerror(err));
}

/* --- paths ---------------------------------------------------------- */

/* Is path p (absolute, resolved) equal to or below dir? */
static int
below(const char *p, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return 1;
	return strncmp(p, dir, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

/* A host-side output target: its resolved parent must exist, and it must
 * not lie in the work tree or a harness source. */
static int
check_target(const struct sb_config *c, const char *work, const char *file,
    struct or_err *e)
{
	cleanup_free char *dup = xstrdup(file), *par = NULL, *full = NULL;
	char *slash = strrchr(dup, '/'), *hs;
	const char *base = slash != NULL ? slash + 1 : dup;
	size_t i;

	if (slash == dup)
		par = realpath("/", NULL);
	else {
		if (slash != NULL)
			*slash = '\0';
		par = realpath(slash != NULL ? dup : ".", NULL);
	}
	if (par == NULL)
		return or_error_st(e, 5, "sandbox.output", "cannot resolve the "
		    "folder of '%s': %s", file, strerror(errno));
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return or_error_st(e, 5, "sandbox.output", "'%s' is not a file "
		    "name", file);
	full = xasprintf("%s/%s", strcmp(par, "/") == 0 ? "" : par, base);
	if (work != NULL && below(full, work))
		return or_error_st(e, 5, "sandbox.unsafe_path", "output '%s' "
		    "lies inside the work tree", file);
	for (i = 0; i < c->n_harness; i++) {
		hs = realpath(c->harness[i].a, NULL);
		if (hs != NULL && below(full, hs)) {
			free(hs);
			return or_error_st(e, 5, "sandbox.unsafe_path", "output "
			    "'%s' lies inside harness '%s'", file,
			    c->harness[i].a);
		}
		free(hs);
	}
	return 0;
}

/* --- identity --------------------------------------------------------- */

static int
choose_ids(const struct sb_config *c, uid_t *uid, gid_t *gid,
    struct or_err *e)
{
	struct stat st;
	struct passwd *pw;

	if (geteuid() != 0) {
		*uid = geteuid();
		*gid = getegid();
		return 0;
	}
	/* root maps to an unprivileged host uid, never to 0 */
	if (c->uid >= 0) {
		*uid = (uid_t)c->uid;
		pw = getpwuid(*uid);
		*gid = pw != NULL ? pw->pw_gid : (gid_t)c->uid;
	} else if (c->workdir != NULL && stat(c->workdir, &st) == 0 &&
	    st.st_uid != 0) {
		*uid = st.st_uid;
		pw = getpwuid(*uid);
		*gid = st.st_gid != 0 ? st.st_gid : pw != NULL &&
		    pw->pw_gid != 0 ? pw->pw_gid : 65534;
	} else {
		*uid = 65534;
		*gid = 65534;
	}
	if (*uid == 0 || *gid == 0)
		return or_error_st(e, 5, "sandbox.uid", "the sandbox never maps "
		    "to uid or gid 0");
	return 0;
}

static int
check_workdir(const struct sb_config *c, uid_t uid, gid_t gid,
    struct or_err *e)
{
	struct stat st;
	mode_t need;

	if (c->workdir == NULL)
		return 0;
	if (stat(c->workdir, &st) < 0 || !S_ISDIR(st.st_mode))
		return or_error_st(e, 5, "sandbox.workdir", "work tree '%s' is "
		    "not a folder: %s", c->workdir, errno ? strerror(errno) :
		    "not a directory");
	if (c->overlay > 0)
		return 0;
	need = st.st_uid == uid ? S_IWUSR : st.st_gid == gid ? S_IWGRP :
	    S_IWOTH;
	if ((st.st_mode & need) == 0)
		return or_error_st(e, 5, "sandbox.workdir", "uid %ld cannot "
		    "write work tree '%s' (use --uid or chown it)", (long)uid,
		    c->workdir);
	return 0;
}

static int
write_map(pid_t pid, const char *file, const char *text)
{
	char path[64];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "/proc/%ld/%s", (long)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (write_in_full(fd, text, strlen(text)) < 0)
		rc = -1;
	if (close(fd) < 0)
		rc = -1;
	return rc;
}

/* Processes that uid runs now: RLIMIT_NPROC counts per user. */
static uint64_t
count_procs(uid_t uid)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	struct stat st;
	char p[300];
	uint64_t n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(p, sizeof(p), "/proc/%s", de->d_name);
		if (stat(p, &st) == 0 && st.st_uid == uid)
			n++;
	}
	closedir(d);
	return n;
}

static int
validate(const struct sb_config *c, char **work, struct or_err *e)
{
	const char *home = getenv("HOME");
	cleanup_free char *rh = home != NULL ? realpath(home, NULL) : NULL;
	size_t i;

	*work = NULL;
	if (c->workdir != NULL && (*work = realpath(c->workdir, NULL)) == NULL)
		return or_error_st(e, 5, "sandbox.workdir", "cannot resolve "
		    "work tree '%s': %s", c->workdir, strerror(errno));
	for (i = 0; i < c->n_harness; i++) {
		cleanup_free char *s = realpath(c->harness[i].a, NULL);

		if (s == NULL)
			return or_error_st(e, 5, "sandbox.harness", "cannot "
			    "resolve harness '%s': %s", c->harness[i].a,
			    strerror(errno));
		if (*work != NULL && (below(s, *work) || below(*work, s)))
			return or_error_st(e, 5, "sandbox.harness", "harness "
			    "'%s' must lie outside the work tree",
			    c->harness[i].a);
	}
	for (i = 0; i < c->n_ro_bind; i++) {
		static const char *const refused[] = { "/", "/etc", "/proc",
		    "/sys", "/dev", "/run" };
		cleanup_free char *s = realpath(c->ro_bind[i].a, NULL);
		size_t k;

		if (s == NULL)
			return or_error_st(e, 5, "sandbox.ro_bind", "cannot "
			    "resolve '%s': %s", c->ro_bind[i].a,
			    strerror(errno));
		for (k = 0; k < sizeof(refused) / sizeof(refused[0]); k++)
			if (strcmp(s, refused[k]) == 0 || (k > 0 &&
			    below(s, refused[k])))
				return or_error_st(e, 5, "sandbox.ro_bind",
				    "refusing to bind '%s'", c->ro_bind[i].a);
		if (rh != NULL && below(rh, s))
			return or_error_st(e, 5, "sandbox.ro_bind", "refusing "
			    "to bind '%s': it holds $HOME", c->ro_bind[i].a);
	}
	if (c->stdout_path != NULL &&
	    check_target(c, *work, c->stdout_path, e) < 0)
		return -1;
	if (c->stderr_path != NULL &&
	    check_target(c, *work, c->stderr_path, e) < 0)
		return -1;
	for (i = 0; i < c->n_collect; i++)
		if (check_target(c, *work, c->collect[i].b, e) < 0)
			return -1;
	return 0;
}

/* Decide run.cause (sandbox.md 3.9). */
static void
decide(struct sb_result *r, const struct sb_config *c, int status,
    int timed_out)
{
	r->exit_code = -1;
	r->sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	if (timed_out)
		r->cause = SB_WALL;
	else if (r->ooms > 0)
		r->cause = SB_MEMORY;
	else if (r->sig == SIGXCPU || (r->sig == SIGKILL &&
	    r->user_us + r->sys_us >= c->cpu_s * 1000000))
		r->cause = SB_CPU;
	else if (r->sig == SIGXFSZ)
		r->cause = SB_FSIZE;
	else if (r->sig != 0)
		r->cause = SB_SIGNAL;
	else {
		r->cause = SB_EXIT;
		r->exit_code = WEXITSTATUS(status);
	}
}

/* --- one run: setup, spawn, supervise, finish, one clean-up ------------ */

/* Everything a run holds; run_cleanup releases all of it, whatever the
 * point at which the run stopped. */
struct run {
	const struct sb_config *c;
	struct sb_result *r;
	char *work;		/* the resolved work tree, or NULL */
	uid_t uid;
	gid_t gid;
	int in_fd;		/* --stdin */
	struct output_file out, err;	/* --stdout, --stderr */
	struct cg cg;
	int have_cg;
	uint64_t nproc_base;
	int masked;		/* the caller's stop signals are blocked */
	sigset_t oldmask, waitmask;
	int sync_wr, st_rd, out_rd, err_rd;	/* host ends of the pipes */
	pid_t pid;		/* init, until reaped */
	/* what init said, and what we saw */
	struct buf msgs;
	int started, have_result, failed;
	struct sb_wire_result wire;
	struct or_err fail;	/* init's own failure */
	int attach_failed;
	struct or_err attach;	/* ours, when init had none to report */
	struct output_tail tails[2];
	int status, timed_out, aborted;
	struct rusage ru;
	uint64_t started_us;
};

/* The run in progress, for sb_abandon only. */
static struct run *live;

static void
parse_msgs(struct run *x)
{
	struct sb_result *r = x->r;
	size_t off = 0;
	uint32_t h[2];

	while (x->msgs.len - off >= sizeof(h)) {
		const char *p;

		memcpy(h, x->msgs.p + off, sizeof(h));
		if (x->msgs.len - off - sizeof(h) < h[1])
			break;
		p = x->msgs.p + off + sizeof(h);
		if (h[0] == SB_MSG_STARTED) {
			x->started = 1;
		} else if (h[0] == SB_MSG_FAIL && !x->failed) {
			size_t cl = strnlen(p, h[1]);
			int st = 5;

			if (cl < h[1] && strcmp(p, "sandbox.exec") == 0)
				st = 1;
			x->failed = 1;
			or_error_st(&x->fail, st, cl < h[1] ? p :
			    "sandbox.init", "%.*s", cl < h[1] ?
			    (int)(h[1] - cl - 1) : 0, p + cl + 1);
		} else if (h[0] == SB_MSG_RESULT &&
		    h[1] == sizeof(x->wire)) {
			memcpy(&x->wire, p, sizeof(x->wire));
			x->have_result = 1;
		} else if (h[0] == SB_MSG_COLLECT && h[1] >= 5) {
			uint32_t idx;

			memcpy(&idx, p, sizeof(idx));
			if (idx < r->n_collected && p[4] == 1) {
				struct output_file t;
				struct or_err e;

				if (output_open(&t, x->c->collect[idx].b,
				    &e) < 0 || write_in_full(t.fd, p + 5,
				    h[1] - 5) < 0 || output_commit(&t, &e) < 0)
					snprintf(r->collected[idx].refused,
					    sizeof(r->collected[idx].refused),
					    "write_failed");
				else
					r->collected[idx].file =
					    x->c->collect[idx].b;
				output_discard(&t);
			} else if (idx < r->n_collected) {
				snprintf(r->collected[idx].refused,
				    sizeof(r->collected[idx].refused), "%.*s",
				    (int)(h[1] - 5), p + 5);
			}
		}
		off += sizeof(h) + h[1];
	}
	memmove(x->msgs.p, x->msgs.p + off, x->msgs.len - off);
	x->msgs.len -= off;
}

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* Kill init (the whole pid namespace dies with it) and reap it. */
static void
run_reap(struct run *x, int kill_it)
{
	if (x->pid <= 0)
		return;
	if (kill_it) {
		if (x->have_cg)
			cgroup_kill(&x->cg);
		kill(x->pid, SIGKILL);
	}
	while (wait4(x->pid, &x->status, 0, &x->ru) < 0 && errno == EINTR)
		;
	x->pid = -1;
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The one clean-up path: sb_run always ends here, and so does
 * sb_abandon for a run that die() cut short. */
static void
run_cleanup(struct run *x)
{
	run_reap(x, 1);
	close_fd(&x->sync_wr);
	close_fd(&x->st_rd);
	close_fd(&x->out_rd);
	close_fd(&x->err_rd);
	close_fd(&x->in_fd);
	/* output not committed by run_finish leaves nothing new behind */
	output_discard(&x->out);
	output_discard(&x->err);
	if (x->have_cg)
		cgroup_destroy(&x->cg);
	x->have_cg = 0;
	free(x->tails[0].p);
	free(x->tails[1].p);
	x->tails[0].p = x->tails[1].p = NULL;
	buf_free(&x->msgs);
	free(x->work);
	x->work = NULL;
	if (x->masked)
		sigprocmask(SIG_SETMASK, &x->oldmask, NULL);
	x->masked = 0;
	live = NULL;
}

void
sb_abandon(void)
{
	if (live != NULL)
		run_cleanup(live);
}

void
sb_result_free(struct sb_result *r)
{
	free(r->collected);
	r->collected = NULL;
}

static void
run_init(struct run *x, const struct sb_config *c, struct sb_result *r)
{
	size_t k;

	memset(x, 0, sizeof(*x));
	x->c = c;
	x->r = r;
	x->in_fd = x->sync_wr = x->st_rd = x->out_rd = x->err_rd = -1;
	x->out.fd = x->out.dfd = x->err.fd = x->err.dfd = -1;
	x->pid = -1;
	x->nproc_base = UINT64_MAX;
	x->tails[0].max = x->tails[1].max = c->log_max;
	memset(r, 0, sizeof(*r));
	r->mem_peak = r->ooms = -1;
	r->overlay = c->overlay > 0;
	r->n_collected = c->n_collect;
	r->collected = xcalloc(c->n_collect + 1, sizeof(*r->collected));
	for (k = 0; k < c->n_collect; k++)
		r->collected[k].path = c->collect[k].a;
	live = x;
}

/* Check the request, open the files and create the cgroup. */
static int
run_setup(struct run *x, struct or_err *e)
{
	const struct sb_config *c = x->c;
	int i;

	if (validate(c, &x->work, e) < 0 ||
	    choose_ids(c, &x->uid, &x->gid, e) < 0 ||
	    check_workdir(c, x->uid, x->gid, e) < 0)
		return -1;
	if (c->stdin_path != NULL && (x->in_fd = open(c->stdin_path,
	    O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0)
		return or_error_st(e, 5, "sandbox.stdin", "cannot open '%s': %s",
		    c->stdin_path, strerror(errno));
	if (c->stdout_path != NULL && output_open(&x->out, c->stdout_path,
	    e) < 0)
		return -1;
	if (c->stderr_path != NULL && output_open(&x->err, c->stderr_path,
	    e) < 0)
		return -1;
	x->have_cg = 1;
	if (cgroup_create(&x->cg, c->cgroup, &(struct cg_limits){ c->mem,
	    c->pids, c->cpus }, e) < 0)
		return -1;
	x->r->cgroup = x->cg.kind;
	if (x->cg.kind == CG_NONE)
		x->nproc_base = count_procs(x->uid);
	if (c->sigs != NULL) {
		sigprocmask(SIG_BLOCK, c->sigs, &x->oldmask);
		x->masked = 1;
		x->waitmask = x->oldmask;
		for (i = 1; i < NSIG; i++)
			if (sigismember(c->sigs, i) == 1)
				sigdelset(&x->waitmask, i);
	}
	if (c->interrupted != NULL && *c->interrupted)
		return or_error_st(e, 5, "sandbox.interrupted", "interrupted");
	return 0;
}

/* Without a cgroup, --cpus is a placement aid: init's affinity,
 * inherited by the command. */
static void
set_affinity(pid_t pid, const char *cpus)
{
	cpu_set_t set;
	const char *p = cpus;

	CPU_ZERO(&set);
	while (*p != '\0') {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;

		if (*end == '-')
			b = strtoul(end + 1, &end, 10);
		for (; a <= b && a < CPU_SETSIZE; a++)
			CPU_SET(a, &set);
		p = *end == ',' ? end + 1 : end;
		if (*end != ',' && *end != '\0')
			break;
	}
	sched_setaffinity(pid, sizeof(set), &set);
}

static int
clone_failed(struct run *x, int err, struct or_err *e)
{
	if (err == EPERM || err == ENOSPC || err == EUSERS || err == EINVAL)
		return userns_blocked(x->r, e, "create the sandbox user "
		    "namespace", err);
	return or_error_st(e, 5, "sandbox.init", "cannot clone the sandbox: "
	    "%s", strerror(err));
}

/* Clone init into new namespaces, write its id maps, place it in the
 * cgroup and let it go. */
static int
run_spawn(struct run *x, struct or_err *e)
{
	const struct sb_config *c = x->c;
	int p[4][2], i, flags, err;	/* sync, status, stdout, stderr */
	struct sb_fds f;
	char map[64];

	for (i = 0; i < 4; i++) {
		if (pipe2(p[i], O_CLOEXEC) < 0) {
			err = errno;
			while (i-- > 0) {
				close(p[i][0]);
				close(p[i][1]);
			}
			return or_error_st(e, 5, "sandbox.init", "cannot create "
			    "pipes: %s", strerror(err));
		}
	}
	x->sync_wr = p[0][1];
	x->st_rd = p[1][0];
	x->out_rd = p[2][0];
	x->err_rd = p[3][0];
	f.sync_rd = p[0][0];
	f.status_wr = p[1][1];
	f.out_wr = p[2][1];
	f.err_wr = p[3][1];
	f.in = x->in_fd;
	flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC |
	    CLONE_NEWUTS | (c->net_host ? 0 : CLONE_NEWNET);
	/* a raw clone without a new stack behaves like fork */
	x->pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD,
	    NULL, NULL, NULL, NULL);
	if (x->pid == 0) {
		live = NULL;	/* the host's to clean up, not init's */
		close(x->sync_wr);
		close(x->st_rd);
		close(x->out_rd);
		close(x->err_rd);
		sb_init_main(c, &f, x->nproc_base);
	}
	err = errno;
	close(f.sync_rd);
	close(f.status_wr);
	close(f.out_wr);
	close(f.err_wr);
	if (x->pid < 0)
		return clone_failed(x, err, e);

	if (write_map(x->pid, "setgroups", "deny") < 0 && errno != ENOENT)
		return userns_blocked(x->r, e, "write setgroups for the "
		    "sandbox user namespace", errno);
	snprintf(map, sizeof(map), "%d %ld 1\n", SB_UID, (long)x->uid);
	if (write_map(x->pid, "uid_map", map) < 0)
		return userns_blocked(x->r, e, "write uid_map for the sandbox "
		    "user namespace", errno);
	snprintf(map, sizeof(map), "%d %ld 1\n", SB_UID, (long)x->gid);
	if (write_map(x->pid, "gid_map", map) < 0)
		return userns_blocked(x->r, e, "write gid_map for the sandbox "
		    "user namespace", errno);
	if (x->cg.kind == CG_NONE && c->cpus != NULL)
		set_affinity(x->pid, c->cpus);
	/* two steps: "g" lets init build its mount tree while we move it
	 * into its cgroup (a v1 move waits for an RCU grace period); "c"
	 * says it is there, and only then does init fork the command */
	if (write_in_full(x->sync_wr, "g", 1) < 0)
		return or_error_st(e, 5, "sandbox.init", "the sandbox init died "
		    "early");
	/* a failure here may be init's own (it reports why): supervise
	 * drains its messages before run_finish decides */
	if (x->cg.kind != CG_NONE && cgroup_attach(&x->cg, x->pid,
	    &x->attach) < 0) {
		x->attach_failed = 1;
		kill(x->pid, SIGKILL);
	} else {
		write_in_full(x->sync_wr, "c", 1);
	}
	close_fd(&x->sync_wr);
	return 0;
}

/* Drain init's messages and the command's output until every pipe is
 * closed, enforcing the wall clock and the caller's stop signals; then
 * reap init. */
static void
run_supervise(struct run *x)
{
	const struct sb_config *c = x->c;
	int *fds[3] = { &x->st_rd, &x->out_rd, &x->err_rd };
	int open_n = 3, i;
	/* setup is bounded by the timeout too; the run's own clock starts
	 * when init says the command was executed */
	uint64_t deadline = now_us() + c->timeout_us;
	char chunk[65536];

	while (open_n > 0) {
		struct pollfd pf[3];
		uint64_t now = now_us();
		int ms = x->timed_out ? -1 : now >= deadline ? 0 :
		    (int)((deadline - now + 999) / 1000);
		struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
		ssize_t n;

		if (!x->timed_out && now >= deadline) {
			cgroup_kill(&x->cg);
			kill(x->pid, SIGKILL);
			x->timed_out = 1;
			continue;
		}
		if (c->interrupted != NULL && *c->interrupted && !x->aborted) {
			cgroup_kill(&x->cg);
			kill(x->pid, SIGKILL);
			x->aborted = 1;
		}
		for (i = 0; i < 3; i++) {
			pf[i].fd = *fds[i];
			pf[i].events = POLLIN;
			pf[i].revents = 0;
		}
		/* the caller's stop signals get through only while we wait */
		if (ppoll(pf, 3, ms < 0 ? NULL : &ts, x->masked ?
		    &x->waitmask : NULL) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 3; i++) {
			if (pf[i].fd < 0 || pf[i].revents == 0)
				continue;
			n = read(pf[i].fd, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close_fd(fds[i]);
				open_n--;
			} else if (i == 0) {
				int was = x->started;

				buf_add(&x->msgs, chunk, (size_t)n);
				parse_msgs(x);
				if (!was && x->started) {
					x->started_us = now_us();
					deadline = x->started_us +
					    c->timeout_us;
				}
			} else {
				output_tail_add(&x->tails[i - 1], chunk, (size_t)n);
			}
		}
	}
	run_reap(x, 0);
	cgroup_stats(&x->cg, &x->r->mem_peak, &x->r->ooms);
}

static uint64_t
tv_us(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec;
}

/* Turn what supervise saw into the result, or the failure, and write the
 * output files. */
static int
run_finish(struct run *x, struct or_err *e)
{
	const struct sb_config *c = x->c;
	struct sb_result *r = x->r;
	int status = x->status;
	size_t k;

	if (x->aborted)
		return or_error_st(e, 5, "sandbox.interrupted", "interrupted: "
		    "the sandbox was killed");
	if (x->attach_failed && !x->failed) {
		*e = x->attach;
		return -1;
	}
	if (x->failed && !x->timed_out) {
		*e = x->fail;
		if (strcmp(e->code, "sandbox.userns_blocked") == 0)
			probe_userns(r->reason, r->hint);
		return -1;
	}
	if (!x->started && !x->timed_out) {
		/* init exits 3 only through util's die(): out of memory */
		if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
			return or_error_st(e, 3, "sandbox.init", "the sandbox "
			    "init ran out of memory");
		return or_error_st(e, 5, "sandbox.init", "the sandbox init died "
		    "during setup");
	}
	if (x->have_result) {
		r->wall_us = x->wire.wall_us;
		r->user_us = x->wire.user_us;
		r->sys_us = x->wire.sys_us;
		r->maxrss_kib = x->wire.maxrss_kib;
		status = x->wire.status;
	} else if (x->timed_out) {
		/* after a wall kill init cannot report: use its own rusage,
		 * which includes its setup */
		r->user_us = tv_us(x->ru.ru_utime);
		r->sys_us = tv_us(x->ru.ru_stime);
		r->maxrss_kib = (uint64_t)x->ru.ru_maxrss;
		r->wall_us = x->started_us > 0 ? now_us() - x->started_us : 0;
		status = W_EXITCODE(0, SIGKILL);
	} else {
		return or_error_st(e, 5, "sandbox.init", "the sandbox init died "
		    "without a result");
	}
	for (k = 0; k < r->n_collected; k++)
		if (r->collected[k].file == NULL &&
		    r->collected[k].refused[0] == '\0')
			snprintf(r->collected[k].refused,
			    sizeof(r->collected[k].refused), "not_collected");
	decide(r, c, status, x->timed_out);
	r->out_bytes = x->tails[0].total;
	r->err_bytes = x->tails[1].total;
	r->out_trunc = x->tails[0].total > c->log_max;
	r->err_trunc = x->tails[1].total > c->log_max;
	if (output_tail_write(&x->tails[0], x->out.fd >= 0 ? x->out.fd : 2) < 0 ||
	    output_tail_write(&x->tails[1], x->err.fd >= 0 ? x->err.fd : 2) < 0)
		return or_error_st(e, 3, "sandbox.output", "cannot write the "
		    "command's output: %s", strerror(errno));
	if (output_commit(&x->out, e) < 0 || output_commit(&x->err, e) < 0)
		return -1;
	return 0;
}

int
sb_run(const struct sb_config *c, struct sb_result *r, struct or_err *e)
{
	struct run x;
	int rc;

	run_init(&x, c, r);
	rc = run_setup(&x, e);
	if (rc == 0)
		rc = run_spawn(&x, e);
	if (rc == 0) {
		run_supervise(&x);
		rc = run_finish(&x, e);
	}
	run_cleanup(&x);
	return rc;
}

/* --- --check ---------------------------------------------------------- */

int
sb_check(struct sb_check *k)
{
	struct utsname u;
	struct stat st;
	pid_t pid;
	int status = 0, maj = 0, min = 0, v, go[2];
	char map[64];
	struct sb_result r;
	struct or_err e;

	memset(k, 0, sizeof(*k));
	if (pipe2(go, O_CLOEXEC) < 0)
		return 0;
	pid = (pid_t)syscall(SYS_clone, (unsigned long)(CLONE_NEWUSER |
	    CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET) | SIGCHLD, NULL, NULL,
	    NULL, NULL);
	if (pid == 0) {
		/* wait for the map, then try the first mount */
		char c;

		close(go[1]);
		_exit(read_in_full(go[0], &c, 1) == 1 &&
		    setresuid(SB_UID, SB_UID, SB_UID) == 0 &&
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 ?
		    0 : 1);
	}
	close(go[0]);
	k->userns = 0;
	if (pid > 0) {
		snprintf(map, sizeof(map), "%d %ld 1\n", SB_UID,
		    geteuid() == 0 ? 65534L : (long)geteuid());
		write_map(pid, "setgroups", "deny");
		v = write_map(pid, "uid_map", map);
		if (v == 0)
			v = write_in_full(go[1], "g", 1);
		close(go[1]);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		k->userns = v == 0 && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0;
	} else {
		close(go[1]);
	}
	if (!k->userns) {
		memset(&r, 0, sizeof(r));
		userns_blocked(&r, &e, "create a user namespace", EPERM);
		memcpy(k->reason, r.reason, sizeof(k->reason));
		memcpy(k->hint, r.hint, sizeof(k->hint));
	}
	k->cgroup = cgroup_probe(k->cgroup_reason, sizeof(k->cgroup_reason));
	if (uname(&u) == 0) {
		snprintf(k->kernel, sizeof(k->kernel), "%s", u.release);
		sscanf(u.release, "%d.%d", &maj, &min);
	}
	k->overlay = maj > 5 || (maj == 5 && min >= 11);
	k->openat2 = !(syscall(SYS_openat2, -1, "", NULL, 0) < 0 &&
	    errno == ENOSYS);
	k->seccomp = stat("/proc/sys/kernel/seccomp/actions_avail", &st) == 0;
	v = read_int("/proc/sys/dev/tty/legacy_tiocsti");
	/* before Linux 6.2 TIOCSTI was always allowed */
	k->tiocsti_legacy = v < 0 ? 1 : v;
	return k->userns && k->seccomp;
}
