/* secret: reading files that hold a secret (key files, password files)
 * without leaving copies of it behind.
 * Ownership: the caller wipes out->p (cap bytes) and frees it. */
#ifndef OR_SECRET_H
#define OR_SECRET_H

#include <stddef.h>

#include "util.h"

/* Read a file holding a secret (at most max bytes) into out.  Errors:
 * file.open, file.read, file.too_large (status 3). */
int secret_read(const char *path, size_t max, struct buf *out,
    struct or_err *e);
/* A password file: its content minus one trailing "\n" or "\r\n".  *loose
 * is set when group or others may read it.  Errors: file.* (status 3). */
int secret_read_password(const char *path, struct buf *pw, int *loose,
    struct or_err *e);

#endif
