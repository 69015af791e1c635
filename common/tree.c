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

struct feeder {
	int fd;
	char **oids;
	size_t n;
};

/* Write every request up front while the caller reads the answers, so git
 * can buffer its output instead of flushing once per object. */
static void *
feed(void *arg)
{
	struct feeder *f = arg;
	size_t i;

	for (i = 0; i < f->n; i++)
		if (write_in_full(f->fd, f->oids[i], strlen(f->oids[i])) < 0 ||
		    write_in_full(f->fd, "\n", 1) < 0)
			break;
	close(f->fd);
	return NULL;
}

/* Hash the blobs of t, whose object ids are oids[i], with one
 * `git cat-file --batch` process. */
static int
hash_blobs(const char *dir, struct tree *t, char **oids, struct or_err *e)
{
	char *argv[] = { "git", "cat-file", "--batch", "--buffer", NULL };
	struct feeder f;
	pthread_t tid;
	struct proc p;
	FILE *in;
	char hdr[256], type[32], oid[128];
	unsigned long long size;
	size_t i;
	int rc = 0, st;

	if (t->n == 0)
		return 0;
	if (proc_start(&p, dir, argv, 1, 1, e) < 0)
		return -1;
	in = fdopen(p.out, "r");
	if (in == NULL)
		die_oom();
	f.fd = p.in;
	f.oids = oids;
	f.n = t->n;
	if (pthread_create(&tid, NULL, feed, &f) != 0)
		die_oom();
	for (i = 0; i < t->n && rc == 0; i++) {
		struct sha256 c;
		char buf[65536];
		unsigned long long left;

		if (fgets(hdr, sizeof(hdr), in) == NULL ||
		    sscanf(hdr, "%127s %31s %llu", oid, type, &size) != 3 ||
		    strcmp(type, "blob") != 0) {
			rc = git_failed(e, "cat-file", dir, -1);
			break;
		}
		sha256_init(&c);
		for (left = size; left > 0;) {
			size_t want = left < sizeof(buf) ? (size_t)left :
			    sizeof(buf);
			size_t got = fread(buf, 1, want, in);

			if (got == 0)
				break;
			sha256_update(&c, buf, got);
			left -= got;
		}
		sha256_final(&c, t->e[i].sha);
		t->e[i].size = size;
		if (left != 0 || fgetc(in) != '\n')
			rc = git_failed(e, "cat-file", dir, -1);
	}
	fclose(in);	/* a writer blocked on a dead reader gets EPIPE */
	pthread_join(tid, NULL);
	st = proc_wait(&p);
	if (rc == 0 && st != 0)
		rc = git_failed(e, "cat-file", dir, st);
	return rc;
}

static int
from_commit(const char *dir, const char *rev, struct tree *t,
    struct or_err *e)
{
	char *spec = xasprintf("%s^{commit}", rev);
	char *rp[] = { "git", "rev-parse", "--verify", "--quiet", spec, NULL };
	char *ls[] = { "git", "ls-tree", "-r", "-z", "--full-tree", NULL,
	    NULL };
	struct buf out = { 0 }, commit = { 0 };
	char **oids = NULL;
	size_t i, ocap = 0;
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

		if (tab == NULL || sscanf(p, "%15s %15s %127s", mode, type,
		    oid) != 3) {
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
		add_entry(t, tab + 1, strlen(tab + 1), mode);
		if (t->n > ocap) {
			ocap = t->cap;
			oids = xreallocarray(oids, ocap, sizeof(*oids));
		}
		oids[t->n - 1] = xstrdup(oid);
	}
	rc = hash_blobs(dir, t, oids, e);
out:
	for (i = 0; oids != NULL && i < t->n; i++)
		free(oids[i]);
	free(oids);
	free(spec);
	buf_free(&out);
	buf_free(&commit);
	return rc;
}

/* One filesystem entry at dirfd/name as a tree entry (no link followed). */
static int
stat_entry(int dirfd, const char *name, const char *path, size_t plen,
    struct tree *t, int *is_dir, struct or_err *e)
{
	struct stat st;
	struct tree_entry *x;
	char target[4096];
	ssize_t n;
	int fd;

	*is_dir = 0;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
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
		sha256(target, (size_t)n, x->sha);
		x->size = (uint64_t)n;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return or_error(e, "tree.unsupported_entry",
		    "unsupported file type at '%s'", path);
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
walk(int dirfd, struct buf *path, struct tree *t, struct or_err *e)
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
		rc = stat_entry(dirfd, de->d_name, path->p, path->len, t,
		    &is_dir, e);
		if (rc == 0 && is_dir) {
			sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				rc = or_error(e, "tree.read", "cannot open "
				    "'%s': %s", path->p, strerror(errno));
			else
				rc = walk(sub, path, t, e);
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
from_dir(const char *dir, struct tree *t, struct or_err *e)
{
	struct buf path = { 0 };
	int fd, rc;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return or_error(e, "tree.not_a_directory", "cannot open "
		    "directory '%s': %s", dir, strerror(errno));
	rc = walk(fd, &path, t, e);
	buf_free(&path);
	return rc;
}

static int
from_worktree(const char *dir, struct tree *t, struct or_err *e)
{
	char *ls[] = { "git", "ls-files", "-z", "-s", "--full-name", NULL };
	struct buf out = { 0 };
	char *p, *end;
	int st, rc = -1, fd, is_dir;

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
	rc = 0;
	/* <mode> SP <oid> SP <stage> TAB <path> NUL */
	for (p = out.p, end = out.p + out.len; rc == 0 && p < end;
	    p += strlen(p) + 1) {
		char *tab = strchr(p, '\t'), *path;

		if (tab == NULL) {
			rc = git_failed(e, "ls-files", dir, -1);
			break;
		}
		path = tab + 1;
		if (strncmp(p, "160000", 6) == 0) {
			rc = or_error(e, "tree.submodule", "submodule '%s' "
			    "cannot be hashed", path);
			break;
		}
		if (tab[-1] != '0') {
			rc = or_error(e, "tree.unmerged", "'%s' has unmerged "
			    "changes", path);
			break;
		}
		/* openat with the full relative path; stat_entry never
		 * follows a link in the last component */
		rc = stat_entry(fd, path, path, strlen(path), t, &is_dir, e);
		if (rc == 0 && is_dir)
			rc = or_error(e, "tree.unsupported_entry", "tracked "
			    "path '%s' is a directory", path);
	}
	close(fd);
out:
	buf_free(&out);
	return rc;
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
tree_load(const char *dir, const char *rev, const char *source,
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
		rc = from_commit(dir, rev, t, e);
	} else if (strcmp(source, "worktree") == 0) {
		rc = from_worktree(dir, t, e);
	} else if (strcmp(source, "dir") == 0) {
		rc = from_dir(dir, t, e);
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
