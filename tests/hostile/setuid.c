/* setuid: report our identity, then run setuid binaries: a probe the test
 * made root-owned and 4755 (argv[1]) and su.  Mode probe: print euid and
 * CapEff only. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void
ident(const char *who)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	printf("%s euid %ld\n", who, (long)geteuid());
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "CapEff:", 7) == 0)
			printf("%s %s", who, line);
	fflush(stdout);
}

static void
run(char *const argv[])
{
	pid_t p = fork();
	int st;

	if (p == 0) {
		execv(argv[0], argv);
		printf("exec %s failed\n", argv[0]);
		_exit(127);
	}
	waitpid(p, &st, 0);
	printf("%s status %d\n", argv[0], WIFEXITED(st) ? WEXITSTATUS(st) :
	    128 + WTERMSIG(st));
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "probe") == 0) {
		ident("probe");
		return 0;
	}
	ident("self");
	if (argc > 1) {
		char *const probe[] = { argv[1], "probe", NULL };

		run(probe);
	}
	{
		char *const su[] = { "/usr/bin/su", "-c", "id -u", "root",
		    NULL };

		run(su);
	}
	return 0;
}
