/* deny-userns: run a command under a seccomp filter that denies new user
 * namespaces with EPERM, as a container engine's default profile does.
 * Usage: deny-userns COMMAND [ARG...] */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include <seccomp.h>

int
main(int argc, char **argv)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	struct scmp_arg_cmp c = SCMP_A0_64(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER,
	    CLONE_NEWUSER);

	if (argc < 2 || ctx == NULL ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
	    c) < 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 1,
	    c) < 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3),
	    0) < 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1) < 0 ||
	    seccomp_load(ctx) < 0) {
		fprintf(stderr, "deny-userns: cannot load the filter\n");
		return 125;
	}
	execvp(argv[1], argv + 1);
	perror("deny-userns: exec");
	return 127;
}
