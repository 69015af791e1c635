/* output: the kept tail of a stream, and output files replaced through a
 * temporary file beside them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "banned.h"

void
output_tail_add(struct output_tail *t, const char *p, size_t n)
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

int
output_tail_write(const struct output_tail *t, int fd)
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

/* What stands at the target's name now: nothing or a regular file. */
static int
output_check(struct output_file *t, struct or_err *e)
{
	struct stat st;

	if (fstatat(t->dfd, t->base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			return 0;
		return or_error_st(e, 5, "sandbox.output", "cannot inspect "
		    "'%s': %s", t->name, strerror(errno));
	}
	if (S_ISLNK(st.st_mode))
		return or_error_st(e, 5, "sandbox.output", "refusing to write "
		    "'%s': it is a symbolic link", t->name);
	if (!S_ISREG(st.st_mode))
		return or_error_st(e, 5, "sandbox.output", "refusing to write "
		    "'%s': it is not a regular file", t->name);
	t->mode = st.st_mode & 0777;
	return 0;
}

int
output_open(struct output_file *t, const char *file, struct or_err *e)
{
	static unsigned seq;
	char *dup = xstrdup(file), *slash = strrchr(dup, '/');
	int i, err;

	t->name = file;
	t->fd = -1;
	t->tmp[0] = '\0';
	t->mode = 0;
	if (slash != NULL)
		*slash = '\0';
	t->dfd = open(slash == NULL ? "." : slash == dup ? "/" : dup,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	err = errno;
	t->base = xstrdup(slash != NULL ? slash + 1 : dup);
	free(dup);
	if (t->dfd < 0)
		return or_error_st(e, 5, "sandbox.output", "cannot open the "
		    "folder of '%s': %s", file, strerror(err));
	if (output_check(t, e) < 0)
		return -1;
	for (i = 0; i < 100 && t->fd < 0; i++) {
		snprintf(t->tmp, sizeof(t->tmp), ".or-sandbox.%ld.%u.tmp",
		    (long)getpid(), ++seq);
		t->fd = openat(t->dfd, t->tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0666);
		if (t->fd < 0 && errno != EEXIST)
			break;
	}
	if (t->fd < 0) {
		t->tmp[0] = '\0';
		return or_error_st(e, 5, "sandbox.output", "cannot create a "
		    "file beside '%s': %s", file, strerror(errno));
	}
	return 0;
}

int
output_commit(struct output_file *t, struct or_err *e)
{
	int rc;

	if (t->fd < 0)
		return 0;
	if (t->mode != 0)
		fchmod(t->fd, t->mode);	/* as `>` keeps them */
	rc = close(t->fd);
	t->fd = -1;
	if (rc < 0)
		return or_error_st(e, 3, "sandbox.output", "cannot write '%s': "
		    "%s", t->name, strerror(errno));
	/* a link or FIFO planted during the run is refused too (the rename
	 * would only replace it, never write through it) */
	if (output_check(t, e) < 0)
		return -1;
	if (renameat(t->dfd, t->tmp, t->dfd, t->base) < 0)
		return or_error_st(e, 3, "sandbox.output", "cannot write '%s': "
		    "%s", t->name, strerror(errno));
	t->tmp[0] = '\0';
	return 0;
}

void
output_discard(struct output_file *t)
{
	if (t->fd >= 0)
		close(t->fd);
	if (t->tmp[0] != '\0')
		unlinkat(t->dfd, t->tmp, 0);
	if (t->dfd >= 0)
		close(t->dfd);
	free(t->base);
	t->fd = t->dfd = -1;
	t->base = NULL;
	t->tmp[0] = '\0';
}
