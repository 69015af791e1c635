/* outfile: a data file named by an option (-o FILE, conventions.md section
 * 3), replaced as the shell's `>` would replace it but atomically: the bytes
 * go to a temporary file beside it, renamed over it by outfile_commit.
 * Never written through a symbolic link, never over a non-regular file, and
 * nothing is left behind when the run fails.
 * Ownership: the struct owns its names and descriptor until commit or
 * abort. */
#ifndef OR_OUTFILE_H
#define OR_OUTFILE_H

#include <sys/types.h>

#include "util.h"

struct outfile {
	char *path, *tmp;
	int fd;
};

/* Errors: file.not_regular (a link, folder or device is in the way),
 * file.write (status 3). */
int outfile_open(struct outfile *o, const char *path, struct or_err *e);
/* fsync, rename over path, fsync the folder; aborts on failure. */
int outfile_commit(struct outfile *o, struct or_err *e);
/* Remove the temporary file. */
void outfile_abort(struct outfile *o);

#endif
