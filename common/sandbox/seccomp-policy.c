/* seccomp-policy: deny what sandbox.md section 3.4 lists, allow the rest. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>

#include <seccomp.h>

#include "seccomp-policy.h"
#include "banned.h"

/* Denied outright with EPERM: process inspection, kernel-wide operations,
 * keyrings, the mount API, namespaces, io_uring and file handles. */
static const char *const eperm_calls[] = {
	"ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd",
	"kcmp",
	"kexec_load", "kexec_file_load", "reboot", "init_module",
	"finit_module", "delete_module", "swapon", "swapoff", "syslog",
	"bpf", "userfaultfd",
	"keyctl", "add_key", "request_key",
	"mount", "umount2", "pivot_root", "chroot", "move_mount",
	"open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
	"mount_setattr",
	"unshare", "setns",
	"io_uring_setup", "io_uring_enter", "io_uring_register",
	"name_to_handle_at", "open_by_handle_at",
};

#define CLONE_NEW_ANY (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
    CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

static int
deny(scmp_filter_ctx ctx, const char *name, int err, unsigned n,
    const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return 0;	/* not on this architecture */
	return seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(err), nr, n, cmp);
}

int
seccomp_policy_load(int allow_perf, struct or_err *e)
{
	scmp_filter_ctx ctx;
	size_t i;
	int rc = 0;

	/* A syscall of a non-native ABI (i386, x32) kills the process:
	 * the rules below only describe the native one. */
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL)
		return or_error_st(e, 5, "sandbox.seccomp",
		    "cannot create the seccomp filter");
	rc |= seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_KILL_PROCESS);
	for (i = 0; i < sizeof(eperm_calls) / sizeof(eperm_calls[0]); i++)
		rc |= deny(ctx, eperm_calls[i], EPERM, 0, NULL);
	if (!allow_perf)
		rc |= deny(ctx, "perf_event_open", EPERM, 0, NULL);
	{
		struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_MASKED_EQ,
		    0, 0);
		unsigned long f;

		/* one rule per flag: the rules of one call are or-ed */
		for (f = 1; f != 0 && f <= 0x80000000UL; f <<= 1) {
			if ((CLONE_NEW_ANY & f) == 0)
				continue;
			c.datum_a = f;
			c.datum_b = f;
			rc |= deny(ctx, "clone", EPERM, 1, &c);
		}
	}
	/* clone3 keeps its flags in memory the filter cannot read; libc
	 * falls back to clone on ENOSYS */
	rc |= deny(ctx, "clone3", ENOSYS, 0, NULL);
	{
		/* only the low 32 bits of an ioctl request are meaningful */
		struct scmp_arg_cmp sti = SCMP_A1_64(SCMP_CMP_MASKED_EQ,
		    0xffffffffUL, TIOCSTI);
		struct scmp_arg_cmp lin = SCMP_A1_64(SCMP_CMP_MASKED_EQ,
		    0xffffffffUL, TIOCLINUX);

		rc |= deny(ctx, "ioctl", EPERM, 1, &sti);
		rc |= deny(ctx, "ioctl", EPERM, 1, &lin);
	}
	{
		/* personality: only the query (0xffffffff) and PER_LINUX (0).
		 * A value is neither iff two cyclically adjacent bits differ,
		 * so one rule per bit pair "bit i set, bit i+1 clear" (one
		 * comparison per argument and rule is all libseccomp takes) */
		unsigned i;

		for (i = 0; i < 32; i++) {
			uint32_t hi = 1U << i, lo = 1U << ((i + 1) % 32);
			struct scmp_arg_cmp p = SCMP_A0_64(SCMP_CMP_MASKED_EQ,
			    hi | lo, hi);

			rc |= deny(ctx, "personality", EPERM, 1, &p);
		}
	}
	if (rc != 0) {
		seccomp_release(ctx);
		return or_error_st(e, 5, "sandbox.seccomp",
		    "cannot build the seccomp filter: %s", strerror(-rc));
	}
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0)
		return or_error_st(e, 5, "sandbox.seccomp",
		    "cannot load the seccomp filter: %s", strerror(-rc));
	return 0;
}
