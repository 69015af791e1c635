/* disk-fill: modes file (grow /repo/big.bin without end), ignore (the
 * same with SIGXFSZ ignored), many (small files in /repo until an error),
 * tmp (fill /tmp), flood N (write N MiB to stdout). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char block[65536];

static int
grow(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long long n = 0;
	ssize_t w;

	if (fd < 0)
		return 100;
	while ((w = write(fd, block, sizeof(block))) > 0)
		n += w;
	fprintf(stderr, "%s stopped at %lld %s\n", path, n,
	    strerrorname_np(errno));
	return 0;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "file";
	char p[64];
	long i, n;

	memset(block, 'x', sizeof(block));
	if (strcmp(mode, "file") == 0)
		return grow("/repo/big.bin");
	if (strcmp(mode, "ignore") == 0) {
		signal(SIGXFSZ, SIG_IGN);
		return grow("/repo/big.bin");
	}
	if (strcmp(mode, "tmp") == 0)
		return grow("/tmp/big.bin");
	if (strcmp(mode, "many") == 0) {
		for (i = 0; ; i++) {
			int fd;

			snprintf(p, sizeof(p), "/repo/small.%ld", i);
			fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || write(fd, block, 4096) != 4096) {
				fprintf(stderr, "many stopped at %ld %s\n", i,
				    strerrorname_np(errno));
				return 0;
			}
			close(fd);
		}
	}
	if (strcmp(mode, "flood") == 0) {
		n = argc > 2 ? strtol(argv[2], NULL, 10) * 16 : 16;
		for (i = 0; i < n; i++)
			if (write(1, block, sizeof(block)) != sizeof(block))
				return 1;
		return 0;
	}
	return 100;
}
