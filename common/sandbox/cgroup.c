/* cgroup: per-run child cgroups, v2 then v1 then none. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "mountinfo.h"
#include "banned.h"

static unsigned run_seq;	/* or-sandbox.<pid>.<n>: n counts runs */

static int
put(const char *dir, const char *file, const char *val)
{
	char *p = xasprintf("%s/%s", dir, file);
	int fd = open(p, O_WRONLY | O_CLOEXEC), rc = -1;

	free(p);
	if (fd < 0)
		return -1;
	if (write_in_full(fd, val, strlen(val)) == 0)
		rc = 0;
	if (close(fd) < 0)
		rc = -1;
	return rc;
}

/* Read a small file into out (NUL-terminated); -1 if unreadable. */
static int
get(const char *dir, const char *file, char *out, size_t n)
{
	char *p = xasprintf("%s/%s", dir, file);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	free(p);
	if (fd < 0)
		return -1;
	r = read_in_full(fd, out, n - 1);
	close(fd);
	if (r < 0)
		return -1;
	out[r] = '\0';
	return 0;
}

/* The value after "key " in a "key value" list (memory.events). */
static int64_t
keyed(const char *text, const char *key)
{
	size_t k = strlen(key);
	const char *p = text;
	uint64_t v;
	char num[32];
	size_t i;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, k) == 0 && p[k] == ' ') {
			for (i = 0; p[k + 1 + i] >= '0' && p[k + 1 + i] <= '9' &&
			    i < sizeof(num) - 1; i++)
				num[i] = p[k + 1 + i];
			num[i] = '\0';
			return parse_u64(num, &v) == 0 ? (int64_t)v : -1;
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return -1;
}

static int
has_word(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p = list;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == list || p[-1] == ' ' || p[-1] == ',') &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == ',' ||
		    p[n] == '\n'))
			return 1;
		p += n;
	}
	return 0;
}

/* This process's path in hierarchy `ctl` ("memory", or "" for v2) from
 * /proc/self/cgroup; NULL if absent. */
static char *
self_path(const char *ctl)
{
	struct buf b = { 0 };
	char *line, *next, *res = NULL;

	if (read_file("/proc/self/cgroup", 65536, &b, NULL) < 0)
		return NULL;
	for (line = b.p; line != NULL && res == NULL; line = next) {
		char *c1, *c2;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		c1 = strchr(line, ':');
		c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
		if (c2 == NULL)
			continue;
		*c2 = '\0';
		if (ctl[0] == '\0' ? c1[1] == '\0' && strncmp(line, "0", 2) == 0 :
		    has_word(c1 + 1, ctl))
			res = xstrdup(c2 + 1);
	}
	buf_free(&b);
	return res;
}

struct mount_query {
	const char *ctl;
	char *point, *root;
};

static int
match_mount(const struct mountinfo *m, void *arg)
{
	struct mount_query *q = arg;

	if (q->ctl[0] == '\0' ? strcmp(m->fstype, "cgroup2") != 0 :
	    strcmp(m->fstype, "cgroup") != 0 || !has_word(m->super, q->ctl))
		return 0;
	q->point = xstrdup(m->point);
	q->root = xstrdup(m->root);
	return 1;
}

/* Mount point of a v1 controller (ctl) or of cgroup2 (ctl ""), with the
 * mount's root, from /proc/self/mountinfo. */
static char *
mount_of(const char *ctl, char **root)
{
	struct mount_query q = { ctl, NULL, NULL };

	mountinfo_walk("/proc/self/mountinfo", match_mount, &q);
	*root = q.root;
	return q.point;
}

/* The directory of this process's cgroup in hierarchy ctl. */
static char *
self_dir(const char *ctl)
{
	char *root, *mnt = mount_of(ctl, &root), *path, *dir = NULL;
	size_t rl;

	if (mnt == NULL)
		return NULL;
	path = self_path(ctl);
	if (path != NULL) {
		rl = strcmp(root, "/") == 0 ? 0 : strlen(root);
		if (strncmp(path, root, rl) == 0)
			dir = xasprintf("%s%s", mnt, path + rl);
	}
	free(mnt);
	free(root);
	free(path);
	return dir;
}

/* Remove the cgroups that a dead or-sandbox left in dir (it was killed
 * with SIGKILL): "or-sandbox.<pid>.<n>" and "or-host.<pid>" whose pid is
 * gone.  rmdir removes only an empty cgroup, so a live run is never hurt;
 * and one younger than GC_AGE seconds is left alone, so that a run being
 * set up by a process of another pid namespace keeps its cgroup. */
#define GC_AGE 2
static void
collect_dead(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		const char *p = de->d_name;
		char *end, *path;
		long pid;

		if (strncmp(p, "or-sandbox.", 11) == 0)
			p += 11;
		else if (strncmp(p, "or-host.", 8) == 0)
			p += 8;
		else
			continue;
		errno = 0;
		pid = strtol(p, &end, 10);
		if (errno != 0 || end == p || (*end != '\0' && *end != '.') ||
		    pid <= 0 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    time(NULL) - st.st_ctime < GC_AGE)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		rmdir(path);
		free(path);
	}
	closedir(d);
}

/* Does the delegated cgroup home hold a child other than our leaf? */
static int
others_in(const char *home, const char *leaf)
{
	const char *mine = strrchr(leaf, '/') + 1;
	DIR *d = opendir(home);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return 1;
	while (n == 0 && (de = readdir(d)) != NULL)
		n = de->d_type == DT_DIR && de->d_name[0] != '.' &&
		    strcmp(de->d_name, mine) != 0;
	closedir(d);
	return n;
}

/* Delegated v2: put this process back where it was and remove its leaf,
 * unless another or-sandbox still uses the home (then the leaf goes when
 * we have exited: collect_dead). */
static void
host_return(struct cg *cg)
{
	if (cg->host_leaf == NULL)
		return;
	if (!others_in(cg->host_home, cg->host_leaf) &&
	    put(cg->host_home, "cgroup.subtree_control", "-memory -pids") == 0 &&
	    put(cg->host_home, "cgroup.procs", "0") == 0)
		rmdir(cg->host_leaf);
	free(cg->host_leaf);
	free(cg->host_home);
	cg->host_leaf = cg->host_home = NULL;
}

/* Delegated v2: a cgroup with controllers for its children holds no
 * process, so move this process into the leaf "or-host.<pid>" of its
 * own cgroup home, then enable memory and pids in home for the run
 * cgroups.  host_return undoes both when the run ends. */
static int
host_leave(struct cg *cg, const char *home)
{
	cg->host_home = xstrdup(home);
	cg->host_leaf = xasprintf("%s/or-host.%ld", home, (long)getpid());
	collect_dead(home);
	if ((mkdir(cg->host_leaf, 0755) < 0 && errno != EEXIST) ||
	    put(cg->host_leaf, "cgroup.procs", "0") < 0 ||
	    put(home, "cgroup.subtree_control", "+memory +pids") < 0) {
		int err = errno;

		put(home, "cgroup.procs", "0");
		rmdir(cg->host_leaf);
		free(cg->host_leaf);
		free(cg->host_home);
		cg->host_leaf = cg->host_home = NULL;
		errno = err;
		return -1;
	}
	return 0;
}

/* This process's delegated v2 home: its cgroup, or the parent of its own
 * leaf when a run could not return it there (host_return). */
static char *
v2_home(void)
{
	char *own = self_dir(""), *slash, leaf[40];

	if (own == NULL)
		return NULL;
	snprintf(leaf, sizeof(leaf), "/or-host.%ld", (long)getpid());
	slash = strrchr(own, '/');
	if (slash != NULL && slash != own && strcmp(slash, leaf) == 0)
		*slash = '\0';
	return own;
}

/* v2: the base under which run cgroups go, with the controllers enabled;
 * *how is "v2-root" or "v2-delegated".  cg != NULL: actually prepare it
 * (delegated: move this process into its leaf, recorded in cg). */
static char *
v2_base(struct cg *cg, const char **how, char *reason, size_t n)
{
	char *root, *mnt = mount_of("", &root), *base = NULL;
	char ctl[512];

	free(root);
	if (mnt == NULL) {
		snprintf(reason, n, "no cgroup2 hierarchy is mounted");
		return NULL;
	}
	if (get(mnt, "cgroup.controllers", ctl, sizeof(ctl)) < 0 ||
	    !has_word(ctl, "memory") || !has_word(ctl, "pids")) {
		snprintf(reason, n, "cgroup2 at '%s' has no memory and pids "
		    "controllers (they are bound to v1)", mnt);
		free(mnt);
		return NULL;
	}
	if (geteuid() == 0) {
		/* a fixed subtree of its own: the host is never moved */
		*how = "v2-root";
		base = xasprintf("%s/openresearch", mnt);
		if (cg != NULL && ((mkdir(base, 0755) < 0 && errno != EEXIST) ||
		    put(mnt, "cgroup.subtree_control", "+memory +pids") < 0 ||
		    put(base, "cgroup.subtree_control", "+memory +pids") < 0)) {
			snprintf(reason, n, "cannot prepare '%s': %s", base,
			    strerror(errno));
			free(base);
			base = NULL;
		}
		/* cpuset is optional: only --cpus needs it */
		if (cg != NULL && base != NULL) {
			put(mnt, "cgroup.subtree_control", "+cpuset");
			put(base, "cgroup.subtree_control", "+cpuset");
			collect_dead(base);
		}
	} else {
		char *own = v2_home();

		*how = "v2-delegated";
		if (own == NULL || access(own, W_OK) < 0 ||
		    get(own, "cgroup.controllers", ctl, sizeof(ctl)) < 0 ||
		    !has_word(ctl, "memory") || !has_word(ctl, "pids")) {
			snprintf(reason, n, "no delegated cgroup2 subtree with "
			    "memory and pids is writable by this user");
			free(own);
			free(mnt);
			return NULL;
		}
		base = own;
		if (cg != NULL && host_leave(cg, own) < 0) {
			snprintf(reason, n, "cannot prepare delegated '%s': %s",
			    own, strerror(errno));
			free(base);
			base = NULL;
		}
	}
	free(mnt);
	return base;
}

static int
v1_usable(char **mem, char **pids, char **cpuset, int want_cpuset,
    char *reason, size_t n)
{
	*mem = self_dir("memory");
	*pids = self_dir("pids");
	*cpuset = want_cpuset ? self_dir("cpuset") : NULL;
	if (*mem == NULL || *pids == NULL || (want_cpuset && *cpuset == NULL))
		snprintf(reason, n, "the cgroup v1 memory and pids%s "
		    "controllers are not mounted", want_cpuset ?
		    " and cpuset" : "");
	else if (access(*mem, W_OK) < 0 || access(*pids, W_OK) < 0 ||
	    (want_cpuset && access(*cpuset, W_OK) < 0))
		snprintf(reason, n, "the cgroup v1 controllers are not "
		    "writable by this user (run as root)");
	else
		return 1;
	free(*mem);
	free(*pids);
	free(*cpuset);
	*mem = *pids = *cpuset = NULL;
	return 0;
}

const char *
cgroup_probe(char *reason, size_t n)
{
	const char *how = NULL;
	char r2[160], *b, *m, *p, *c;

	b = v2_base(NULL, &how, r2, sizeof(r2));
	if (b != NULL) {
		free(b);
		return how;
	}
	if (v1_usable(&m, &p, &c, 0, reason, n)) {
		free(m);
		free(p);
		return "v1";
	}
	snprintf(reason + strlen(reason), n - strlen(reason), "; %s", r2);
	return "none";
}

static char *
child_of(const char *dir)
{
	return xasprintf("%s/or-sandbox.%ld.%u", dir, (long)getpid(), run_seq);
}

static int
v2_create(struct cg *cg, const struct cg_limits *l, char *reason, size_t n)
{
	const char *how;
	char *base = v2_base(cg, &how, reason, n), num[32];

	if (base == NULL)
		return -1;
	cg->v2 = child_of(base);
	free(base);
	if (mkdir(cg->v2, 0755) < 0) {
		snprintf(reason, n, "cannot create '%s': %s", cg->v2,
		    strerror(errno));
		free(cg->v2);
		cg->v2 = NULL;
		host_return(cg);
		return -1;
	}
	snprintf(num, sizeof(num), "%llu", (unsigned long long)l->mem);
	if (put(cg->v2, "memory.max", num) < 0 ||
	    (put(cg->v2, "memory.swap.max", "0") < 0 && errno != ENOENT))
		goto fail;
	snprintf(num, sizeof(num), "%llu", (unsigned long long)l->pids);
	if (put(cg->v2, "pids.max", num) < 0)
		goto fail;
	if (l->cpus != NULL && put(cg->v2, "cpuset.cpus", l->cpus) < 0)
		goto fail;
	cg->kind = CG_V2;
	return 0;
fail:
	snprintf(reason, n, "cannot set limits in '%s': %s", cg->v2,
	    strerror(errno));
	rmdir(cg->v2);
	free(cg->v2);
	cg->v2 = NULL;
	host_return(cg);
	return -1;
}

static int
v1_create(struct cg *cg, const struct cg_limits *l, char *reason, size_t n)
{
	char *m, *p, *c, num[32], mems[256], *parent_c = NULL;

	if (!v1_usable(&m, &p, &c, l->cpus != NULL, reason, n))
		return -1;
	collect_dead(m);
	collect_dead(p);
	if (c != NULL)
		collect_dead(c);
	cg->mem = child_of(m);
	cg->pids = child_of(p);
	if (c != NULL) {
		cg->cpuset = child_of(c);
		parent_c = c;
	}
	free(m);
	free(p);
	if (mkdir(cg->mem, 0755) < 0 || mkdir(cg->pids, 0755) < 0 ||
	    (cg->cpuset != NULL && mkdir(cg->cpuset, 0755) < 0))
		goto fail;
	snprintf(num, sizeof(num), "%llu", (unsigned long long)l->mem);
	if (put(cg->mem, "memory.limit_in_bytes", num) < 0)
		goto fail;
	/* swap accounting may be off: then the file does not exist */
	if (put(cg->mem, "memory.memsw.limit_in_bytes", num) < 0 &&
	    errno != ENOENT)
		goto fail;
	snprintf(num, sizeof(num), "%llu", (unsigned long long)l->pids);
	if (put(cg->pids, "pids.max", num) < 0)
		goto fail;
	if (cg->cpuset != NULL && (get(parent_c, "cpuset.mems", mems,
	    sizeof(mems)) < 0 || put(cg->cpuset, "cpuset.mems", mems) < 0 ||
	    put(cg->cpuset, "cpuset.cpus", l->cpus) < 0))
		goto fail;
	free(parent_c);
	cg->kind = CG_V1;
	return 0;
fail:
	snprintf(reason, n, "cannot set up the v1 cgroups: %s",
	    strerror(errno));
	free(parent_c);
	cg->kind = CG_V1;
	cgroup_destroy(cg);
	return -1;
}

int
cgroup_create(struct cg *cg, enum cg_mode mode, const struct cg_limits *l,
    struct or_err *e)
{
	char r2[160] = "", r1[160] = "";

	memset(cg, 0, sizeof(*cg));
	run_seq++;
	if (mode == CG_OFF) {
		snprintf(cg->reason, sizeof(cg->reason), "--cgroup off");
		return 0;
	}
	if (v2_create(cg, l, r2, sizeof(r2)) == 0 ||
	    v1_create(cg, l, r1, sizeof(r1)) == 0)
		return 0;
	snprintf(cg->reason, sizeof(cg->reason), "%s; %s", r1, r2);
	if (mode == CG_REQUIRE)
		return or_error_st(e, 5, "sandbox.cgroup_required",
		    "no usable cgroup: %s", cg->reason);
	return 0;
}

int
cgroup_attach(struct cg *cg, pid_t pid, struct or_err *e)
{
	char num[32];
	const char *dirs[3] = { cg->v2, cg->mem, cg->pids };
	size_t i;

	snprintf(num, sizeof(num), "%ld", (long)pid);
	if (cg->cpuset != NULL)
		dirs[0] = cg->cpuset;
	for (i = 0; i < 3; i++)
		if (dirs[i] != NULL && put(dirs[i], "cgroup.procs", num) < 0)
			return or_error_st(e, 5, "sandbox.cgroup",
			    "cannot move the sandbox into '%s': %s", dirs[i],
			    strerror(errno));
	return 0;
}

void
cgroup_kill(struct cg *cg)
{
	if (cg->kind == CG_V2)
		put(cg->v2, "cgroup.kill", "1");
}

void
cgroup_stats(struct cg *cg, int64_t *peak, int64_t *ooms)
{
	char t[4096];
	uint64_t v;
	char *nl;

	*peak = *ooms = -1;
	if (cg->kind == CG_V2) {
		if (get(cg->v2, "memory.events", t, sizeof(t)) == 0)
			*ooms = keyed(t, "oom_kill");
		if (get(cg->v2, "memory.peak", t, sizeof(t)) == 0) {
			if ((nl = strchr(t, '\n')) != NULL)
				*nl = '\0';
			if (parse_u64(t, &v) == 0)
				*peak = (int64_t)v;
		}
	} else if (cg->kind == CG_V1) {
		if (get(cg->mem, "memory.oom_control", t, sizeof(t)) == 0)
			*ooms = keyed(t, "oom_kill");
		if (get(cg->mem, "memory.max_usage_in_bytes", t,
		    sizeof(t)) == 0) {
			if ((nl = strchr(t, '\n')) != NULL)
				*nl = '\0';
			if (parse_u64(t, &v) == 0)
				*peak = (int64_t)v;
		}
	}
}

/* rmdir, retrying for up to 2 s: the last exiting tasks may still be
 * counted for a moment after init is reaped. */
static void
remove_dir(char *d)
{
	struct timespec ts = { 0, 2000000 };
	int i;

	if (d == NULL)
		return;
	for (i = 0; i < 1000 && rmdir(d) < 0 && errno == EBUSY; i++)
		nanosleep(&ts, NULL);
	free(d);
}

void
cgroup_destroy(struct cg *cg)
{
	remove_dir(cg->v2);
	remove_dir(cg->mem);
	remove_dir(cg->pids);
	remove_dir(cg->cpuset);
	cg->v2 = cg->mem = cg->pids = cg->cpuset = NULL;
	host_return(cg);
	cg->kind = CG_NONE;
}
