/* memory-bomb: allocate and touch memory until something gives.
 * Modes: malloc (1 MiB chunks), noreserve (touched MAP_NORESERVE
 * mappings), tmp and shm (fill /tmp or /dev/shm), fork (four processes
 * doing malloc).  Prints how far it got; exits 0 when an allocation or
 * write failed cleanly. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1024 * 1024)

static int
bomb_malloc(void)
{
	long n;

	for (n = 0; ; n++) {
		char *p = malloc(MIB);

		if (p == NULL) {
			printf("malloc failed after %ld MiB\n", n);
			return 0;
		}
		memset(p, 1, MIB);
	}
}

static int
bomb_noreserve(void)
{
	long n;

	for (n = 0; ; n++) {
		char *p = mmap(NULL, 64 * MIB, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (p == MAP_FAILED) {
			printf("mmap failed after %ld MiB\n", n * 64);
			return 0;
		}
		memset(p, 1, 64 * MIB);
	}
}

static int
bomb_fill(const char *path)
{
	static char block[MIB];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	long n = 0;

	if (fd < 0)
		return 100;
	memset(block, 7, sizeof(block));
	while (write(fd, block, sizeof(block)) == (ssize_t)sizeof(block))
		n++;
	printf("fill %s stopped after %ld MiB %s\n", path, n,
	    strerrorname_np(errno));
	return 0;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "malloc";
	int i;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(mode, "malloc") == 0)
		return bomb_malloc();
	if (strcmp(mode, "noreserve") == 0)
		return bomb_noreserve();
	if (strcmp(mode, "tmp") == 0)
		return bomb_fill("/tmp/fill");
	if (strcmp(mode, "shm") == 0)
		return bomb_fill("/dev/shm/fill");
	if (strcmp(mode, "fork") == 0) {
		for (i = 0; i < 4; i++)
			if (fork() == 0)
				return bomb_malloc();
		while (wait(NULL) > 0)
			;
		return 0;
	}
	return 100;
}
