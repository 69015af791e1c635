/* secret: files that hold a secret (see secret.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secret.h"
#include "banned.h"

int
secret_read(const char *path, size_t max, struct buf *out,
    struct or_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;
	int err;

	if (fd < 0)
		return or_error_st(e, 3, "file.open", "cannot open '%s': %s",
		    path, strerror(errno));
	/* one allocation, read in place: no copy of the secret is left in
	 * a stack buffer or in memory given back by realloc */
	buf_free(out);
	out->p = xmalloc(max + 1);
	out->cap = max + 1;
	/* a file of max + 1 bytes or more is too large: r = 1 */
	if ((r = read_in_full(fd, out->p, out->cap)) >= 0) {
		out->len = (size_t)r;
		r = out->len == out->cap;
	}
	err = errno;
	close(fd);
	if (r != 0) {
		wipe(out->p, out->cap);
		buf_free(out);
		if (r > 0)
			return or_error_st(e, 3, "file.too_large",
			    "'%s' is larger than %zu bytes", path, max);
		return or_error_st(e, 3, "file.read", "cannot read '%s': %s",
		    path, strerror(err));
	}
	out->p[out->len] = '\0';
	return 0;
}

int
secret_read_password(const char *path, struct buf *pw, int *loose,
    struct or_err *e)
{
	struct stat st;

	*loose = 0;
	if (secret_read(path, 65536, pw, e) < 0)
		return -1;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 044) != 0)
		*loose = 1;
	if (pw->len > 0 && pw->p[pw->len - 1] == '\n') {
		pw->len--;
		if (pw->len > 0 && pw->p[pw->len - 1] == '\r')
			pw->len--;
		pw->p[pw->len] = '\0';
	}
	return 0;
}
