/* sandbox-init: pid 1 of the sandbox.  Builds the mount tree (sandbox.md
 * 3.2), forks the command with the process state of 3.3, reaps every
 * process, and reports to the host over a pipe.  Never returns. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/openat2.h>

#include "sandbox-init.h"
#include "mountinfo.h"
#include "seccomp-policy.h"
#include "banned.h"

#define NEWROOT "/tmp"	/* scratch mount point, private to this namespace */

static int status_fd = -1;

static void
send_msg(int type, const void *p, size_t n)
{
	uint32_t h[2] = { (uint32_t)type, (uint32_t)n };

	if (write_in_full(status_fd, h, sizeof(h)) < 0 ||
	    (n > 0 && write_in_full(status_fd, p, n) < 0))
		_exit(1);
}

/* Report a setup failure (code, message) to the host and end the sandbox:
 * as pid 1, our exit kills whatever else runs in the namespace. */
static void __attribute__((noreturn, format(printf, 2, 3)))
fail(const char *code, const char *fmt, ...)
{
	struct buf b = { 0 };
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_add(&b, code, strlen(code) + 1);
	buf_add(&b, msg, strlen(msg));
	send_msg(SB_MSG_FAIL, b.p, b.len);
	_exit(1);
}

static long
openat2_(int dfd, const char *path, int flags, uint64_t resolve)
{
	struct open_how how = { 0 };

	how.flags = (uint64_t)flags | O_CLOEXEC;
	how.resolve = resolve;
	return syscall(SYS_openat2, dfd, path, &how, sizeof(how));
}

/* Open path under dirfd without following any symlink, nor leaving it. */
static int
open_beneath(int dirfd, const char *path, int flags)
{
	return (int)openat2_(dirfd, path, flags, RESOLVE_BENEATH |
	    RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
}

/* Before Linux 5.12 (no mount_setattr): remount one mount with the
 * attributes added, keeping the flags the kernel locks in a user
 * namespace (a remount that drops them fails with EPERM). */
static int
remount_one(const char *mnt, uint64_t set)
{
	struct statvfs sv;
	unsigned long f = MS_REMOUNT | MS_BIND;

	if (statvfs(mnt, &sv) < 0)
		return -1;
	if ((sv.f_flag & ST_RDONLY) || (set & MOUNT_ATTR_RDONLY))
		f |= MS_RDONLY;
	if ((sv.f_flag & ST_NOSUID) || (set & MOUNT_ATTR_NOSUID))
		f |= MS_NOSUID;
	if ((sv.f_flag & ST_NODEV) || (set & MOUNT_ATTR_NODEV))
		f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		f |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		f |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		f |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		f |= MS_RELATIME;
	return mount(NULL, mnt, NULL, f, NULL);
}

struct remount_query {
	const char *path;
	size_t n;
	uint64_t set;
};

static int
remount_below(const struct mountinfo *m, void *arg)
{
	const struct remount_query *q = arg;

	if (strncmp(m->point, q->path, q->n) == 0 && m->point[q->n] == '/')
		return remount_one(m->point, q->set) < 0 ? -1 : 0;
	return 0;
}

/* path and, when recursive, every mount below it (from mountinfo). */
static int
remount_tree(const char *path, int recursive, uint64_t set)
{
	struct remount_query q = { path, strlen(path), set };

	if (remount_one(path, set) < 0)
		return -1;
	if (!recursive)
		return 0;
	return mountinfo_walk("/proc/self/mountinfo", remount_below, &q) < 0 ?
	    -1 : 0;
}

static void
setattr(const char *path, int dfd, unsigned flags, uint64_t set)
{
	struct mount_attr a = { 0 };

	a.attr_set = set;
	if (mount_setattr(dfd, path, flags, &a, sizeof(a)) == 0)
		return;
	if (errno == ENOSYS && dfd == AT_FDCWD &&
	    remount_tree(path, (flags & AT_RECURSIVE) != 0, set) == 0)
		return;
	fail("sandbox.mount", "cannot set mount attributes on '%s': %s",
	    path, strerror(errno));
}

/* Bind src (a path or /proc/self/fd/N) onto dst, read-only, nosuid and
 * nodev, including every submount. */
static void
bind_ro(const char *src, const char *dst)
{
	if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
		fail("sandbox.mount", "cannot bind '%s': %s", src,
		    strerror(errno));
	setattr(dst, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY |
	    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
}

static void
tmpfs(const char *dst, const char *opts)
{
	if (mount("tmpfs", dst, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
		fail("sandbox.mount", "cannot mount a tmpfs on '%s': %s", dst,
		    strerror(errno));
}

static void
xmkdir(const char *p, mode_t m)
{
	if (mkdir(p, m) < 0 && errno != EEXIST)
		fail("sandbox.mount", "cannot create '%s': %s", p,
		    strerror(errno));
}

static void
put_file(const char *p, const char *text, mode_t m)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    m);

	if (fd < 0 || write_in_full(fd, text, strlen(text)) < 0 || close(fd) < 0)
		fail("sandbox.mount", "cannot write '%s': %s", p,
		    strerror(errno));
}

/* An empty mount point of the type of src (file or directory). */
static void
mount_point(const char *p, int is_dir)
{
	if (is_dir)
		xmkdir(p, 0755);
	else
		put_file(p, "", 0644);
}

static char *
fdpath(int fd)
{
	return xasprintf("/proc/self/fd/%d", fd);
}

static const char *const sys_dirs[] = {
	"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32",
};
static const char *const etc_binds[] = {
	"ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "ssl",
	"ca-certificates", "localtime",
};
static const char *const dev_nodes[] = {
	"null", "zero", "full", "random", "urandom",
};

static void
system_dirs(void)
{
	char target[PATH_MAX], src[64], dst[64];
	struct stat st;
	size_t i;
	ssize_t n;

	for (i = 0; i < sizeof(sys_dirs) / sizeof(sys_dirs[0]); i++) {
		snprintf(src, sizeof(src), "/%s", sys_dirs[i]);
		snprintf(dst, sizeof(dst), NEWROOT "/%s", sys_dirs[i]);
		if (lstat(src, &st) < 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			/* merged /usr: the same symlink */
			n = readlink(src, target, sizeof(target) - 1);
			if (n < 0)
				continue;
			target[n] = '\0';
			if (symlink(target, dst) < 0)
				fail("sandbox.mount", "cannot create '%s': %s",
				    dst, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			xmkdir(dst, 0755);
			bind_ro(src, dst);
		}
	}
}

static void
etc_dir(void)
{
	char src[64], dst[64];
	struct stat st;
	size_t i;

	xmkdir(NEWROOT "/etc", 0755);
	tmpfs(NEWROOT "/etc", "mode=0755,size=1m");
	put_file(NEWROOT "/etc/passwd",
	    "root:x:0:0:root:/root:/bin/sh\n"
	    "sandbox:x:1000:1000:sandbox:/tmp:/bin/sh\n"
	    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
	    0644);
	put_file(NEWROOT "/etc/group",
	    "root:x:0:\nsandbox:x:1000:\nnobody:x:65534:\n", 0644);
	put_file(NEWROOT "/etc/hosts",
	    "127.0.0.1\tlocalhost\n::1\tlocalhost\n", 0644);
	put_file(NEWROOT "/etc/hostname", "sandbox\n", 0644);
	put_file(NEWROOT "/etc/nsswitch.conf",
	    "passwd: files\ngroup: files\nshadow: files\nhosts: files\n"
	    "networks: files\nprotocols: files\nservices: files\n", 0644);
	for (i = 0; i < sizeof(etc_binds) / sizeof(etc_binds[0]); i++) {
		snprintf(src, sizeof(src), "/etc/%s", etc_binds[i]);
		snprintf(dst, sizeof(dst), NEWROOT "/etc/%s", etc_binds[i]);
		if (stat(src, &st) < 0)
			continue;
		mount_point(dst, S_ISDIR(st.st_mode));
		bind_ro(src, dst);
	}
	setattr(NEWROOT "/etc", AT_FDCWD, 0, MOUNT_ATTR_RDONLY);
}

static void
dev_dir(const struct sb_config *c)
{
	static const char *const links[][2] = {
		{ "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" },
		{ "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
	};
	char src[PATH_MAX], dst[PATH_MAX];
	size_t i;

	xmkdir(NEWROOT "/dev", 0755);
	tmpfs(NEWROOT "/dev", "mode=0755,size=64k");
	for (i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]) +
	    c->n_devs; i++) {
		if (i < sizeof(dev_nodes) / sizeof(dev_nodes[0]))
			snprintf(src, sizeof(src), "/dev/%s", dev_nodes[i]);
		else
			snprintf(src, sizeof(src), "%s",
			    c->devs[i - sizeof(dev_nodes) / sizeof(dev_nodes[0])]);
		snprintf(dst, sizeof(dst), NEWROOT "/dev/%s",
		    strrchr(src, '/') + 1);
		put_file(dst, "", 0644);
		/* device nodes are the only mounts without nodev */
		if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
			fail("sandbox.mount", "cannot bind '%s': %s", src,
			    strerror(errno));
		setattr(dst, AT_FDCWD, 0, MOUNT_ATTR_NOSUID);
	}
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(dst, sizeof(dst), NEWROOT "/dev/%s", links[i][1]);
		if (symlink(links[i][0], dst) < 0)
			fail("sandbox.mount", "cannot create '%s': %s", dst,
			    strerror(errno));
	}
	xmkdir(NEWROOT "/dev/shm", 01777);
	tmpfs(NEWROOT "/dev/shm", "mode=1777,size=64m");
	setattr(NEWROOT "/dev", AT_FDCWD, 0, MOUNT_ATTR_RDONLY);
}

static void
proc_dir(void)
{
	static const char *const ro[] = { "sys", "sysrq-trigger", "irq",
	    "bus" };
	char p[64];
	size_t i;
	int fd;

	xmkdir(NEWROOT "/proc", 0555);
	if (mount("proc", NEWROOT "/proc", "proc", MS_NOSUID | MS_NODEV |
	    MS_NOEXEC, NULL) < 0)
		fail("sandbox.mount", "cannot mount /proc: %s",
		    strerror(errno));
	/* no nested user namespaces (as bubblewrap's --disable-userns);
	 * seccomp also denies them, this holds where it cannot look */
	fd = open(NEWROOT "/proc/sys/user/max_user_namespaces",
	    O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		/* a failure (older kernels) is fine: seccomp still holds */
		(void)write_in_full(fd, "0\n", 2);
		close(fd);
	}
	for (i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		snprintf(p, sizeof(p), NEWROOT "/proc/%s", ro[i]);
		if (access(p, F_OK) == 0)
			bind_ro(p, p);
	}
}

/* /repo: the work tree bound read-write, or an overlay over it. */
static void
repo_dir(const struct sb_config *c, int work_fd)
{
	char *src, *opts, num[64];

	xmkdir(NEWROOT "/repo", 0755);
	if (work_fd < 0)
		return;
	src = fdpath(work_fd);
	if (c->overlay == 0) {
		if (mount(src, NEWROOT "/repo", NULL, MS_BIND | MS_REC,
		    NULL) < 0)
			fail("sandbox.workdir", "cannot bind '%s': %s",
			    c->workdir, strerror(errno));
		setattr(NEWROOT "/repo", AT_FDCWD, AT_RECURSIVE,
		    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
		free(src);
		return;
	}
	snprintf(num, sizeof(num), "size=%llu,mode=0755",
	    (unsigned long long)c->overlay);
	xmkdir(NEWROOT "/.overlay", 0700);
	tmpfs(NEWROOT "/.overlay", num);
	xmkdir(NEWROOT "/.overlay/upper", 0755);
	xmkdir(NEWROOT "/.overlay/work", 0755);
	opts = xasprintf("lowerdir=%s,upperdir=" NEWROOT "/.overlay/upper,"
	    "workdir=" NEWROOT "/.overlay/work,userxattr", src);
	if (mount("overlay", NEWROOT "/repo", "overlay", MS_NOSUID | MS_NODEV,
	    opts) < 0)
		fail("sandbox.overlay", "cannot mount an overlay on the work "
		    "tree (overlayfs in a user namespace needs Linux 5.11): %s",
		    strerror(errno));
	/* the overlay keeps its own reference to the upper tmpfs */
	if (umount2(NEWROOT "/.overlay", MNT_DETACH) < 0 ||
	    rmdir(NEWROOT "/.overlay") < 0)
		fail("sandbox.overlay", "cannot hide the overlay upper: %s",
		    strerror(errno));
	free(opts);
	free(src);
}

/* Resolve REL under /repo with no symlink; create a missing final
 * component of src's type; bind src over it read-only, by descriptor. */
static void
harness_bind(int repo_fd, const char *src, int src_fd, const char *rel)
{
	struct stat ss, ts;
	struct mount_attr a = { 0 };
	char *dir = xstrdup(rel), *base = strrchr(dir, '/');
	int pfd, tfd, tree;

	if (fstat(src_fd, &ss) < 0)
		fail("sandbox.harness", "cannot stat '%s': %s", src,
		    strerror(errno));
	if (!S_ISDIR(ss.st_mode) && !S_ISREG(ss.st_mode))
		fail("sandbox.harness", "harness '%s' is not a file or folder "
		    "(a symlink is not followed)", src);
	if (base != NULL)
		*base++ = '\0';
	else
		base = dir;
	pfd = base == dir ? (int)openat2_(repo_fd, ".", O_PATH |
	    O_DIRECTORY, 0) : open_beneath(repo_fd, dir, O_PATH | O_DIRECTORY);
	if (pfd < 0)
		fail("sandbox.harness_path", "harness path '%s' has a symlink "
		    "or non-directory parent: %s", rel, strerror(errno));
	if (fstatat(pfd, base, &ts, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT)
			fail("sandbox.harness_path", "cannot inspect harness "
			    "path '%s': %s", rel, strerror(errno));
		if (S_ISDIR(ss.st_mode) ? mkdirat(pfd, base, 0755) < 0 :
		    (tfd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0644)) < 0 || close(tfd) < 0)
			fail("sandbox.harness_path", "cannot create harness "
			    "path '%s': %s", rel, strerror(errno));
	} else if (S_ISLNK(ts.st_mode)) {
		fail("sandbox.harness_path", "harness path '%s' is a symlink",
		    rel);
	} else if (S_ISDIR(ts.st_mode) != S_ISDIR(ss.st_mode)) {
		fail("sandbox.harness_path", "harness path '%s' is not a %s",
		    rel, S_ISDIR(ss.st_mode) ? "directory" : "file");
	}
	tfd = open_beneath(pfd, base, O_PATH | O_NOFOLLOW);
	if (tfd < 0)
		fail("sandbox.harness_path", "cannot open harness path '%s': %s",
		    rel, strerror(errno));
	tree = (int)open_tree(src_fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
	    AT_EMPTY_PATH | AT_RECURSIVE);
	if (tree < 0)
		fail("sandbox.harness", "cannot clone harness '%s': %s", src,
		    strerror(errno));
	a.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
	if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &a,
	    sizeof(a)) == 0) {
		if (move_mount(tree, "", tfd, "", MOVE_MOUNT_F_EMPTY_PATH |
		    MOVE_MOUNT_T_EMPTY_PATH) < 0)
			fail("sandbox.harness", "cannot bind harness '%s': %s",
			    src, strerror(errno));
	} else if (errno == ENOSYS) {
		/* before 5.12: bind by descriptor, then remount by the path
		 * just checked to hold no symlink (nothing untrusted runs
		 * yet) */
		char *s = fdpath(src_fd), *t = fdpath(tfd);
		char *path = xasprintf(NEWROOT "/repo/%s", rel);

		if (mount(s, t, NULL, MS_BIND | MS_REC, NULL) < 0 ||
		    remount_tree(path, 1, a.attr_set) < 0)
			fail("sandbox.harness", "cannot bind harness '%s': %s",
			    src, strerror(errno));
		free(s);
		free(t);
		free(path);
	} else {
		fail("sandbox.harness", "cannot make harness '%s' read-only: "
		    "%s", src, strerror(errno));
	}
	close(tree);
	close(tfd);
	close(pfd);
	free(dir);
}

static void
ro_binds(const struct sb_config *c, const int *fds)
{
	size_t i;
	char *dst, *p, *src;
	struct stat st;

	for (i = 0; i < c->n_ro_bind; i++) {
		const char *d = c->ro_bind[i].b != NULL ? c->ro_bind[i].b :
		    c->ro_bind[i].a;

		dst = xasprintf(NEWROOT "%s", d);
		/* mkdir -p of the parents, inside our own tmpfs */
		for (p = dst + strlen(NEWROOT) + 1; (p = strchr(p, '/')) !=
		    NULL; p++) {
			*p = '\0';
			xmkdir(dst, 0755);
			*p = '/';
		}
		if (fstat(fds[i], &st) < 0)
			fail("sandbox.ro_bind", "cannot stat '%s': %s",
			    c->ro_bind[i].a, strerror(errno));
		mount_point(dst, S_ISDIR(st.st_mode));
		src = fdpath(fds[i]);
		bind_ro(src, dst);
		free(src);
		free(dst);
	}
}

static void
lo_up(void)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		fail("sandbox.net", "cannot read the flags of lo: %s",
		    strerror(errno));
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		fail("sandbox.net", "cannot bring up lo: %s", strerror(errno));
	close(s);
}

/* Sources are opened now, in our copy of the host's mount tree, before
 * the scratch tmpfs hides /tmp (where work trees often live). */
static int
open_src(const char *what, const char *p, int flags)
{
	int fd = open(p, flags | O_PATH | O_CLOEXEC);

	if (fd < 0)
		fail(what, "cannot open '%s': %s", p, strerror(errno));
	return fd;
}

static void
build_root(const struct sb_config *c)
{
	int work_fd = -1, repo_fd, *hfd, *rfd;
	size_t i;
	char opts[64];

	if (c->workdir != NULL)
		work_fd = open_src("sandbox.workdir", c->workdir, O_DIRECTORY);
	hfd = xcalloc(c->n_harness + 1, sizeof(int));
	rfd = xcalloc(c->n_ro_bind + 1, sizeof(int));
	for (i = 0; i < c->n_harness; i++)
		hfd[i] = open_src("sandbox.harness", c->harness[i].a,
		    O_NOFOLLOW);
	for (i = 0; i < c->n_ro_bind; i++)
		rfd[i] = open_src("sandbox.ro_bind", c->ro_bind[i].a, 0);

	/* the first mount tells whether user namespaces really work */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		fail(errno == EPERM ? "sandbox.userns_blocked" :
		    "sandbox.mount", "cannot make the mounts private: %s",
		    strerror(errno));
	tmpfs(NEWROOT, "mode=0755,size=1m");
	system_dirs();
	etc_dir();
	repo_dir(c, work_fd);
	repo_fd = open(NEWROOT "/repo", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (repo_fd < 0)
		fail("sandbox.mount", "cannot open /repo: %s", strerror(errno));
	for (i = 0; i < c->n_harness; i++)
		harness_bind(repo_fd, c->harness[i].a, hfd[i],
		    c->harness[i].b);
	ro_binds(c, rfd);
	xmkdir(NEWROOT "/tmp", 01777);
	snprintf(opts, sizeof(opts), "mode=1777,size=%llu",
	    (unsigned long long)c->tmp_size);
	tmpfs(NEWROOT "/tmp", opts);
	xmkdir(NEWROOT "/var", 0755);
	if (symlink("../tmp", NEWROOT "/var/tmp") < 0)
		fail("sandbox.mount", "cannot create /var/tmp: %s",
		    strerror(errno));
	dev_dir(c);
	proc_dir();

	for (i = 0; i < c->n_harness; i++)
		close(hfd[i]);
	for (i = 0; i < c->n_ro_bind; i++)
		close(rfd[i]);
	free(hfd);
	free(rfd);
	close(repo_fd);
	if (work_fd >= 0)
		close(work_fd);

	/* pivot_root(".", ".") stacks the old root under the new one;
	 * detaching "." then removes it */
	if (chdir(NEWROOT) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 ||
	    umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		fail("sandbox.mount", "cannot pivot into the new root: %s",
		    strerror(errno));
	setattr("/", AT_FDCWD, 0, MOUNT_ATTR_RDONLY);
}

/* --- the command ---------------------------------------------------- */

static int
env_allowed_name(const char *n)
{
	return strchr(n, '=') == NULL;
}

static char **
build_env(const struct sb_config *c, const char *pwd)
{
	static const char *const base[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
		    "/sbin:/bin",
		"HOME=/tmp", "TMPDIR=/tmp", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
	};
	size_t nb = sizeof(base) / sizeof(base[0]), n = 0, i, j, k;
	char **env = xcalloc(nb + 1 + c->n_keep_env + c->n_setenv + 1,
	    sizeof(char *));
	const char *adds[2];

	for (i = 0; i < nb; i++)
		env[n++] = xstrdup(base[i]);
	env[n++] = xasprintf("PWD=%s", pwd);
	/* --keep-env then --setenv: a later value replaces an earlier one */
	for (i = 0; i < c->n_keep_env + c->n_setenv; i++) {
		char *v;

		if (i < c->n_keep_env) {
			const char *val;

			if (!env_allowed_name(c->keep_env[i]) ||
			    (val = getenv(c->keep_env[i])) == NULL)
				continue;
			v = xasprintf("%s=%s", c->keep_env[i], val);
		} else {
			v = xstrdup(c->setenv[i - c->n_keep_env]);
		}
		k = (size_t)(strchr(v, '=') - v) + 1;
		adds[0] = v;
		for (j = 0; j < n; j++)
			if (strncmp(env[j], v, k) == 0)
				break;
		if (j < n)
			free(env[j]);
		else
			n++;
		env[j] = (char *)adds[0];
	}
	env[n] = NULL;
	return env;
}

static void
set_rlimit(int res, uint64_t soft, uint64_t hard)
{
	struct rlimit rl = { soft, hard };

	if (setrlimit(res, &rl) < 0)
		_exit(126);
}

static void
drop_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { { 0 } };
	int cap;

	for (cap = 0; cap <= 63; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 &&
		    errno != EINVAL)
			_exit(126);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 ||
	    syscall(SYS_capset, &h, d) < 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		_exit(126);
}

/* The value of NAME in env. */
static const char *
env_get(char **env, const char *name)
{
	size_t n = strlen(name);

	for (; *env != NULL; env++)
		if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
			return *env + n + 1;
	return NULL;
}

/* execve argv[0] looked up in the sandbox PATH (never a shell). */
static int
exec_path(char *const argv[], char **env)
{
	const char *path = env_get(env, "PATH"), *p, *end;
	char full[PATH_MAX];
	int err = ENOENT;

	if (strchr(argv[0], '/') != NULL || path == NULL) {
		execve(argv[0], argv, env);
		return errno;
	}
	for (p = path; ; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)snprintf(full, sizeof(full), "%.*s/%s",
		    (int)(end - p), end == p ? "." : p, argv[0]) <
		    sizeof(full)) {
			execve(full, argv, env);
			if (errno != ENOENT && errno != ENOTDIR)
				err = errno;
		}
		if (*end == '\0')
			break;
	}
	return err;
}

static void __attribute__((noreturn))
run_command(const struct sb_config *c, const struct sb_fds *f, int cwd_fd,
    char **env, int exec_wr, uint64_t nproc_base)
{
	sigset_t none;
	int in, out, err, ep, sig, e;
	struct or_err oe;

	if (setsid() < 0 || fchdir(cwd_fd) < 0)
		_exit(126);
	in = f->in >= 0 ? f->in : open("/dev/null", O_RDONLY | O_CLOEXEC);
	/* move everything above 2 first, so no dup2 clobbers a source */
	in = fcntl(in, F_DUPFD_CLOEXEC, 10);
	out = fcntl(f->out_wr, F_DUPFD_CLOEXEC, 10);
	err = fcntl(f->err_wr, F_DUPFD_CLOEXEC, 10);
	ep = fcntl(exec_wr, F_DUPFD_CLOEXEC, 10);
	if (in < 0 || out < 0 || err < 0 || ep < 0 || dup2(in, 0) < 0 ||
	    dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
	    dup3(ep, 3, O_CLOEXEC) < 0)
		_exit(126);
	/* every other inherited fd goes: a socket stays usable across a
	 * network namespace; fd 3 is the close-on-exec error pipe */
	if (close_range(4, ~0U, 0) < 0)
		_exit(126);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	set_rlimit(RLIMIT_CPU, c->cpu_s, c->cpu_s + 1);
	set_rlimit(RLIMIT_FSIZE, c->fsize, c->fsize);
	set_rlimit(RLIMIT_NOFILE, c->nofile, c->nofile);
	set_rlimit(RLIMIT_CORE, 0, 0);
	if (nproc_base != UINT64_MAX)	/* no cgroup: a per-user count */
		set_rlimit(RLIMIT_NPROC, nproc_base + c->pids,
		    nproc_base + c->pids);
	drop_caps();
	if (seccomp_policy_load(c->allow_perf, &oe) < 0) {
		e = EPERM;
	} else {
		/* no cgroup: RLIMIT_AS, set last because nothing may
		 * allocate after it (an ASan build reserves terabytes) */
		if (nproc_base != UINT64_MAX)
			set_rlimit(RLIMIT_AS, c->mem, c->mem);
		e = exec_path(c->argv, env);
	}
	write_in_full(3, &e, sizeof(e));
	_exit(127);
}

static void
reset_signals(void)
{
	struct sigaction sa = { 0 };
	sigset_t none;
	int sig;

	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Collect /repo/REL files after every process is dead (sandbox.md 3.8). */
static void
collect(const struct sb_config *c)
{
	int repo = open("/repo", O_PATH | O_DIRECTORY | O_CLOEXEC);
	size_t i;

	for (i = 0; i < c->n_collect; i++) {
		struct buf b = { 0 };
		struct stat st;
		uint32_t idx = (uint32_t)i;
		char chunk[65536], ok = 0;
		const char *why = NULL;
		int fd;
		ssize_t r;

		buf_add(&b, &idx, sizeof(idx));
		buf_addc(&b, 0);
		fd = repo < 0 ? -1 : open_beneath(repo, c->collect[i].a,
		    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
		if (fd < 0)
			why = errno == ENOENT ? "missing" : errno == ELOOP ||
			    errno == EXDEV ? "symlink" : "unreadable";
		else if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
			why = "not_regular";
		else if ((uint64_t)st.st_size > c->log_max)
			why = "too_large";
		while (why == NULL) {
			r = read_in_full(fd, chunk, sizeof(chunk));
			if (r < 0) {
				why = "unreadable";
				break;
			}
			buf_add(&b, chunk, (size_t)r);
			if (b.len - 5 > c->log_max)
				why = "too_large";
			if ((size_t)r < sizeof(chunk))
				break;	/* end of file */
		}
		if (why == NULL) {
			ok = 1;
		} else {
			b.len = 5;
			buf_add(&b, why, strlen(why));
		}
		b.p[4] = ok;
		send_msg(SB_MSG_COLLECT, b.p, b.len);
		buf_free(&b);
		if (fd >= 0)
			close(fd);
	}
}

/* Zero the argv and environment strings of this process (their range is
 * in /proc/self/stat, fields 48 to 51). */
static void
wipe_host_strings(void)
{
	struct buf b = { 0 };
	unsigned long long v[4];
	char *p;
	int field;

	if (read_file("/proc/self/stat", 4096, &b, NULL) < 0)
		return;
	p = strrchr(b.p, ')');	/* the name may hold spaces */
	for (field = 2; p != NULL && field < 48; field++) {
		p = strchr(p + 1, ' ');
	}
	if (p != NULL && sscanf(p, " %llu %llu %llu %llu", &v[0], &v[1], &v[2],
	    &v[3]) == 4 && v[0] < v[1] && v[2] < v[3]) {
		memset((void *)(uintptr_t)v[0], 0, (size_t)(v[1] - v[0]));
		memset((void *)(uintptr_t)v[2], 0, (size_t)(v[3] - v[2]));
	}
	buf_free(&b);
}

void
sb_init_main(const struct sb_config *c, const struct sb_fds *f,
    uint64_t nproc_base)
{
	struct sb_wire_result res = { 0 };
	struct timespec t0, t1;
	struct rusage ru;
	int ep[2], st = 0, e, cwd_fd, repo;
	pid_t main_pid, w;
	char go, *pwd, **env;
	int main_done = 0;
	ssize_t r;

	status_fd = f->status_wr;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	reset_signals();
	/* the command's environment is taken now (--keep-env reads ours);
	 * then our copy of the host's argv and environment is wiped, so that
	 * /proc/1/cmdline and /proc/1/environ show nothing of the host */
	pwd = c->cwd == NULL || c->cwd[0] == '\0' ? xstrdup("/repo") :
	    xasprintf("/repo/%s", c->cwd);
	env = build_env(c, pwd);
	util_setprog("or-sandbox");	/* it pointed into argv */
	wipe_host_strings();
	/* the host writes our uid/gid maps and cgroup, then says go; EOF
	 * means it died or gave up */
	if (read_in_full(f->sync_rd, &go, 1) != 1 || go != 'g')
		_exit(1);
	if (setresgid(SB_UID, SB_UID, SB_UID) < 0 ||
	    setresuid(SB_UID, SB_UID, SB_UID) < 0)
		fail("sandbox.userns_blocked", "cannot become the sandbox "
		    "user: %s", strerror(errno));
	/* a change of credentials clears the parent-death signal, so set it
	 * again; should the host die before this, the "c" below reads EOF */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (sethostname("sandbox", 7) < 0)
		fail("sandbox.namespace", "cannot set the hostname: %s",
		    strerror(errno));
	if (!c->net_host)
		lo_up();
	build_root(c);
	repo = open("/repo", O_PATH | O_DIRECTORY | O_CLOEXEC);
	cwd_fd = repo < 0 ? -1 : (c->cwd == NULL || c->cwd[0] == '\0') ?
	    (int)openat2_(repo, ".", O_PATH | O_DIRECTORY, 0) :
	    open_beneath(repo, c->cwd, O_PATH | O_DIRECTORY);
	if (cwd_fd < 0)
		fail("sandbox.cwd", "cannot enter '%s' under /repo without a "
		    "symlink: %s", c->cwd, strerror(errno));
	if (pipe2(ep, O_CLOEXEC) < 0)
		fail("sandbox.init", "cannot create a pipe: %s",
		    strerror(errno));

	/* the command starts only inside the run's cgroup: wait for the
	 * host's "c"; EOF means the host gave up */
	if (read_in_full(f->sync_rd, &go, 1) != 1 || go != 'c')
		_exit(1);
	close(f->sync_rd);
	if (unshare(CLONE_NEWCGROUP) < 0)
		fail("sandbox.namespace", "cannot create a cgroup namespace: %s",
		    strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	main_pid = fork();
	if (main_pid < 0)
		fail("sandbox.init", "cannot fork the command: %s",
		    strerror(errno));
	if (main_pid == 0)
		run_command(c, f, cwd_fd, env, ep[1], nproc_base);
	close(ep[1]);
	close(f->out_wr);
	close(f->err_wr);
	if (f->in >= 0)
		close(f->in);
	close(cwd_fd);
	r = read_in_full(ep[0], &e, sizeof(e));
	close(ep[0]);
	if (r == (ssize_t)sizeof(e)) {
		kill(-1, SIGKILL);
		while (wait(NULL) > 0 || errno == EINTR)
			;
		fail("sandbox.exec", "cannot execute '%s': %s", c->argv[0],
		    strerror(e));
	}
	send_msg(SB_MSG_STARTED, NULL, 0);

	/* reap everything; the run ends when the main process exits */
	for (;;) {
		w = waitpid(-1, &st, 0);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		if (w == main_pid) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			res.status = st;
			main_done = 1;
		}
		/* daemons and background children never outlive the run */
		if (main_done)
			kill(-1, SIGKILL);
	}
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0) {
		res.user_us = (uint64_t)ru.ru_utime.tv_sec * 1000000 +
		    (uint64_t)ru.ru_utime.tv_usec;
		res.sys_us = (uint64_t)ru.ru_stime.tv_sec * 1000000 +
		    (uint64_t)ru.ru_stime.tv_usec;
		res.maxrss_kib = (uint64_t)ru.ru_maxrss;
	}
	res.wall_us = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000 +
	    (uint64_t)((t1.tv_nsec - t0.tv_nsec) / 1000);
	collect(c);
	send_msg(SB_MSG_RESULT, &res, sizeof(res));
	_exit(0);
}
