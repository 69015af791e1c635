/* ptrace: attach to pid 1, the parent and an own child; read the child
 * with process_vm_readv; open /proc/1/mem.  Prints one errno per attempt
 * and exits with the number that succeeded. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

static int wins;

static void
report(const char *what, long rc)
{
	printf("%s %s\n", what, rc >= 0 ? "ok" : strerrorname_np(errno));
	if (rc >= 0)
		wins++;
}

int
main(void)
{
	static char secret[] = "child-secret";
	char buf[16];
	struct iovec local = { buf, sizeof(buf) }, remote = { secret,
	    sizeof(secret) };
	pid_t child = fork();

	if (child == 0) {
		for (;;)
			pause();
	}
	report("attach-1", ptrace(PTRACE_ATTACH, 1, NULL, NULL));
	report("attach-parent", ptrace(PTRACE_ATTACH, getppid(), NULL, NULL));
	report("attach-child", ptrace(PTRACE_ATTACH, child, NULL, NULL));
	report("vm_readv", process_vm_readv(child, &local, 1, &remote, 1, 0));
	report("proc-1-mem", open("/proc/1/mem", O_RDONLY));
	kill(child, SIGKILL);
	return wins;
}
