/* proc-snoop: list /proc, read every cmdline and environ, and look for
 * the marker A followed by B in them (given in two halves, so that our
 * own command line does not hold it).  Prints "procs N" and "found N".
 * Usage: proc-snoop A B */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
has(const char *path, const char *marker)
{
	char buf[65536];
	int fd = open(path, O_RDONLY);
	ssize_t n, i;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return strstr(buf, marker) != NULL;
}

int
main(int argc, char **argv)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	char p[300];
	int procs = 0, found = 0;
	char marker[256];

	if (argc < 3 || d == NULL)
		return 100;
	snprintf(marker, sizeof(marker), "%s%s", argv[1], argv[2]);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		procs++;
		snprintf(p, sizeof(p), "/proc/%s/cmdline", de->d_name);
		found += has(p, marker);
		snprintf(p, sizeof(p), "/proc/%s/environ", de->d_name);
		found += has(p, marker);
	}
	printf("procs %d\nfound %d\n", procs, found);
	return 0;
}
