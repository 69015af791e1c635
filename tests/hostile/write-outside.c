/* write-outside: try to create, write or unlink outside the writable
 * places.  Prints "PATH ERRNO" per attempt; exits with the number that
 * succeeded.  Usage: write-outside [HARNESS_PATH...] */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int wins;

static void
try_create(const char *p)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0 && write(fd, "owned\n", 6) == 6) {
		printf("create %s ok\n", p);
		wins++;
	} else {
		printf("create %s %s\n", p, strerrorname_np(errno));
	}
	if (fd >= 0)
		close(fd);
}

static void
try_unlink(const char *p)
{
	if (unlink(p) == 0) {
		printf("unlink %s ok\n", p);
		wins++;
	} else {
		printf("unlink %s %s\n", p, strerrorname_np(errno));
	}
}

int
main(int argc, char **argv)
{
	static const char *const creates[] = {
		"/owned", "/usr/owned", "/usr/bin/owned", "/etc/owned",
		"/etc/passwd", "/repo/../owned", "/proc/sys/kernel/hostname",
		"/proc/sysrq-trigger", "/proc/self/root/usr/owned",
		"/proc/1/root/etc/owned", "/dev/owned", "/bin/sh",
	};
	static const char *const unlinks[] = { "/etc/hosts", "/usr/bin/env",
	    "/dev/null" };
	size_t i;
	int k;

	for (i = 0; i < sizeof(creates) / sizeof(creates[0]); i++)
		try_create(creates[i]);
	for (i = 0; i < sizeof(unlinks) / sizeof(unlinks[0]); i++)
		try_unlink(unlinks[i]);
	for (k = 1; k < argc; k++) {
		try_create(argv[k]);
		try_unlink(argv[k]);
	}
	return wins;
}
