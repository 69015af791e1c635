/* outfile: temporary file, fsync, rename, fsync of the folder. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "banned.h"

static char *
folder_of(const char *path)
{
	const char *s = strrchr(path, '/');

	if (s == NULL)
		return xstrdup(".");
	if (s == path)
		return xstrdup("/");
	return xmemdup(path, (size_t)(s - path));
}

int
outfile_open(struct outfile *o, const char *path, struct or_err *e)
{
	struct stat st;
	mode_t mode, mask;
	int err;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	switch (replaceable_path(path, &st, e)) {
	case -1:
		return -1;
	case 1:
		mode = st.st_mode & 07777;
		break;
	default:
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	{
		char *dir = folder_of(path);

		o->tmp = xasprintf("%s/.%s.tmp.XXXXXX", dir,
		    strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
		free(dir);
	}
	o->path = xstrdup(path);
	o->fd = mkostemp(o->tmp, O_CLOEXEC);
	if (o->fd < 0 || fchmod(o->fd, mode) < 0) {
		err = errno;
		if (o->fd >= 0) {
			close(o->fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		free(o->path);
		o->tmp = o->path = NULL;
		o->fd = -1;
		return or_error_st(e, 3, "file.write", "cannot write '%s': %s",
		    path, strerror(err));
	}
	return 0;
}

int
outfile_commit(struct outfile *o, struct or_err *e)
{
	struct stat st;
	char *dir;
	int err, dfd;

	/* a link or folder put in the way since the start is not replaced */
	if (lstat(o->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		outfile_abort(o);
		return or_error(e, "file.not_regular", "'%s' is no longer a "
		    "regular file", o->path);
	}
	if (fsync(o->fd) < 0 || close(o->fd) < 0) {
		err = errno;
		o->fd = -1;
		outfile_abort(o);
		return or_error_st(e, 3, "file.write", "cannot write '%s': %s",
		    o->path, strerror(err));
	}
	o->fd = -1;
	if (rename(o->tmp, o->path) < 0) {
		err = errno;
		outfile_abort(o);
		return or_error_st(e, 3, "file.write", "cannot write '%s': %s",
		    o->path, strerror(err));
	}
	dir = folder_of(o->path);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	return 0;
}

void
outfile_abort(struct outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}
