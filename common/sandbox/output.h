/* output: private to common/sandbox/.  The host side of what a run
 * produces: the kept tail of each output stream (sandbox.md 3.8), and the
 * files named by --stdout, --stderr and --collect (conventions.md 3).
 * Ownership: struct output_tail owns its ring until the caller frees p;
 * struct output_file owns its descriptors and names until output_discard. */
#ifndef OR_SANDBOX_OUTPUT_H
#define OR_SANDBOX_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

/* The last `max` bytes of a stream, and the total count. */
struct output_tail {
	char *p;
	size_t max, start, len;	/* ring buffer */
	uint64_t total;
};

/* Count n bytes and keep the last max of them. */
void output_tail_add(struct output_tail *t, const char *p, size_t n);
/* Write the kept bytes, oldest first; 0 or -1 with errno. */
int output_tail_write(const struct output_tail *t, int fd);

/* An output file named by an option, or a collect target (conventions.md
 * section 3, sandbox.md 3.8).  The bytes go to a temporary file beside it,
 * renamed over it when the run ends: so the file is replaced as the shell's
 * `>` would, never through a symlink (its folder is opened O_NOFOLLOW and
 * the name itself is never opened), never when it is not a regular file
 * (a FIFO or a device is refused), and a run that fails leaves no new file
 * behind.  No fsync: these are logs, and rename alone keeps a reader from
 * ever seeing a partial file. */
struct output_file {
	const char *name;	/* as given, for messages */
	int dfd;		/* its folder, or -1 */
	char *base;		/* its last component */
	char tmp[48];		/* the temporary file's name, "" when none */
	int fd;			/* the temporary file, or -1 */
	mode_t mode;		/* the replaced file's permissions, or 0 */
};

/* Prepare FILE: check what is there (sandbox.output unless nothing or a
 * regular file) and create the temporary file beside it, f->fd, to
 * write.  In every case f is left for output_discard. */
int output_open(struct output_file *f, const char *file, struct or_err *e);
/* Put the written file in place of FILE (a no-op when none is open). */
int output_commit(struct output_file *f, struct or_err *e);
/* Remove the temporary file, if any, and release f. */
void output_discard(struct output_file *f);

#endif
