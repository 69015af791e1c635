/* seccomp-policy: the or-sandbox syscall filter of sandbox.md section 3.4
 * (libseccomp, default allow, listed calls denied, foreign ABIs killed).
 * Ownership: nothing is kept; the filter is loaded into the calling thread. */
#ifndef OR_SECCOMP_POLICY_H
#define OR_SECCOMP_POLICY_H

#include "util.h"

/* Load the filter into the calling process; allow_perf keeps
 * perf_event_open.  Called last before execve. */
int seccomp_policy_load(int allow_perf, struct or_err *e);

#endif
