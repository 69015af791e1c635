/* tree: entry lists from git (ls-tree/ls-files plus cat-file --batch) or a
 * directory walk that never follows symbolic links. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tree.h"
#include "hex.h"
#include "proc.h"
#include "sha.h"
#include "banned.h"

#define LIST_MAX ((size_t)1 << 30)

static struct tree_entry *
add_entry(struct tree *t, const char *path, size_t plen, const char *mode)
{
	struct tree_entry *x;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->e = xreallocarray(t->e, t->cap, sizeof(*t->e));
	}
	x = &t->e[t->n++];
	memset(x, 0, sizeof(*x));
	x->path = xmemdup(path, plen);
	x->plen = plen;
	memcpy(x->mode, mode, 6);
	return x;
}

static int
git_failed(struct or_err *e, const char *what, const char *dir, int status)
{
	return or_error(e, "tree.git_failed", "git %s failed in '%s' "
	    "(status %d)", what, dir, status);
}

static int
changed(struct or_err *e, const char *path, const char *what)
{
	return or_error(e, "tree.changed", "'%s' changed while it was read "
	    "(%s)", path, what);
}

struct feeder {
	int fd;
	const struct tree *t;
};

/* Write every request up front while the caller reads the answers, so git
 * can buffer its output instead of flushing once per object. */
static void *
feed(void *arg)
{
	struct feeder *f = arg;
	size_t i;

	for (i = 0; i < f->t->n; i++)
		if (write_in_full(f->fd, f->t->e[i].oid,
		    strlen(f->t->e[i].oid)) < 0 ||
		    write_in_full(f->fd, "\n", 1) < 0)
			break;
	close(f->fd);
	return NULL;
}

/* Whether hdr is cat-file's "<oid> blob <size>\n" for oid (a hand parse:
 * sscanf took 2% of a pack). */
static int
blob_header(char *hdr, const char *oid, uint64_t *size)
{
	size_t n = strlen(oid), len = strlen(hdr);

	if (len < n + 8 || memcmp(hdr, oid, n) != 0 ||
	    memcmp(hdr + n, " blob ", 6) != 0 || hdr[len - 1] != '\n')
		return 0;
	hdr[len - 1] = '\0';
	return parse_u64(hdr + n + 6, size) == 0;
}

/* The blobs of t, named by their object ids, through one
 * `git cat-file --batch` process. */
static int
stream_blobs(const char *dir, struct tree *t, const struct tree_sink *s,
    struct or_err *e)
{
	char *argv[] = { "git", "cat-file", "--batch", "--buffer", NULL };
	struct feeder f;
	pthread_t tid;
	struct proc p;
	FILE *in;
	char hdr[256], buf[65536];
	uint64_t size, left;
	size_t i;
	int rc = 0, st;

	if (t->n == 0)
		return 0;
	if (proc_start(&p, dir, argv, 1, 1, e) < 0)
		return -1;
	/* fewer wake-ups: git writes a megabyte before it waits for us, and
	 * we read 64 KiB at a time however small the blobs */
	fcntl(p.out, F_SETPIPE_SZ, 1 << 20);
	in = fdopen(p.out, "r");
	if (in == NULL || setvbuf(in, NULL, _IOFBF, 1 << 16) != 0)
		die_oom();
	f.fd = p.in;
	f.t = t;
	if (pthread_create(&tid, NULL, feed, &f) != 0)
		die_oom();
	for (i = 0; i < t->n && rc == 0; i++) {
		if (fgets(hdr, sizeof(hdr), in) == NULL ||
		    !blob_header(hdr, t->e[i].oid, &size)) {
			rc = git_failed(e, "cat-file", dir, -1);
			break;
		}
		if ((rc = s->begin(s->arg, &t->e[i], size, e)) < 0)
			break;
		for (left = size; left > 0 && rc == 0;) {
			size_t want = left < sizeof(buf) ? (size_t)left :
			    sizeof(buf);
			size_t got = fread(buf, 1, want, in);

			if (got == 0)
				break;
			rc = s->data(s->arg, buf, got, e);
			left -= got;
		}
		if (rc == 0 && (left != 0 || fgetc(in) != '\n'))
			rc = git_failed(e, "cat-file", dir, -1);
		if (rc == 0)
			rc = s->end(s->arg, e);
	}
	fclose(in);	/* a writer blocked on a dead reader gets EPIPE */
	pthread_join(tid, NULL);
	st = proc_wait(&p);
	if (rc == 0 && st != 0)
		rc = git_failed(e, "cat-file", dir, st);
	return rc;
}

struct hasher {
	struct sha256 c;
	struct tree_entry *x;
	uint64_t n;
};

static int
hash_begin(void *arg, struct tree_entry *x, uint64_t size, struct or_err *e)
{
	struct hasher *h = arg;

	sha256_init(&h->c);
	h->x = x;
	h->n = 0;
	return 0;
}

static int
hash_data(void *arg, const void *p, size_t n, struct or_err *e)
{
	struct hasher *h = arg;

	sha256_update(&h->c, p, n);
	h->n += n;
	return 0;
}

static int
hash_end(void *arg, struct or_err *e)
{
	struct hasher *h = arg;

	sha256_final(&h->c, h->x->sha);
	h->x->size = h->n;
	return 0;
}

static int
from_commit(const char *dir, const char *rev, int flags, struct tree *t,
    struct or_err *e)
{
	char *spec = xasprintf("%s^{commit}", rev);
	char *rp[] = { "git", "rev-parse", "--verify", "--quiet", spec, NULL };
	char *ls[] = { "git", "ls-tree", "-r", "-z", "--full-tree", NULL,
	    NULL };
	struct buf out = { 0 }, commit = { 0 };
	struct hasher h;
	struct tree_sink hs = { hash_begin, hash_data, hash_end, &h };
	int st, rc = -1;
	char *p, *end;

	if (proc_capture(dir, rp, &commit, 4096, &st, e) < 0)
		goto out;
	if (st != 0 || commit.len < 40) {
		rc = or_error(e, "tree.not_a_commit",
		    "'%s' is not a commit in '%s'", rev, dir);
		goto out;
	}
	commit.p[strcspn(commit.p, "\n")] = '\0';
	ls[5] = commit.p;
	if (proc_capture(dir, ls, &out, LIST_MAX, &st, e) < 0)
		goto out;
	if (st != 0) {
		rc = git_failed(e, "ls-tree", dir, st);
		goto out;
	}
	/* <mode> SP <type> SP <oid> TAB <path> NUL */
	for (p = out.p, end = out.p + out.len; p < end; p += strlen(p) + 1) {
		char *tab = strchr(p, '\t'), mode[16], type[16], oid[128];
		struct tree_entry *x;

		if (tab == NULL || sscanf(p, "%15s %15s %127s", mode, type,
		    oid) != 3 || strlen(oid) >= sizeof(x->oid)) {
			rc = git_failed(e, "ls-tree", dir, -1);
			goto out;
		}
		if (strcmp(mode, "160000") == 0 || strcmp(type, "commit") == 0) {
			rc = or_error(e, "tree.submodule", "submodule '%s' "
			    "cannot be hashed", tab + 1);
			goto out;
		}
		if (strcmp(mode, "100644") != 0 && strcmp(mode, "100755") != 0 &&
		    strcmp(mode, "120000") != 0) {
			rc = or_error(e, "tree.unsupported_entry",
			    "unsupported entry '%s' (mode %s)", tab + 1, mode);
			goto out;
		}
		x = add_entry(t, tab + 1, strlen(tab + 1), mode);
		memcpy(x->oid, oid, strlen(oid) + 1);
	}
	rc = (flags & TREE_LIST) ? 0 : stream_blobs(dir, t, &hs, e);
out:
	free(spec);
	buf_free(&out);
	buf_free(&commit);
	return rc;
}

/* The directory that holds path (relative to dirfd), reached one component
 * at a time without following a symbolic link; *name is the last part.
 * Returns a new fd, or -1 with errno. */
static int
open_parent(int dirfd, const char *path, const char **name)
{
	const char *p = path, *slash;
	char comp[256];
	int fd = dup(dirfd), next;

	if (fd < 0)
		return -1;
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	while ((slash = strchr(p, '/')) != NULL) {
		size_t n = (size_t)(slash - p);

		if (n == 0 || n >= sizeof(comp)) {
			close(fd);
			errno = n == 0 ? ENOENT : ENAMETOOLONG;
			return -1;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(fd);
		if (next < 0)
			return -1;
		fd = next;
		p = slash + 1;
	}
	*name = p;
	return fd;
}

/* open_parent for a run of paths in sorted order: siblings share the
 * folder opened for the first of them, which halves the system calls of a
 * tree of small files.  The path last opened must stay in place. */
struct parent {
	int top, fd;
	const char *dir;	/* the folder part of the path fd was opened for */
	size_t dl;
};

static int
parent_of(struct parent *pc, const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	size_t dl = slash != NULL ? (size_t)(slash - path) : 0;

	if (pc->fd >= 0 && dl == pc->dl && memcmp(path, pc->dir, dl) == 0) {
		*name = slash != NULL ? slash + 1 : path;
		return pc->fd;
	}
	if (pc->fd >= 0)
		close(pc->fd);
	pc->fd = open_parent(pc->top, path, name);
	pc->dir = path;
	pc->dl = dl;
	return pc->fd;
}

static void
parent_close(struct parent *pc)
{
	if (pc->fd >= 0)
		close(pc->fd);
	pc->fd = -1;
}

/* One filesystem entry at dirfd/name as a tree entry (no link followed).
 * With skip_missing, a missing entry returns 1 and adds nothing. */
static int
stat_entry(int dirfd, const char *name, const char *path, size_t plen,
    int flags, int skip_missing, struct tree *t, int *is_dir,
    struct or_err *e)
{
	struct stat st;
	struct tree_entry *x;
	char target[4096];
	ssize_t n;
	int fd;

	*is_dir = 0;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT && skip_missing)
			return 1;
		if (errno == ENOENT)
			return or_error(e, "tree.missing", "'%s' is tracked "
			    "but missing from the work tree", path);
		return or_error(e, "tree.read", "cannot stat '%s': %s", path,
		    strerror(errno));
	}
	if (S_ISDIR(st.st_mode)) {
		*is_dir = 1;
		return 0;
	}
	if (S_ISLNK(st.st_mode)) {
		n = readlinkat(dirfd, name, target, sizeof(target));
		if (n < 0 || (size_t)n >= sizeof(target))
			return or_error(e, "tree.read", "cannot read link "
			    "'%s'", path);
		x = add_entry(t, path, plen, "120000");
		if (!(flags & TREE_LIST))
			sha256(target, (size_t)n, x->sha);
		x->size = (uint64_t)n;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return or_error(e, "tree.unsupported_entry",
		    "unsupported file type at '%s'", path);
	if (flags & TREE_LIST) {
		x = add_entry(t, path, plen, (st.st_mode & S_IXUSR) ?
		    "100755" : "100644");
		x->size = (uint64_t)st.st_size;
		return 0;
	}
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return or_error(e, "tree.read", "cannot open '%s': %s", path,
		    strerror(errno));
	x = add_entry(t, path, plen, (st.st_mode & S_IXUSR) ? "100755" :
	    "100644");
	if (sha256_fd(fd, x->sha, &x->size) < 0) {
		int err = errno;

		close(fd);
		return or_error(e, "tree.read", "cannot read '%s': %s", path,
		    strerror(err));
	}
	close(fd);
	return 0;
}

static int
walk(int dirfd, struct buf *path, int flags, struct tree *t,
    struct or_err *e)
{
	DIR *d;
	struct dirent *de;
	size_t base = path->len;
	int rc = 0, is_dir, sub;

	d = fdopendir(dirfd);
	if (d == NULL) {
		close(dirfd);
		return or_error(e, "tree.read", "cannot read directory '%s'",
		    base ? path->p : ".");
	}
	while (rc == 0 && (errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (strcmp(de->d_name, ".git") == 0) {
			if (base == 0)
				continue;
			rc = or_error(e, "tree.submodule", "embedded repository "
			    "'%s/.git' cannot be hashed", path->p);
			break;
		}
		path->len = base;
		if (base > 0)
			buf_addc(path, '/');
		buf_add(path, de->d_name, strlen(de->d_name));
		rc = stat_entry(dirfd, de->d_name, path->p, path->len, flags, 0,
		    t, &is_dir, e);
		if (rc == 0 && is_dir) {
			sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				rc = or_error(e, "tree.read", "cannot open "
				    "'%s': %s", path->p, strerror(errno));
			else
				rc = walk(sub, path, flags, t, e);
		}
	}
	if (rc == 0 && errno != 0)
		rc = or_error(e, "tree.read", "cannot read directory '%s'",
		    base ? path->p : ".");
	path->len = base;
	if (path->p != NULL)
		path->p[base] = '\0';
	closedir(d);
	return rc;
}

static int
from_dir(const char *dir, int flags, struct tree *t, struct or_err *e)
{
	struct buf path = { 0 };
	int fd, rc;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return or_error(e, "tree.not_a_directory", "cannot open "
		    "directory '%s': %s", dir, strerror(errno));
	rc = walk(fd, &path, flags, t, e);
	buf_free(&path);
	return rc;
}

/* Add the work-tree files named in a NUL-separated list: tracked ones
 * (`ls-files -s`: <mode> SP <oid> SP <stage> TAB <path>) or untracked ones
 * (`ls-files -o`: <path>). */
static int
add_listed(const char *dir, int fd, struct buf *out, int tracked, int flags,
    struct tree *t, struct or_err *e)
{
	const char *name;
	char *p, *end, *path;
	struct parent pc = { fd, -1, NULL, 0 };
	int rc = 0, pfd, is_dir, skip = (flags & TREE_SKIP_DELETED) != 0;

	for (p = out->p, end = out->p + out->len; rc == 0 && p < end;
	    p += strlen(p) + 1) {
		if (tracked) {
			char *tab = strchr(p, '\t');

			if (tab == NULL) {
				rc = git_failed(e, "ls-files", dir, -1);
				break;
			}
			path = tab + 1;
			if (strncmp(p, "160000", 6) == 0) {
				rc = or_error(e, "tree.submodule", "submodule "
				    "'%s' cannot be hashed", path);
				break;
			}
			if (tab[-1] != '0') {
				rc = or_error(e, "tree.unmerged", "'%s' has "
				    "unmerged changes", path);
				break;
			}
		} else {
			path = p;
			if (*path != '\0' && path[strlen(path) - 1] == '/') {
				rc = or_error(e, "tree.submodule", "embedded "
				    "repository '%s' cannot be hashed", path);
				break;
			}
		}
		/* a tracked file under a folder that became a link or a file
		 * is deleted as far as git is concerned */
		pfd = parent_of(&pc, path, &name);
		if (pfd < 0) {
			if (skip && (errno == ENOENT || errno == ENOTDIR ||
			    errno == ELOOP))
				continue;
			rc = or_error(e, errno == ENOENT ? "tree.missing" :
			    "tree.read", "cannot reach '%s': %s", path,
			    strerror(errno));
			break;
		}
		rc = stat_entry(pfd, name, path, strlen(path), flags, skip, t,
		    &is_dir, e);
		if (rc == 1) {
			rc = 0;
			continue;
		}
		/* a tracked file that became a folder is deleted for git,
		 * and the folder's files are untracked */
		if (rc == 0 && is_dir && !(tracked && skip))
			rc = or_error(e, "tree.unsupported_entry", "%s path "
			    "'%s' is a directory", tracked ? "tracked" :
			    "untracked", path);
	}
	parent_close(&pc);
	return rc;
}

static int
from_worktree(const char *dir, int flags, struct tree *t, struct or_err *e)
{
	char *ls[] = { "git", "ls-files", "-z", "-s", "--full-name", NULL };
	char *lo[] = { "git", "ls-files", "-z", "-o", "--exclude-standard",
	    "--full-name", NULL };
	struct buf out = { 0 };
	int st, rc = -1, fd = -1;

	if (proc_capture(dir, ls, &out, LIST_MAX, &st, e) < 0)
		goto out;
	if (st != 0) {
		rc = git_failed(e, "ls-files", dir, st);
		goto out;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rc = or_error(e, "tree.not_a_directory", "cannot open '%s': %s",
		    dir, strerror(errno));
		goto out;
	}
	if ((rc = add_listed(dir, fd, &out, 1, flags, t, e)) < 0 ||
	    !(flags & TREE_UNTRACKED))
		goto out;
	out.len = 0;
	if ((rc = proc_capture(dir, lo, &out, LIST_MAX, &st, e)) < 0)
		goto out;
	if (st != 0) {
		rc = git_failed(e, "ls-files", dir, st);
		goto out;
	}
	rc = add_listed(dir, fd, &out, 0, flags, t, e);
out:
	if (fd >= 0)
		close(fd);
	buf_free(&out);
	return rc;
}

/* The files of a dir or worktree listing, reopened one by one. */
static int
stream_files(const char *dir, struct tree *t, const struct tree_sink *s,
    struct or_err *e)
{
	char buf[65536], target[4096];
	struct stat st;
	const char *name;
	struct parent pc = { -1, -1, NULL, 0 };
	uint64_t left;
	size_t i;
	ssize_t n;
	int top, pfd, fd, rc = 0;

	top = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (top < 0)
		return or_error(e, "tree.not_a_directory", "cannot open '%s': "
		    "%s", dir, strerror(errno));
	pc.top = top;
	for (i = 0; i < t->n && rc == 0; i++) {
		struct tree_entry *x = &t->e[i];
		int link = strcmp(x->mode, "120000") == 0;

		if ((pfd = parent_of(&pc, x->path, &name)) < 0) {
			rc = changed(e, x->path, strerror(errno));
			break;
		}
		if (link) {
			n = readlinkat(pfd, name, target, sizeof(target));
			if (n < 0 || (size_t)n >= sizeof(target)) {
				rc = changed(e, x->path, "no longer a "
				    "readable link");
				break;
			}
			if ((rc = s->begin(s->arg, x, (uint64_t)n, e)) == 0 &&
			    (rc = s->data(s->arg, target, (size_t)n, e)) == 0)
				rc = s->end(s->arg, e);
			continue;
		}
		fd = openat(pfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			rc = changed(e, x->path, strerror(errno));
			break;
		}
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
		    ((st.st_mode & S_IXUSR) != 0) !=
		    (strcmp(x->mode, "100755") == 0) ||
		    (uint64_t)st.st_size != x->size) {
			close(fd);
			rc = changed(e, x->path, "type, mode or size");
			break;
		}
		rc = s->begin(s->arg, x, x->size, e);
		for (left = x->size; rc == 0 && left > 0; left -= (uint64_t)n) {
			n = read_in_full(fd, buf, left < sizeof(buf) ?
			    (size_t)left : sizeof(buf));
			if (n <= 0) {
				rc = n < 0 ? or_error(e, "tree.read", "cannot "
				    "read '%s': %s", x->path, strerror(errno)) :
				    changed(e, x->path, "shorter");
				break;
			}
			rc = s->data(s->arg, buf, (size_t)n, e);
		}
		if (rc == 0 && read_in_full(fd, buf, 1) != 0)
			rc = changed(e, x->path, "longer");
		close(fd);
		if (rc == 0)
			rc = s->end(s->arg, e);
	}
	parent_close(&pc);
	close(top);
	return rc;
}

int
tree_stream(const char *dir, struct tree *t, const struct tree_sink *s,
    struct or_err *e)
{
	if (t->source != NULL && strcmp(t->source, "commit") == 0)
		return stream_blobs(dir, t, s, e);
	return stream_files(dir, t, s, e);
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct tree_entry *x = a, *y = b;
	size_t n = x->plen < y->plen ? x->plen : y->plen;
	int c = memcmp(x->path, y->path, n);

	if (c != 0)
		return c;
	return x->plen < y->plen ? -1 : x->plen > y->plen;
}

void
tree_sort(struct tree *t)
{
	if (t->n > 1)
		qsort(t->e, t->n, sizeof(*t->e), cmp_entry);
}

int
tree_list(const char *dir, const char *rev, const char *source, int flags,
    struct tree *t, struct or_err *e)
{
	struct stat st;
	char *gitdir;
	int rc;

	memset(t, 0, sizeof(*t));
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return or_error(e, "tree.not_a_directory",
		    "'%s' is not a directory", dir);
	if (source == NULL) {
		gitdir = xasprintf("%s/.git", dir);
		source = rev != NULL ? "commit" :
		    access(gitdir, F_OK) == 0 ? "worktree" : "dir";
		free(gitdir);
	}
	if (strcmp(source, "commit") == 0) {
		if (rev == NULL)
			return or_error(e, "tree.no_commit", "source 'commit' "
			    "needs a commit");
		rc = from_commit(dir, rev, flags, t, e);
	} else if (strcmp(source, "worktree") == 0) {
		rc = from_worktree(dir, flags, t, e);
	} else if (strcmp(source, "dir") == 0) {
		rc = from_dir(dir, flags, t, e);
	} else {
		return or_error(e, "tree.bad_source", "unknown source '%s' "
		    "(commit, worktree or dir)", source);
	}
	t->source = strcmp(source, "commit") == 0 ? "commit" :
	    strcmp(source, "worktree") == 0 ? "worktree" : "dir";
	if (rc < 0) {
		tree_free(t);
		return -1;
	}
	tree_sort(t);
	return 0;
}

int
tree_load(const char *dir, const char *rev, const char *source,
    struct tree *t, struct or_err *e)
{
	return tree_list(dir, rev, source, 0, t, e);
}

void
tree_hash(const struct tree *t, uint8_t out[32])
{
	struct sha256 c;
	char hex[67], len[32];
	size_t i;

	sha256_init(&c);
	sha256_update(&c, "openresearch/tree/v1\n", 21);
	for (i = 0; i < t->n; i++) {
		const struct tree_entry *x = &t->e[i];
		int n = snprintf(len, sizeof(len), "%zu:", x->plen);

		sha256_update(&c, len, (size_t)n);
		sha256_update(&c, x->path, x->plen);
		sha256_update(&c, "\n", 1);
		sha256_update(&c, x->mode, 6);
		sha256_update(&c, "\n", 1);
		hex_encode(hex, x->sha, 32);
		sha256_update(&c, hex + 2, 64);
		sha256_update(&c, "\n", 1);
	}
	sha256_final(&c, out);
}

void
tree_free(struct tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->e[i].path);
	free(t->e);
	memset(t, 0, sizeof(*t));
}
