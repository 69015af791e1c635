/* store: objects/<xx>/<root>, written through partial/ and renamed, so a
 * reader never sees a partial object and two writers of one object are
 * harmless (the content is the same). */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hex.h"
#include "store.h"
#include "banned.h"

char *
store_default_dir(const char *opt, const char *env, const char *xdg,
    const char *home)
{
	if (opt != NULL && *opt != '\0')
		return xstrdup(opt);
	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/openresearch/store", xdg);
	return xasprintf("%s/.local/share/openresearch/store",
	    home != NULL && *home != '\0' ? home : ".");
}

/* mkdir -p of an absolute or relative path */
static int
mkdirs(const char *path)
{
	char *p = xstrdup(path), *q;
	int rc = 0;

	for (q = p + 1; *q != '\0'; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*q = '/';
	}
	if (rc == 0 && mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

int
store_open(struct store *s, const char *dir, int create, struct or_err *e)
{
	static const char *const sub[] = { "objects", "partial",
		"quarantine" };
	size_t i;

	s->dfd = -1;
	s->dir = NULL;
	if (s->threads < 1)
		s->threads = 1;
	if (create && mkdirs(dir) < 0)
		return or_error(e, "store.open", "cannot create store '%s': "
		    "%s", dir, strerror(errno));
	s->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dfd < 0) {
		if (errno == ENOENT && !create)
			goto ok;	/* an absent store holds nothing */
		return or_error(e, "store.open", "cannot open store '%s': %s",
		    dir, strerror(errno));
	}
	for (i = 0; create && i < sizeof(sub) / sizeof(sub[0]); i++)
		if (mkdirat(s->dfd, sub[i], 0755) < 0 && errno != EEXIST) {
			or_error(e, "store.open", "cannot create '%s/%s': %s",
			    dir, sub[i], strerror(errno));
			close(s->dfd);
			s->dfd = -1;
			return -1;
		}
ok:
	s->dir = xstrdup(dir);
	return 0;
}

void
store_sweep(struct store *s, int64_t max_age)
{
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int fd;
	time_t now = time(NULL);

	if (s->dfd < 0 || (fd = openat(s->dfd, "partial", O_RDONLY |
	    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return;
	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.' || fstatat(fd, d->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
			continue;
		if ((int64_t)(now - st.st_mtime) > max_age)
			unlinkat(fd, d->d_name, 0);
	}
	closedir(dir);
}

void
store_close(struct store *s)
{
	if (s->dfd >= 0)
		close(s->dfd);
	free(s->dir);
	s->dfd = -1;
	s->dir = NULL;
}

int
store_parse_root(const char *s, int bare_ok, zg_hash out, struct or_err *e)
{
	char tmp[67];
	size_t n = strlen(s);

	if (bare_ok && n == 64 && strchr(s, 'x') == NULL &&
	    strchr(s, 'X') == NULL) {
		tmp[0] = '0';
		tmp[1] = 'x';
		memcpy(tmp + 2, s, 65);
		s = tmp;
		n = 66;
	}
	if (n != 66 || s[0] != '0' || s[1] != 'x')
		return or_error(e, n >= 2 && s[0] == '0' && s[1] == 'x' ?
		    "store.bad_root" : "hex.no_prefix", "invalid root '%.80s': "
		    "0x and 64 hex digits%s", s, bare_ok ? " (or 64 bare "
		    "digits)" : "");
	return hex_decode_fixed(s, out, 32, "root", e);
}

static void
object_name(const zg_hash root, char dir[12], char name[96])
{
	char hex[67];

	hex_encode(hex, root, 32);
	snprintf(dir, 12, "objects/%.2s", hex + 2);
	snprintf(name, 96, "objects/%.2s/%s", hex + 2, hex + 2);
}

static void
random_name(char *dst, const char *prefix, size_t n)
{
	uint8_t r[12];
	char hex[27];

	if (random_fill(r, sizeof(r)) < 0) {
		/* getrandom cannot fail on Linux >= 3.17; be unique anyway */
		uint64_t t = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);

		memcpy(r, &t, sizeof(t));
		memset(r + 8, 0, 4);
	}
	hex_encode(hex, r, sizeof(r));
	snprintf(dst, n, "%s%s", prefix, hex + 2);
}

int
store_tmp(struct store *s, char name[64], struct or_err *e)
{
	int fd, tries;

	if (s->dfd < 0)
		return or_error(e, "store.write", "store '%s' does not exist",
		    s->dir);
	for (tries = 0; tries < 8; tries++) {
		random_name(name, "partial/", 64);
		fd = openat(s->dfd, name, O_RDWR | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0)
		return or_error(e, "store.write", "cannot create a file in "
		    "'%s/partial': %s", s->dir, strerror(errno));
	return fd;
}

void
store_discard(struct store *s, const char *name, int fd)
{
	if (fd >= 0)
		close(fd);
	unlinkat(s->dfd, name, 0);
}

static void
fsync_dirat(int dfd, const char *path)
{
	int fd = openat(dfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int
store_commit(struct store *s, const char *name, int fd, const zg_hash root,
    struct or_err *e)
{
	char dir[12], obj[96];

	object_name(root, dir, obj);
	if (fsync(fd) < 0 || fchmod(fd, 0444) < 0)
		goto fail;
	if (mkdirat(s->dfd, dir, 0755) < 0 && errno != EEXIST)
		goto fail;
	if (renameat(s->dfd, name, s->dfd, obj) < 0)
		goto fail;
	close(fd);
	fsync_dirat(s->dfd, dir);
	return 0;
fail:
	or_error(e, "store.write", "cannot store '%s/%s': %s", s->dir, obj,
	    strerror(errno));
	store_discard(s, name, fd);
	return -1;
}

int
store_put(struct store *s, int fd, const uint8_t *want, struct zg_tree *t,
    struct or_err *e)
{
	char name[64], hex[67];
	int tfd;

	memset(t, 0, sizeof(*t));
	if ((tfd = store_tmp(s, name, e)) < 0)
		return -1;
	/* one pass: what is hashed is what is written */
	if (zg_hash_fd_tee(fd, s->threads, tfd, t, e) < 0) {
		if (strcmp(e->code, "file.write") == 0) {
			char msg[sizeof(e->msg)];

			memcpy(msg, e->msg, sizeof(msg));
			or_error(e, "store.write", "cannot write to "
			    "'%s/partial': %s", s->dir, msg);
		}
		goto fail;
	}
	if (want != NULL && memcmp(want, t->root, 32) != 0) {
		hex_encode(hex, t->root, 32);
		or_error(e, "store.mismatch", "root of the data is %s, not the "
		    "'root' of the record", hex);
		zg_free(t);
		goto fail;
	}
	if (store_commit(s, name, tfd, t->root, e) < 0) {
		zg_free(t);
		return -1;
	}
	return 0;
fail:
	store_discard(s, name, tfd);
	return -1;
}

int
store_open_object(struct store *s, const zg_hash root, int *fd,
    uint64_t *size, struct or_err *e)
{
	char dir[12], obj[96];
	struct stat st;

	*fd = -1;
	if (s->dfd < 0)
		return 0;
	object_name(root, dir, obj);
	*fd = openat(s->dfd, obj, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return or_error_st(e, 4, "store.unavailable", "cannot open "
		    "'%s/%s': %s", s->dir, obj, strerror(errno));
	}
	if (fstat(*fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(*fd);
		*fd = -1;
		return or_error_st(e, 4, "store.unavailable", "'%s/%s' is not "
		    "a regular file", s->dir, obj);
	}
	*size = (uint64_t)st.st_size;
	return 1;
}

/* Move a bad object aside: quarantine/<root>.<unix time>. */
static void
quarantine(struct store *s, const zg_hash root)
{
	char dir[12], obj[96], q[128], hex[67];

	object_name(root, dir, obj);
	hex_encode(hex, root, 32);
	snprintf(q, sizeof(q), "quarantine/%s.%lld", hex + 2,
	    (long long)time(NULL));
	mkdirat(s->dfd, "quarantine", 0755);
	if (renameat(s->dfd, obj, s->dfd, q) < 0)
		unlinkat(s->dfd, obj, 0);
}

int
store_get(struct store *s, const zg_hash root, const char *dest,
    uint64_t max, struct store_res *r, struct or_err *e)
{
	struct zg_tree t;
	char *tmp = NULL, hex[67];
	uint64_t size;
	int fd, tfd = -1, rc;

	memset(r, 0, sizeof(*r));
	if ((rc = store_open_object(s, root, &fd, &size, e)) <= 0) {
		if (rc < 0)
			r->reason = "io_error";
		return rc;
	}
	r->size = size;
	if (size > max) {
		close(fd);
		r->reason = "too_large";
		return or_error_st(e, 4, "store.unavailable", "object is %llu "
		    "bytes, over --max-bytes (%llu)", (unsigned long long)size,
		    (unsigned long long)max);
	}
	if (dest != NULL && (tfd = dest_tmp(dest, &tmp, e)) < 0) {
		close(fd);
		return -1;
	}
	/* the copy is written from the very buffers that are hashed */
	if (zg_hash_fd_tee(fd, s->threads, tfd, &t, e) < 0) {
		if (strcmp(e->code, "zg.empty") != 0) {
			char msg[sizeof(e->msg)];

			memcpy(msg, e->msg, sizeof(msg));
			r->reason = "io_error";
			if (strcmp(e->code, "file.write") == 0) {
				or_error(e, "file.write", "cannot write beside "
				    "'%s': %s", dest, msg);
				r->reason = NULL;
			} else {
				or_error_st(e, 4, "store.unavailable", "cannot "
				    "read the object: %s", msg);
			}
			goto fail;
		}
		memset(&t, 0, sizeof(t));	/* empty: certainly corrupt */
	}
	if (t.size != size || memcmp(t.root, root, 32) != 0) {
		zg_free(&t);
		quarantine(s, root);
		r->quarantined = 1;
		r->reason = "corrupt_object";
		hex_encode(hex, root, 32);
		or_error_st(e, 4, "store.unavailable", "stored object %s does "
		    "not match its root: moved to quarantine", hex);
		goto fail;
	}
	zg_free(&t);
	close(fd);
	if (dest != NULL)
		return dest_commit(dest, tmp, tfd, e) < 0 ? -1 : 1;
	return 1;
fail:
	close(fd);
	if (dest != NULL)
		dest_discard(tmp, tfd);
	return -1;
}

/* Copy all of in to out: copy_file_range where the kernel can, else
 * read and write. */
static int
copy_fd(int in, int out)
{
	static uint8_t buf[1 << 20];
	ssize_t n;

	while ((n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0)) > 0)
		;
	if (n == 0)
		return 0;
	if (errno != EXDEV && errno != EINVAL && errno != ENOSYS &&
	    errno != EOPNOTSUPP)
		return -1;
	while ((n = read_in_full(in, buf, sizeof(buf))) > 0)
		if (write_in_full(out, buf, (size_t)n) < 0)
			return -1;
	return n < 0 ? -1 : 0;
}

int
store_copy_out(struct store *s, const zg_hash root, const char *dest,
    struct or_err *e)
{
	char *tmp;
	uint64_t size;
	int fd, tfd, rc, err;

	if ((rc = store_open_object(s, root, &fd, &size, e)) <= 0)
		return rc < 0 ? -1 : or_error_st(e, 4, "store.unavailable",
		    "the object vanished from the store");
	if ((tfd = dest_tmp(dest, &tmp, e)) < 0) {
		close(fd);
		return -1;
	}
	if (copy_fd(fd, tfd) < 0) {
		err = errno;
		close(fd);
		dest_discard(tmp, tfd);
		return or_error(e, "file.write", "cannot write beside '%s': "
		    "%s", dest, strerror(err));
	}
	close(fd);
	return dest_commit(dest, tmp, tfd, e);
}

int
dest_tmp(const char *dest, char **tmpname, struct or_err *e)
{
	struct stat st;
	char *t;
	int fd;

	*tmpname = NULL;
	if (lstat(dest, &st) == 0 && !S_ISREG(st.st_mode))
		return or_error(e, "file.not_regular", "'%s' exists and is "
		    "not a regular file", dest);
	t = xasprintf("%s.tmp.XXXXXX", dest);
	fd = mkostemp(t, O_CLOEXEC);
	if (fd < 0) {
		or_error(e, "file.write", "cannot create a file beside '%s': "
		    "%s", dest, strerror(errno));
		free(t);
		return -1;
	}
	*tmpname = t;
	return fd;
}

int
dest_commit(const char *dest, char *tmpname, int fd, struct or_err *e)
{
	char *d;
	int dfd, err;
	mode_t mask = umask(022);

	umask(mask);		/* the mode the shell's > would give */
	if (fsync(fd) < 0 || fchmod(fd, 0666 & ~mask) < 0)
		goto fail;
	if (rename(tmpname, dest) < 0)
		goto fail;
	close(fd);
	free(tmpname);
	d = xstrdup(dest);
	dfd = open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(d);
	return 0;
fail:
	err = errno;
	dest_discard(tmpname, fd);
	return or_error(e, "file.write", "cannot write '%s': %s", dest,
	    strerror(err));
}

void
dest_discard(char *tmpname, int fd)
{
	if (fd >= 0)
		close(fd);
	if (tmpname != NULL)
		unlink(tmpname);
	free(tmpname);
}
