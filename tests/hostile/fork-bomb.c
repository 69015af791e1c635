/* fork-bomb: fork without limit.  The first process prints how many
 * processes existed when fork first failed ("capped N"), then keeps
 * trying until it is killed. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	int made = 1, reported = 0;
	pid_t p;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (;;) {
		p = fork();
		if (p == 0) {
			made = 0;
			reported = 1;	/* only the first process reports */
			continue;
		}
		if (p > 0) {
			made++;
			continue;
		}
		if (!reported) {
			printf("capped %d %s\n", made, strerrorname_np(errno));
			reported = 1;
		}
		usleep(1000);
	}
}
