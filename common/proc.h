/* proc: start a child program with pipes, with default signal dispositions
 * restored (conventions.md section 7), and wait for it.
 * Ownership: the caller closes the fds it receives and waits for the pid. */
#ifndef OR_PROC_H
#define OR_PROC_H

#include <sys/types.h>

#include "util.h"

struct proc {
	pid_t pid;
	int in;		/* write end of the child's stdin, or -1 */
	int out;	/* read end of the child's stdout, or -1 */
};

/* Start argv[0] (searched in PATH) in directory dir (NULL: unchanged);
 * pipes for stdin/stdout when asked, else /dev/null; stderr inherited. */
int proc_start(struct proc *p, const char *dir, char *const argv[],
    int want_in, int want_out, struct or_err *e);
/* Wait; returns the exit status, or 128+signal. */
int proc_wait(struct proc *p);
/* Run to completion and collect stdout (at most max bytes). */
int proc_capture(const char *dir, char *const argv[], struct buf *out,
    size_t max, int *status, struct or_err *e);

/* The same with the n bytes of in on the child's stdin (written while
 * stdout is read, so neither pipe can stall the other). */
int proc_run(const char *dir, char *const argv[], const char *in, size_t n,
    struct buf *out, size_t max, int *status, struct or_err *e);

#endif
