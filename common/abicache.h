/* abicache: the one cache of contract ABI files (or-abi, or-rpc): files by
 * path (the --abi files pinned for the whole run, the files records name
 * forgotten once there are many) and the last signature text parsed, since
 * a stream usually repeats one.
 * Ownership: the cache owns every file and signature it returns; a file
 * stays valid until abicache_trim (unless pinned) or abicache_free, a
 * signature until the next abicache_sig call or abicache_free. */
#ifndef OR_ABICACHE_H
#define OR_ABICACHE_H

#include <stddef.h>

#include "abi.h"
#include "util.h"

#define ABICACHE_FILES_MAX 64	/* unpinned files kept between records */

struct abicache_file;

struct abicache {
	struct abicache_file *files;	/* most recently read first */
	size_t nfiles;
	const struct abi_file **pinned;	/* the pinned files, in pin order */
	size_t npinned;
	char *sig_text;			/* the last signature parsed */
	enum abi_what sig_what;
	struct abi_sig *sig;
};

/* The ABI file at path, read on first use (errors of abi_file_read).
 * pin keeps it for the whole run. */
const struct abi_file *abicache_file(struct abicache *c, const char *path,
    int pin, struct or_err *e);
/* The --abi loader: pin the files at paths[0..n), in that order, before
 * any input.  Errors of abi_file_read (file.* when a file cannot be read,
 * abi.bad_abi when it is no ABI). */
int abicache_pin(struct abicache *c, const char *const *paths, size_t n,
    struct or_err *e);
/* Between records: forget the unpinned files once there are more than
 * ABICACHE_FILES_MAX, so a stream naming ever new files stays bounded. */
void abicache_trim(struct abicache *c);
/* abi_sig_parse(text, what), or the last result for the same arguments. */
const struct abi_sig *abicache_sig(struct abicache *c, const char *text,
    enum abi_what what, struct or_err *e);
void abicache_free(struct abicache *c);

#endif
