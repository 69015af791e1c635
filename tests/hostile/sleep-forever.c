/* sleep-forever: sleep with no end.  Mode daemon: first double-fork a
 * setsid daemon that ignores SIGTERM and SIGHUP and sleeps forever. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "daemon") == 0 && fork() == 0) {
		setsid();
		if (fork() == 0) {
			signal(SIGTERM, SIG_IGN);
			signal(SIGHUP, SIG_IGN);
			for (;;)
				pause();
		}
		_exit(0);
	}
	for (;;)
		pause();
}
