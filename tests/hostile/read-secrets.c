/* read-secrets: try to read the paths given, then dump the environment.
 * Prints "open PATH ERRNO" per path and "env NAME=VALUE" per variable;
 * exits with the number of paths that could be opened. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int
main(int argc, char **argv)
{
	int k, wins = 0, fd;
	char **e;

	for (k = 1; k < argc; k++) {
		fd = open(argv[k], O_RDONLY);
		printf("open %s %s\n", argv[k], fd >= 0 ? "ok" :
		    strerrorname_np(errno));
		if (fd >= 0) {
			wins++;
			close(fd);
		}
	}
	for (e = environ; *e != NULL; e++)
		printf("env %s\n", *e);
	return wins;
}
