/* fd-leak: list every open fd and write to each one above 2.  Prints
 * "fd N -> TARGET" per fd and exits with the number of fds above 2. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	char p[64], target[256];
	int extra = 0;

	if (d == NULL)
		return 100;
	while ((de = readdir(d)) != NULL) {
		int fd;
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		fd = (int)strtol(de->d_name, NULL, 10);
		if (fd == dirfd(d))
			continue;
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		n = readlink(p, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		printf("fd %d -> %s\n", fd, target);
		if (fd > 2) {
			extra++;
			if (write(fd, "LEAK\n", 5) < 0)
				perror("write");
		}
	}
	return extra;
}
