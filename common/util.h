/* util: errors, allocation, number and unit parsing, safe file helpers.
 * Ownership: x* allocators return memory the caller frees; nothing here keeps
 * state except the program name set by util_setprog(). */
#ifndef OR_UTIL_H
#define OR_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A failure reported by library code: a dotted code ("hex.odd_length"), a
 * one-line message, and the exit-status class of conventions.md section 5
 * (1 record failure, 4 network, 5 sandbox; 3 means fatal system error). */
struct or_err {
	char code[48];
	char msg[512];
	int status;
};

/* Fill e and return -1, so callers write `return or_error(e, ...)`. */
int or_error(struct or_err *e, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same, with an explicit status class (4 network, 5 sandbox, 3 system). */
int or_error_st(struct or_err *e, int status, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Only cmd/ calls these: "or-x: error: ..." on stderr.  A format ending in
 * ':' appends strerror(errno).  die() exits with the status given. */
void util_setprog(const char *name);
const char *util_prog(void);
void die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die_oom(void) __attribute__((noreturn));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xmemdup(const void *p, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer; b.p is NUL-terminated after every append. */
struct buf {
	char *p;
	size_t len, cap;
};
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, int c);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);

/* Strict numbers: the whole string, no sign unless allowed, no blanks.
 * Return 0, or -1 with errno ERANGE/EINVAL. */
int parse_u64(const char *s, uint64_t *out);
int parse_i64(const char *s, int64_t *out);
/* Seconds with at most 6 decimals ("1.5") to microseconds. */
int parse_duration_us(const char *s, uint64_t *us);
/* Bytes with optional K, M, G or T suffix (powers of 1024). */
int parse_size(const char *s, uint64_t *bytes);
/* Boolean environment variable: unset -> dflt, "1"/"0", else -1. */
int env_bool(const char *name, int dflt);

/* Read a whole file (at most max bytes) into a NUL-terminated buffer. */
int read_file(const char *path, size_t max, struct buf *out, struct or_err *e);
/* Whether a write may replace path: 0 when nothing is there, 1 when a
 * regular file is (st filled by lstat), -1 with file.not_regular naming what
 * is in the way (a symbolic link, a folder, a special file).  Other lstat
 * failures count as 0: the write itself then fails with the precise cause. */
struct stat;
int replaceable_path(const char *path, struct stat *st, struct or_err *e);
/* Write atomically: temp file in the same folder, fsync, rename, fsync dir.
 * Never replaces a symbolic link or a non-regular file (replaceable_path);
 * the check is made again just before the rename.  Errors:
 * file.not_regular, file.write. */
int write_file_atomic(const char *path, const void *p, size_t n, int mode,
    struct or_err *e);
/* Write all n bytes to fd, retrying on EINTR and short writes; 0 or -1. */
int write_in_full(int fd, const void *p, size_t n);
/* Read up to n bytes, retrying on EINTR and short reads: the count read
 * (less than n only at end of file), or -1 with errno. */
ssize_t read_in_full(int fd, void *p, size_t n);
/* write_in_full at offset off (pwrite), the file offset untouched. */
int pwrite_in_full(int fd, const void *p, size_t n, off_t off);
/* The same for cnt buffers written one after the other from off (pwritev);
 * iov is changed after a short write. */
struct iovec;
int pwritev_in_full(int fd, struct iovec *iov, int cnt, off_t off);
/* read_in_full at offset off (pread), the file offset untouched. */
ssize_t pread_in_full(int fd, void *p, size_t n, off_t off);
/* One read of what is there now (a stream must not wait for more),
 * retried on EINTR: the count, 0 at end of file, or -1 with errno. */
ssize_t read_some(int fd, void *p, size_t n);

/* Open a record's data file read-only: "-" is raw stdin (fd 0), allowed
 * only when raw_ok (argument mode), else the error bad_code.  Errors:
 * bad_code, file.open. */
int open_data(const char *path, int raw_ok, const char *bad_code,
    struct or_err *e);

/* n bytes from the kernel's random source (getrandom); -1 with errno. */
int random_fill(void *p, size_t n);

/* Wipe memory that held a secret. */
void wipe(void *p, size_t n);

#endif
