/* test-seccomp-policy: load the or-sandbox filter in a child process and
 * check each kind of rule: plain denials, clone with namespace flags,
 * clone3's ENOSYS, ioctl requests compared on their low 32 bits,
 * personality, --allow-perf, and that ordinary calls still work. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/seccomp-policy.h"
#include "tap.h"

#ifndef __NR_clone3
#define __NR_clone3 435
#endif

struct probe {
	const char *name;
	long nr, a0, a1;
	int want;	/* errno, or 0 for "not denied by the filter" */
};

/* Run one probe under the filter in a child; return the errno seen
 * (0 on success). */
static int
run_probe(int allow_perf, const struct probe *p)
{
	int fds[2], got = -1;
	pid_t pid;

	if (pipe(fds) < 0)
		return -2;
	pid = fork();
	if (pid == 0) {
		struct or_err e;
		long rc;
		int err;

		close(fds[0]);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    seccomp_policy_load(allow_perf, &e) < 0)
			_exit(2);
		rc = syscall(p->nr, p->a0, p->a1, 0L, 0L, 0L, 0L);
		err = rc < 0 ? errno : 0;
		if (write(fds[1], &err, sizeof(err)) != sizeof(err))
			_exit(3);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &got, sizeof(got)) != sizeof(got))
		got = -3;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return got;
}

int
main(void)
{
	const struct probe probes[] = {
		{ "ptrace", __NR_ptrace, 0x4206, 1, EPERM },
		{ "bpf", __NR_bpf, 0, 0, EPERM },
		{ "keyctl", __NR_keyctl, 0, 0, EPERM },
		{ "mount", __NR_mount, 0, 0, EPERM },
		{ "unshare(0)", __NR_unshare, 0, 0, EPERM },
		{ "setns", __NR_setns, -1, 0, EPERM },
		{ "io_uring_setup", __NR_io_uring_setup, 1, 0, EPERM },
		{ "open_by_handle_at", __NR_open_by_handle_at, -1, 0, EPERM },
		{ "perf_event_open", __NR_perf_event_open, 0, 0, EPERM },
		{ "clone(CLONE_NEWUSER)", __NR_clone, CLONE_NEWUSER, 0, EPERM },
		{ "clone(CLONE_NEWCGROUP)", __NR_clone, CLONE_NEWCGROUP, 0, EPERM },
		{ "clone3", __NR_clone3, 0, 0, ENOSYS },
		{ "ioctl TIOCSTI", __NR_ioctl, -1, TIOCSTI, EPERM },
		{ "ioctl TIOCSTI with high bits", __NR_ioctl, -1,
		    (long)(0xdead00000000UL | TIOCSTI), EPERM },
		{ "ioctl TIOCLINUX", __NR_ioctl, -1, TIOCLINUX, EPERM },
		{ "ioctl FIONREAD passes", __NR_ioctl, -1, FIONREAD, EBADF },
		{ "personality query passes", __NR_personality, 0xffffffffL, 0, 0 },
		{ "personality PER_LINUX passes", __NR_personality, PER_LINUX, 0, 0 },
		{ "personality READ_IMPLIES_EXEC", __NR_personality,
		    READ_IMPLIES_EXEC, 0, EPERM },
		{ "personality ADDR_NO_RANDOMIZE", __NR_personality,
		    ADDR_NO_RANDOMIZE, 0, EPERM },
		{ "personality 0x7fffffff", __NR_personality, 0x7fffffffL, 0,
		    EPERM },
		{ "getpid passes", __NR_getpid, 0, 0, 0 },
		{ "close(-1) passes", __NR_close, -1, 0, EBADF },
	};
	const struct probe perf = { "perf_event_open with --allow-perf",
	    __NR_perf_event_open, 0, 0, EFAULT };
	size_t i;
	int got;

	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		got = run_probe(0, &probes[i]);
		ok(got == probes[i].want, "%s gives %s (got %s)", probes[i].name,
		    probes[i].want ? strerrorname_np(probes[i].want) : "success",
		    got > 0 ? strerrorname_np(got) : got == 0 ? "success" : "?");
	}
	got = run_probe(1, &perf);
	ok(got != EPERM && got > 0, "%s is not denied by the filter (got %s)",
	    perf.name, got > 0 ? strerrorname_np(got) : "?");
	return done_testing();
}
