/* inject.so: an LD_PRELOAD shim that makes I/O and allocation fail on
 * request, so tests can check that every tool reports the failure and exits
 * 3 instead of crashing or exiting 0.  OR_INJECT selects one fault:
 *   write:FD:ERRNO   every write to FD fails (ERRNO: ENOSPC, EIO, EPIPE)
 *   read:FD:ERRNO    every read from FD fails
 *   close:FD:ERRNO   close of FD fails (after really closing it)
 *   malloc:N         every malloc after the first N succeeds returns NULL
 *   malloc-once:N    only the malloc after the first N returns NULL (an
 *                    unchecked allocation then shows as missing output)
 *                    (built only without sanitizers: ASan owns malloc) */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);

static int kind = -1, target_fd = -1, err_no, once;
static long budget;

enum { K_WRITE, K_READ, K_CLOSE, K_MALLOC };

static int
errno_of(const char *s)
{
	if (strcmp(s, "ENOSPC") == 0)
		return ENOSPC;
	if (strcmp(s, "EPIPE") == 0)
		return EPIPE;
	return EIO;
}

__attribute__((constructor)) static void
setup(void)
{
	const char *v = getenv("OR_INJECT");
	char *end;

	if (v == NULL)
		return;
	if (strncmp(v, "malloc:", 7) == 0 ||
	    strncmp(v, "malloc-once:", 12) == 0) {
		once = v[6] == '-';
		budget = strtol(strchr(v, ':') + 1, NULL, 10);
		kind = K_MALLOC;
		return;
	}
	if (strncmp(v, "write:", 6) == 0)
		kind = K_WRITE;
	else if (strncmp(v, "read:", 5) == 0)
		kind = K_READ;
	else if (strncmp(v, "close:", 6) == 0)
		kind = K_CLOSE;
	else
		return;
	target_fd = (int)strtol(strchr(v, ':') + 1, &end, 10);
	err_no = errno_of(*end == ':' ? end + 1 : "EIO");
}

ssize_t
write(int fd, const void *p, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);

	if (kind == K_WRITE && fd == target_fd) {
		errno = err_no;
		return -1;
	}
	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT,
		    "write");
	return real(fd, p, n);
}

ssize_t
read(int fd, void *p, size_t n)
{
	static ssize_t (*real)(int, void *, size_t);

	if (kind == K_READ && fd == target_fd) {
		errno = err_no;
		return -1;
	}
	if (real == NULL)
		real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	return real(fd, p, n);
}

int
close(int fd)
{
	static int (*real)(int);
	int rc;

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "close");
	rc = real(fd);
	if (kind == K_CLOSE && fd == target_fd) {
		errno = err_no;
		return -1;
	}
	return rc;
}

#ifdef INJECT_MALLOC
void *
malloc(size_t n)
{
	if (kind == K_MALLOC && (once ? budget-- == 0 : budget-- <= 0)) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(n);
}
#endif
