/* cpu-loop: burn CPU.  Modes: single, threads (two busy threads), spread
 * (a chain of short-lived children, each burning 300 ms, so that no
 * process reaches a per-process CPU limit). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;

static void *
spin(void *arg)
{
	for (;;)
		sink++;
	return arg;
}

static void
burn_ms(long ms)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	do {
		sink++;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 +
	    (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "single";
	pthread_t t;

	if (strcmp(mode, "threads") == 0) {
		pthread_create(&t, NULL, spin, NULL);
		spin(NULL);
	}
	if (strcmp(mode, "spread") == 0) {
		for (;;) {
			pid_t p = fork();

			if (p == 0) {
				burn_ms(300);
				_exit(0);
			}
			waitpid(p, NULL, 0);
		}
	}
	spin(NULL);
	return 0;
}
