/* forbidden-syscalls: one probe per row of sandbox.md 3.4, in the style
 * of bubblewrap's try-syscall.  Arguments are chosen so that the kernel
 * itself would answer something other than EPERM (EFAULT, EBADF,
 * EINVAL), so EPERM shows the filter.  Prints "NAME ERRNO" per probe.
 * Mode i386: make a 32-bit syscall (int $0x80), which must kill us. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_clone3
#define __NR_clone3 435
#endif

static void
probe(const char *name, long rc)
{
	printf("%s %s\n", name, rc >= 0 ? "ok" : strerrorname_np(errno));
}

#define P(nr, ...) probe(#nr, syscall(__NR_##nr, __VA_ARGS__))

int
main(int argc, char **argv)
{
	char c = 'x';

	if (argc > 1 && strcmp(argv[1], "i386") == 0) {
		long ret;

		puts("i386 trying");
		fflush(stdout);
		/* getpid in the i386 ABI */
		__asm__ volatile ("int $0x80" : "=a"(ret) : "a"(20) : "memory");
		printf("i386 survived %ld\n", ret);
		return 0;
	}
	P(ptrace, 0x4206L, 1L, 0L, 0L);
	P(process_vm_readv, 1L, NULL, 1L, NULL, 1L, 0L);
	P(process_vm_writev, 1L, NULL, 1L, NULL, 1L, 0L);
	P(pidfd_getfd, -1L, -1L, 0L);
	P(kcmp, 1L, 1L, 99L, 0L, 0L);
	P(kexec_load, 0L, 0L, NULL, 0L);
	P(kexec_file_load, -1L, -1L, 0L, NULL, 0L);
	P(reboot, 0L, 0L, 0L, NULL);
	P(init_module, NULL, 0L, NULL);
	P(finit_module, -1L, NULL, 0L);
	P(delete_module, NULL, 0L);
	P(swapon, NULL, 0L);
	P(swapoff, NULL);
	P(syslog, 3L, NULL, 0L);
	P(bpf, 0L, NULL, 0L);
	P(perf_event_open, NULL, 0L, -1L, -1L, 0L);
	P(userfaultfd, 0L);
	P(keyctl, 0L, 0L, 0L, 0L);
	P(add_key, NULL, NULL, NULL, 0L, 0L);
	P(request_key, NULL, NULL, NULL, 0L);
	P(mount, NULL, NULL, NULL, 0L, NULL);
	P(umount2, NULL, 0L);
	P(pivot_root, NULL, NULL);
	P(chroot, NULL);
	P(move_mount, -1L, NULL, -1L, NULL, 0L);
	P(open_tree, -1L, NULL, 0L);
	P(fsopen, NULL, 0L);
	P(fsconfig, -1L, 0L, NULL, NULL, 0L);
	P(fsmount, -1L, 0L, 0L);
	P(fspick, -1L, NULL, 0L);
	P(mount_setattr, -1L, NULL, 0L, NULL, 0L);
	P(unshare, (long)CLONE_NEWUSER);
	P(setns, -1L, 0L);
	probe("clone-newuser", syscall(__NR_clone, (long)(CLONE_NEWUSER |
	    SIGCHLD), NULL, NULL, NULL, NULL));
	probe("clone-newnet", syscall(__NR_clone, (long)(CLONE_NEWNET |
	    SIGCHLD), NULL, NULL, NULL, NULL));
	P(clone3, NULL, 0L);
	P(io_uring_setup, 1L, NULL);
	P(io_uring_enter, -1L, 0L, 0L, 0L, NULL);
	P(io_uring_register, -1L, 0L, NULL, 0L);
	P(name_to_handle_at, -1L, NULL, NULL, NULL, 0L);
	P(open_by_handle_at, -1L, NULL, 0L);
	probe("ioctl-tiocsti", ioctl(-1, TIOCSTI, &c));
	/* the high 32 bits of the request are ignored by the kernel */
	probe("ioctl-tiocsti-high", syscall(__NR_ioctl, -1L,
	    (long)(0x100000000UL | TIOCSTI), &c));
	probe("ioctl-tioclinux", ioctl(-1, TIOCLINUX, &c));
	probe("personality-query", personality(0xffffffff));
	probe("personality-linux", personality(PER_LINUX));
	probe("personality-rie", personality(READ_IMPLIES_EXEC));
	probe("personality-norandom", personality(ADDR_NO_RANDOMIZE));
	probe("ioctl-fionread", ioctl(-1, FIONREAD, &c));
	return 0;
}
