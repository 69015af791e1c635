/* sandbox-init: private to common/sandbox/.  The wire protocol between the
 * host side (sandbox.c) and the sandbox's pid 1 (sandbox-init.c).
 *
 * The host clones init with the descriptors of struct sb_fds, writes its id
 * maps and then "g" on sync_rd; init becomes SB_UID and builds the mount
 * tree while the host moves it into the run's cgroup, then the host writes
 * "c" and init forks the command.  EOF on sync_rd at either step means the
 * host gave up: init exits.
 *
 * Init reports on status_wr with framed messages, a header of two uint32
 * (type, payload length) in host byte order, then the payload:
 *   SB_MSG_STARTED  empty: the command was executed;
 *   SB_MSG_FAIL     "code" NUL "message": setup failed, nothing ran (the
 *                   code sandbox.exec means execve failed);
 *   SB_MSG_COLLECT  uint32 index into sb_config.collect, one byte 1 (the
 *                   file's bytes follow) or 0 (the refusal reason follows);
 *   SB_MSG_RESULT   struct sb_wire_result, after every process is reaped.
 * Ownership: nothing is kept. */
#ifndef OR_SANDBOX_INIT_H
#define OR_SANDBOX_INIT_H

#include <stdint.h>

#include "sandbox.h"

#define SB_UID 1000		/* the sandbox user inside */

struct sb_fds {
	int sync_rd;		/* host -> init: go */
	int status_wr;		/* init -> host: framed messages */
	int out_wr, err_wr;	/* the command's stdout and stderr */
	int in;			/* --stdin file, or -1 for /dev/null */
};

enum sb_msg { SB_MSG_STARTED = 1, SB_MSG_FAIL, SB_MSG_RESULT, SB_MSG_COLLECT };

struct sb_wire_result {
	int32_t status;		/* wait status of the main process */
	int32_t pad;
	uint64_t wall_us, user_us, sys_us, maxrss_kib;
};

/* The init side, run in the child of clone; never returns.  nproc_base is
 * the user's process count for RLIMIT_NPROC without a cgroup. */
void sb_init_main(const struct sb_config *c, const struct sb_fds *f,
    uint64_t nproc_base) __attribute__((noreturn));

#endif
