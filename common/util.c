/* util: error helpers in the git/sbase style, allocation, strict parsing. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "util.h"
#include "banned.h"

static const char *prog = "or";

int
or_error_st(struct or_err *e, int status, const char *code,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	snprintf(e->code, sizeof(e->code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	e->status = status;
	return -1;
}

int
or_error(struct or_err *e, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	snprintf(e->code, sizeof(e->code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	e->status = 1;
	return -1;
}

void
util_setprog(const char *name)
{
	const char *s = strrchr(name, '/');

	prog = s != NULL ? s + 1 : name;
}

const char *
util_prog(void)
{
	return prog;
}

static void
vmsg(const char *level, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fprintf(stderr, "%s: %s: ", prog, level);
	vfprintf(stderr, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("error", fmt, ap);
	va_end(ap);
	exit(status);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning", fmt, ap);
	va_end(ap);
}

void
hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("hint", fmt, ap);
	va_end(ap);
}

void
debug(const char *fmt, ...)
{
	va_list ap;
	const char *d = getenv("OR_DEBUG");

	if (d == NULL || strcmp(d, "1") != 0)
		return;
	va_start(ap, fmt);
	vmsg("debug", fmt, ap);
	va_end(ap);
}

void
die_oom(void)
{
	fprintf(stderr, "%s: error: out of memory\n", prog);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die_oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		die_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		die_oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	size_t t;

	if (__builtin_mul_overflow(n, size, &t))
		die_oom();
	return xrealloc(p, t);
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}

char *
xmemdup(const void *p, size_t n)
{
	char *s = xmalloc(n + 1);

	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die_oom();
	va_end(ap);
	return s;
}

static void
buf_grow(struct buf *b, size_t n)
{
	size_t need;

	if (__builtin_add_overflow(b->len, n + 1, &need))
		die_oom();
	if (need <= b->cap)
		return;
	if (b->cap > SIZE_MAX / 2)
		die_oom();
	b->cap = b->cap ? b->cap * 2 : 64;
	if (b->cap < need)
		b->cap = need;
	b->p = xrealloc(b->p, b->cap);
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_addc(struct buf *b, int c)
{
	char ch = (char)c;

	buf_add(b, &ch, 1);
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char tmp[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		die_oom();
	if ((size_t)n < sizeof(tmp)) {
		buf_add(b, tmp, (size_t)n);
		return;
	}
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int
parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0') {
		errno = EINVAL;
		return -1;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9') {
			errno = EINVAL;
			return -1;
		}
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(*s - '0'), &v)) {
			errno = ERANGE;
			return -1;
		}
	}
	*out = v;
	return 0;
}

int
parse_i64(const char *s, int64_t *out)
{
	uint64_t u;
	int neg = *s == '-';

	if (parse_u64(s + neg, &u) < 0)
		return -1;
	if (u > (uint64_t)INT64_MAX + (uint64_t)neg) {
		errno = ERANGE;
		return -1;
	}
	*out = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

int
parse_duration_us(const char *s, uint64_t *us)
{
	const char *dot = strchr(s, '.');
	char ip[32];
	uint64_t whole, frac = 0;
	size_t n, i;

	n = dot != NULL ? (size_t)(dot - s) : strlen(s);
	if (n == 0 || n >= sizeof(ip)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(ip, s, n);
	ip[n] = '\0';
	if (parse_u64(ip, &whole) < 0)
		return -1;
	if (dot != NULL) {
		size_t fl = strlen(dot + 1);

		if (fl == 0 || fl > 6) {
			errno = EINVAL;
			return -1;
		}
		for (i = 0; i < 6; i++) {
			int d = i < fl ? dot[1 + i] - '0' : 0;

			if (d < 0 || d > 9) {
				errno = EINVAL;
				return -1;
			}
			frac = frac * 10 + (uint64_t)d;
		}
	}
	if (__builtin_mul_overflow(whole, 1000000, &whole) ||
	    __builtin_add_overflow(whole, frac, us)) {
		errno = ERANGE;
		return -1;
	}
	return 0;
}

int
parse_size(const char *s, uint64_t *bytes)
{
	char num[32];
	size_t n = strlen(s);
	unsigned shift = 0;

	if (n == 0 || n >= sizeof(num)) {
		errno = EINVAL;
		return -1;
	}
	switch (s[n - 1]) {
	case 'k': case 'K': shift = 10; n--; break;
	case 'm': case 'M': shift = 20; n--; break;
	case 'g': case 'G': shift = 30; n--; break;
	case 't': case 'T': shift = 40; n--; break;
	}
	memcpy(num, s, n);
	num[n] = '\0';
	if (parse_u64(num, bytes) < 0)
		return -1;
	if (shift && *bytes > (UINT64_MAX >> shift)) {
		errno = ERANGE;
		return -1;
	}
	*bytes <<= shift;
	return 0;
}

int
env_bool(const char *name, int dflt)
{
	const char *v = getenv(name);

	if (v == NULL)
		return dflt;
	if (strcmp(v, "1") == 0)
		return 1;
	if (strcmp(v, "0") == 0)
		return 0;
	return -1;
}

int
read_file(const char *path, size_t max, struct buf *out, struct or_err *e)
{
	char tmp[65536];
	int fd;
	ssize_t n;
	struct stat st;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return or_error(e, "file.open", "cannot open '%s': %s", path,
		    strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return or_error(e, "file.is_directory", "'%s' is a directory",
		    path);
	}
	for (;;) {
		n = read_in_full(fd, tmp, sizeof(tmp));
		if (n < 0) {
			int err = errno;

			close(fd);
			return or_error(e, "file.read", "cannot read '%s': %s",
			    path, strerror(err));
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > max) {
			close(fd);
			return or_error(e, "file.too_large",
			    "'%s' is larger than %zu bytes", path, max);
		}
		buf_add(out, tmp, (size_t)n);
		if ((size_t)n < sizeof(tmp))
			break;
	}
	close(fd);
	if (out->p == NULL)
		buf_add(out, "", 0);
	return 0;
}

/* The one write loop: write(2), or pwrite(2) at off when positioned. */
static int
write_loop(int fd, const char *s, size_t n, off_t off, int positioned)
{
	ssize_t w;

	while (n > 0) {
		w = positioned ? pwrite(fd, s, n, off) : write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

int
write_in_full(int fd, const void *p, size_t n)
{
	return write_loop(fd, p, n, 0, 0);
}

int
pwrite_in_full(int fd, const void *p, size_t n, off_t off)
{
	return write_loop(fd, p, n, off, 1);
}

int
pwritev_in_full(int fd, struct iovec *iov, int cnt, off_t off)
{
	ssize_t w;

	for (;;) {
		while (cnt > 0 && iov->iov_len == 0)	/* nothing to write */
			iov++, cnt--;
		if (cnt == 0)
			return 0;
		w = pwritev(fd, iov, cnt, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += w;
		/* a short write: step past what went, mending the vector */
		for (; cnt > 0 && (size_t)w >= iov->iov_len; iov++, cnt--)
			w -= (ssize_t)iov->iov_len;
		if (cnt > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
}

/* The one read loop: read(2), or pread(2) at off when positioned. */
static ssize_t
read_loop(int fd, char *s, size_t n, off_t off, int positioned)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = positioned ? pread(fd, s + got, n - got, off + (off_t)got) :
		    read(fd, s + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

ssize_t
read_in_full(int fd, void *p, size_t n)
{
	return read_loop(fd, p, n, 0, 0);
}

ssize_t
pread_in_full(int fd, void *p, size_t n, off_t off)
{
	return read_loop(fd, p, n, off, 1);
}

ssize_t
read_some(int fd, void *p, size_t n)
{
	ssize_t r;

	while ((r = read(fd, p, n)) < 0 && errno == EINTR)
		;
	return r;
}

int
replaceable_path(const char *path, struct stat *st, struct or_err *e)
{
	if (lstat(path, st) < 0)
		return 0;
	if (S_ISREG(st->st_mode))
		return 1;
	return or_error(e, "file.not_regular", "'%s' is %s, not a regular "
	    "file", path, S_ISLNK(st->st_mode) ?
	    "a symbolic link" : S_ISDIR(st->st_mode) ? "a folder" :
	    "a special file");
}

int
write_file_atomic(const char *path, const void *p, size_t n, int mode,
    struct or_err *e)
{
	struct stat st;
	char *tmp, *dcopy;
	int fd, dfd, err;

	/* rename() would silently put a regular file in place of a link (or
	 * fail late on a folder): refuse up front, naming what is there */
	if (replaceable_path(path, &st, e) < 0)
		return -1;
	tmp = xasprintf("%s.tmp.XXXXXX", path);
	dcopy = xstrdup(path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		goto fail_open;
	}
	if (fchmod(fd, (mode_t)mode) < 0 || write_in_full(fd, p, n) < 0 ||
	    fsync(fd) < 0) {
		err = errno;
		close(fd);
		unlink(tmp);
		goto fail_open;
	}
	if (close(fd) < 0) {
		err = errno;
		unlink(tmp);
		goto fail_open;
	}
	/* a link or folder put in the way while writing is not replaced */
	if (replaceable_path(path, &st, e) < 0) {
		unlink(tmp);
		free(tmp);
		free(dcopy);
		return -1;
	}
	if (rename(tmp, path) < 0) {
		err = errno;
		unlink(tmp);
		goto fail_open;
	}
	dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(tmp);
	free(dcopy);
	return 0;
fail_open:
	free(tmp);
	free(dcopy);
	return or_error_st(e, 1, "file.write", "cannot write '%s': %s", path,
	    strerror(err));
}

int
open_data(const char *path, int raw_ok, const char *bad_code,
    struct or_err *e)
{
	int fd;

	if (strcmp(path, "-") == 0) {
		if (!raw_ok)
			return or_error(e, bad_code, "path '-' (raw stdin) is "
			    "only for argument mode");
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return or_error(e, "file.open", "cannot open '%s': %s", path,
		    strerror(errno));
	return fd;
}

int
random_fill(void *buf, size_t n)
{
	uint8_t *p = buf;
	size_t off = 0;

	while (off < n) {
		ssize_t r = getrandom(p + off, n - off, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		off += (size_t)r;
	}
	return 0;
}

/* explicit_bzero rather than OPENSSL_cleanse: same guarantee, and tools
 * that use no libcrypto need not load it (-Wl,--as-needed) */
void
wipe(void *p, size_t n)
{
	explicit_bzero(p, n);
}
