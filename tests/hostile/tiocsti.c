/* tiocsti: try to push a command into the controlling terminal with
 * TIOCSTI, through /dev/tty and fds 0-2.  Prints the errno of every
 * attempt; exits with the number of characters that were pushed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const char cmd[] = "echo INJECTED_BY_SANDBOX\n";

static int
push(int fd, const char *what)
{
	size_t i;

	for (i = 0; i < sizeof(cmd) - 1; i++)
		if (ioctl(fd, TIOCSTI, &cmd[i]) < 0) {
			fprintf(stderr, "%s %s\n", what, strerrorname_np(errno));
			return (int)i;
		}
	fprintf(stderr, "%s ok\n", what);
	return (int)i;
}

int
main(void)
{
	int fd = open("/dev/tty", O_RDWR), n = 0;

	if (fd < 0)
		fprintf(stderr, "/dev/tty %s\n", strerrorname_np(errno));
	else
		n += push(fd, "/dev/tty");
	n += push(0, "fd0");
	n += push(1, "fd1");
	n += push(2, "fd2");
	return n;
}
