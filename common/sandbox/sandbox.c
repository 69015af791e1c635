/* sandbox: the host side of a run.  Validates paths, creates the cgroup,
 * clones init into new namespaces, writes its id maps, drains the
 * command's output, enforces the wall clock and assembles the result. */
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
#include "sandbox-init.h"
#include "banned.h"

#define cleanup_fd __attribute__((cleanup(close_fdp)))
#define cleanup_free __attribute__((cleanup(free_p)))

static void
close_fdp(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

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

/* Create FILE for writing, never through a symlink, never over an
 * existing file: O_EXCL | O_NOFOLLOW under a parent opened O_NOFOLLOW. */
static int
open_target(const char *file, struct or_err *e)
{
	cleanup_free char *dup = xstrdup(file);
	char *slash = strrchr(dup, '/');
	const char *base = slash != NULL ? slash + 1 : dup;
	cleanup_fd int dfd = -1;
	int fd;

	if (slash != NULL)
		*slash = '\0';
	dfd = open(slash == NULL ? "." : slash == dup ? "/" : dup,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return or_error_st(e, 5, "sandbox.output", "cannot open the "
		    "folder of '%s': %s", file, strerror(errno));
	fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	if (fd < 0)
		return or_error_st(e, 5, "sandbox.output", "cannot create '%s': "
		    "%s", file, strerror(errno));
	return fd;
}

/* Unlink FILE if it is still the file open as fd. */
static void
drop_target(int fd, const char *file)
{
	struct stat a, b;

	if (fd >= 0 && fstat(fd, &a) == 0 && lstat(file, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		unlink(file);
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

/* --- output capture ---------------------------------------------------- */

/* The last `max` bytes of a stream, and the total count. */
struct tail {
	char *p;
	size_t max, start, len;	/* ring buffer */
	uint64_t total;
};

static void
tail_add(struct tail *t, const char *p, size_t n)
{
	size_t end, first;

	t->total += n;
	if (t->max == 0)
		return;
	if (t->p == NULL)
		t->p = xmalloc(t->max);
	if (n >= t->max) {
		memcpy(t->p, p + n - t->max, t->max);
		t->start = 0;
		t->len = t->max;
		return;
	}
	/* append at the end of the ring, in at most two pieces */
	end = (t->start + t->len) % t->max;
	first = n < t->max - end ? n : t->max - end;
	memcpy(t->p + end, p, first);
	memcpy(t->p, p + first, n - first);
	if (t->len + n > t->max) {
		t->start = (t->start + t->len + n - t->max) % t->max;
		t->len = t->max;
	} else {
		t->len += n;
	}
}

static int
tail_write(const struct tail *t, int fd)
{
	size_t first = t->len;

	if (t->len == 0)
		return 0;
	if (t->start + first > t->max)
		first = t->max - t->start;
	if (write_in_full(fd, t->p + t->start, first) < 0)
		return -1;
	return write_in_full(fd, t->p, t->len - first);
}

/* --- messages from init ---------------------------------------------- */

struct run_state {
	struct buf msgs;
	int started, have_result, failed;
	struct sb_wire_result wire;
	struct or_err fail;
};

static void
parse_msgs(struct run_state *s, struct sb_result *r,
    const struct sb_config *c)
{
	size_t off = 0;
	uint32_t h[2];

	while (s->msgs.len - off >= sizeof(h)) {
		const char *p;

		memcpy(h, s->msgs.p + off, sizeof(h));
		if (s->msgs.len - off - sizeof(h) < h[1])
			break;
		p = s->msgs.p + off + sizeof(h);
		if (h[0] == SB_MSG_STARTED) {
			s->started = 1;
		} else if (h[0] == SB_MSG_FAIL && !s->failed) {
			size_t cl = strnlen(p, h[1]);
			int st = 5;

			if (cl < h[1] && strcmp(p, "sandbox.exec") == 0)
				st = 1;
			s->failed = 1;
			or_error_st(&s->fail, st, cl < h[1] ? p :
			    "sandbox.init", "%.*s", cl < h[1] ?
			    (int)(h[1] - cl - 1) : 0, p + cl + 1);
		} else if (h[0] == SB_MSG_RESULT &&
		    h[1] == sizeof(s->wire)) {
			memcpy(&s->wire, p, sizeof(s->wire));
			s->have_result = 1;
		} else if (h[0] == SB_MSG_COLLECT && h[1] >= 5) {
			uint32_t idx;

			memcpy(&idx, p, sizeof(idx));
			if (idx < r->n_collected && p[4] == 1) {
				struct or_err e;
				int fd = open_target(c->collect[idx].b, &e);

				if (fd < 0 || write_in_full(fd, p + 5, h[1] - 5) <
				    0 || close(fd) < 0)
					snprintf(r->collected[idx].refused,
					    sizeof(r->collected[idx].refused),
					    "write_failed");
				else
					r->collected[idx].file =
					    c->collect[idx].b;
			} else if (idx < r->n_collected) {
				snprintf(r->collected[idx].refused,
				    sizeof(r->collected[idx].refused), "%.*s",
				    (int)(h[1] - 5), p + 5);
			}
		}
		off += sizeof(h) + h[1];
	}
	memmove(s->msgs.p, s->msgs.p + off, s->msgs.len - off);
	s->msgs.len -= off;
}

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* The run in progress, for sb_abandon only. */
static struct {
	pid_t pid;
	struct cg *cg;
} live;

void
sb_abandon(void)
{
	if (live.pid > 0) {
		kill(live.pid, SIGKILL);
		while (waitpid(live.pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (live.cg != NULL)
		cgroup_destroy(live.cg);
	live.pid = 0;
	live.cg = NULL;
}

void
sb_result_free(struct sb_result *r)
{
	free(r->collected);
	r->collected = NULL;
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

int
sb_run(const struct sb_config *c, struct sb_result *r, struct or_err *e)
{
	cleanup_free char *work = NULL;
	cleanup_fd int in_fd = -1, out_fd = -1, err_fd = -1;
	int sync_p[2] = { -1, -1 }, st_p[2] = { -1, -1 };
	int out_p[2] = { -1, -1 }, err_p[2] = { -1, -1 };
	struct tail tails[2] = { { 0 } };
	struct run_state s = { 0 };
	struct sb_fds f;
	struct cg_limits lim = { c->mem, c->pids, c->cpus };
	struct cg cg = { 0 };
	struct rusage ru;
	uint64_t nproc_base = UINT64_MAX, deadline, started_us = 0;
	uid_t uid;
	gid_t gid;
	pid_t pid = -1;
	int rc = -1, status = 0, timed_out = 0, aborted = 0, open_n, i, flags;
	int pre_failed = 0;
	struct or_err pre;
	sigset_t waitmask, oldmask;
	struct timespec ts;
	char map[64];
	size_t k;

	memset(r, 0, sizeof(*r));
	r->mem_peak = r->ooms = -1;
	r->overlay = c->overlay > 0;
	r->n_collected = c->n_collect;
	r->collected = xcalloc(c->n_collect + 1, sizeof(*r->collected));
	for (k = 0; k < c->n_collect; k++)
		r->collected[k].path = c->collect[k].a;
	if (validate(c, &work, e) < 0 || choose_ids(c, &uid, &gid, e) < 0 ||
	    check_workdir(c, uid, gid, e) < 0)
		return -1;
	if (c->stdin_path != NULL && (in_fd = open(c->stdin_path, O_RDONLY |
	    O_NOCTTY | O_CLOEXEC)) < 0)
		return or_error_st(e, 5, "sandbox.stdin", "cannot open '%s': %s",
		    c->stdin_path, strerror(errno));
	if (c->stdout_path != NULL &&
	    (out_fd = open_target(c->stdout_path, e)) < 0)
		return -1;
	if (c->stderr_path != NULL &&
	    (err_fd = open_target(c->stderr_path, e)) < 0)
		return -1;
	live.cg = &cg;
	if (cgroup_create(&cg, c->cgroup, &lim, e) < 0) {
		live.cg = NULL;
		return -1;
	}
	r->cgroup = cg.kind;
	if (cg.kind == CG_NONE)
		nproc_base = count_procs(uid);
	tails[0].max = tails[1].max = c->log_max;

	if (c->sigs != NULL) {
		sigprocmask(SIG_BLOCK, c->sigs, &oldmask);
		waitmask = oldmask;
		for (i = 1; i < NSIG; i++)
			if (sigismember(c->sigs, i) == 1)
				sigdelset(&waitmask, i);
	}
	if (c->interrupted != NULL && *c->interrupted) {
		or_error_st(e, 5, "sandbox.interrupted", "interrupted");
		goto out;
	}
	if (pipe2(sync_p, O_CLOEXEC) < 0 || pipe2(st_p, O_CLOEXEC) < 0 ||
	    pipe2(out_p, O_CLOEXEC) < 0 || pipe2(err_p, O_CLOEXEC) < 0) {
		or_error_st(e, 5, "sandbox.init", "cannot create pipes: %s",
		    strerror(errno));
		goto out;
	}
	f.sync_rd = sync_p[0];
	f.status_wr = st_p[1];
	f.out_wr = out_p[1];
	f.err_wr = err_p[1];
	f.in = in_fd;
	flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC |
	    CLONE_NEWUTS | (c->net_host ? 0 : CLONE_NEWNET);
	/* a raw clone without a new stack behaves like fork */
	pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL,
	    NULL, NULL, NULL);
	if (pid == 0) {
		live.cg = NULL;	/* the host's to clean up, not init's */
		close(sync_p[1]);
		close(st_p[0]);
		close(out_p[0]);
		close(err_p[0]);
		sb_init_main(c, &f, nproc_base);
	}
	live.pid = pid;
	if (pid < 0) {
		if (errno == EPERM || errno == ENOSPC || errno == EUSERS ||
		    errno == EINVAL)
			userns_blocked(r, e, "create the sandbox user "
			    "namespace", errno);
		else
			or_error_st(e, 5, "sandbox.init", "cannot clone the "
			    "sandbox: %s", strerror(errno));
		goto out;
	}
	close(sync_p[0]);
	close(st_p[1]);
	close(out_p[1]);
	close(err_p[1]);
	sync_p[0] = st_p[1] = out_p[1] = err_p[1] = -1;

	if (write_map(pid, "setgroups", "deny") < 0 && errno != ENOENT) {
		userns_blocked(r, e, "write setgroups for the sandbox "
		    "user namespace", errno);
		goto kill;
	}
	snprintf(map, sizeof(map), "%d %ld 1\n", SB_UID, (long)uid);
	if (write_map(pid, "uid_map", map) < 0) {
		userns_blocked(r, e, "write uid_map for the sandbox "
		    "user namespace", errno);
		goto kill;
	}
	snprintf(map, sizeof(map), "%d %ld 1\n", SB_UID, (long)gid);
	if (write_map(pid, "gid_map", map) < 0) {
		userns_blocked(r, e, "write gid_map for the sandbox "
		    "user namespace", errno);
		goto kill;
	}
	if (cg.kind == CG_NONE && c->cpus != NULL) {
		/* placement aid only: inherited by init and the command */
		cpu_set_t set;
		const char *p = c->cpus;

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
	/* two steps: "g" lets init build its mount tree while we move it
	 * into its cgroup (a v1 move waits for an RCU grace period); "c"
	 * says it is there, and only then does init fork the command */
	if (write_in_full(sync_p[1], "g", 1) < 0) {
		or_error_st(e, 5, "sandbox.init", "the sandbox init died early");
		goto kill;
	}
	/* a failure here may be init's own (it reports why): drain its
	 * messages below before deciding */
	if (cg.kind != CG_NONE && cgroup_attach(&cg, pid, &pre) < 0) {
		pre_failed = 1;
		kill(pid, SIGKILL);
	} else {
		write_in_full(sync_p[1], "c", 1);
	}
	close(sync_p[1]);
	sync_p[1] = -1;

	/* setup is bounded by the timeout too; the run's own clock starts
	 * when init says the command was executed */
	deadline = now_us() + c->timeout_us;
	open_n = 3;
	while (open_n > 0) {
		struct pollfd pf[3] = {
			{ st_p[0], POLLIN, 0 }, { out_p[0], POLLIN, 0 },
			{ err_p[0], POLLIN, 0 },
		};
		uint64_t now = now_us();
		int ms = timed_out ? -1 : now >= deadline ? 0 :
		    (int)((deadline - now + 999) / 1000);
		char chunk[65536];
		ssize_t n;

		if (!timed_out && now >= deadline) {
			cgroup_kill(&cg);
			kill(pid, SIGKILL);
			timed_out = 1;
			continue;
		}
		if (c->interrupted != NULL && *c->interrupted && !aborted) {
			cgroup_kill(&cg);
			kill(pid, SIGKILL);
			aborted = 1;
		}
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000L;
		/* the caller's stop signals get through only while we wait */
		if (ppoll(pf, 3, ms < 0 ? NULL : &ts, c->sigs != NULL ?
		    &waitmask : NULL) < 0) {
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
				close(pf[i].fd);
				if (i == 0)
					st_p[0] = -1;
				else if (i == 1)
					out_p[0] = -1;
				else
					err_p[0] = -1;
				open_n--;
				continue;
			}
			if (i == 0) {
				int was = s.started;

				buf_add(&s.msgs, chunk, (size_t)n);
				parse_msgs(&s, r, c);
				if (!was && s.started) {
					started_us = now_us();
					deadline = started_us + c->timeout_us;
				}
			} else {
				tail_add(&tails[i - 1], chunk, (size_t)n);
			}
		}
	}
	while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	pid = -1;
	live.pid = 0;
	cgroup_stats(&cg, &r->mem_peak, &r->ooms);
	if (aborted) {
		or_error_st(e, 5, "sandbox.interrupted", "interrupted: the "
		    "sandbox was killed");
		goto out;
	}
	if (pre_failed && !s.failed) {
		*e = pre;
		goto out;
	}
	if (s.failed && !timed_out) {
		*e = s.fail;
		if (strcmp(e->code, "sandbox.userns_blocked") == 0)
			probe_userns(r->reason, r->hint);
		goto out;
	}
	if (!s.started && !timed_out) {
		/* init exits 3 only through util's die(): out of memory */
		if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
			or_error_st(e, 3, "sandbox.init", "the sandbox init ran "
			    "out of memory");
		else
			or_error_st(e, 5, "sandbox.init", "the sandbox init died "
			    "during setup");
		goto out;
	}
	if (s.have_result) {
		r->wall_us = s.wire.wall_us;
		r->user_us = s.wire.user_us;
		r->sys_us = s.wire.sys_us;
		r->maxrss_kib = s.wire.maxrss_kib;
		status = s.wire.status;
	} else {
		/* after a wall kill init cannot report: use its own rusage,
		 * which includes its setup */
		r->user_us = (uint64_t)ru.ru_utime.tv_sec * 1000000 +
		    (uint64_t)ru.ru_utime.tv_usec;
		r->sys_us = (uint64_t)ru.ru_stime.tv_sec * 1000000 +
		    (uint64_t)ru.ru_stime.tv_usec;
		r->maxrss_kib = (uint64_t)ru.ru_maxrss;
		r->wall_us = started_us > 0 ? now_us() - started_us : 0;
		status = W_EXITCODE(0, SIGKILL);
		if (!timed_out) {
			or_error_st(e, 5, "sandbox.init", "the sandbox init "
			    "died without a result");
			goto out;
		}
	}
	for (k = 0; k < r->n_collected; k++)
		if (r->collected[k].file == NULL &&
		    r->collected[k].refused[0] == '\0')
			snprintf(r->collected[k].refused,
			    sizeof(r->collected[k].refused), "not_collected");
	decide(r, c, status, timed_out);
	r->out_bytes = tails[0].total;
	r->err_bytes = tails[1].total;
	r->out_trunc = tails[0].total > c->log_max;
	r->err_trunc = tails[1].total > c->log_max;
	if (tail_write(&tails[0], out_fd >= 0 ? out_fd : 2) < 0 ||
	    tail_write(&tails[1], err_fd >= 0 ? err_fd : 2) < 0) {
		or_error_st(e, 3, "sandbox.output", "cannot write the command's "
		    "output: %s", strerror(errno));
		goto out;
	}
	rc = 0;
	goto out;
kill:
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	pid = -1;
	live.pid = 0;
out:
	/* nothing ran: remove the output files we created, so that a retry
	 * can use the same names (only if they are still ours) */
	if (rc < 0 && !s.started) {
		drop_target(out_fd, c->stdout_path);
		drop_target(err_fd, c->stderr_path);
	}
	if (out_fd >= 0 && close(out_fd) < 0 && rc == 0)
		rc = or_error_st(e, 3, "sandbox.output", "cannot write '%s': %s",
		    c->stdout_path, strerror(errno));
	out_fd = -1;
	if (err_fd >= 0 && close(err_fd) < 0 && rc == 0)
		rc = or_error_st(e, 3, "sandbox.output", "cannot write '%s': %s",
		    c->stderr_path, strerror(errno));
	err_fd = -1;
	for (i = 0; i < 2; i++) {
		if (sync_p[i] >= 0)
			close(sync_p[i]);
		if (st_p[i] >= 0)
			close(st_p[i]);
		if (out_p[i] >= 0)
			close(out_p[i]);
		if (err_p[i] >= 0)
			close(err_p[i]);
	}
	free(tails[0].p);
	free(tails[1].p);
	buf_free(&s.msgs);
	cgroup_destroy(&cg);
	live.pid = 0;
	live.cg = NULL;
	if (c->sigs != NULL)
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
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
		_exit(read(go[0], &c, 1) == 1 &&
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
