/* store: the local content-addressed store of storage-0g.md section 10:
 * objects named by their 0G root, written atomically through partial/,
 * verified on every read, a mismatch moved to quarantine/.
 * Ownership: a struct store owns its directory fd and path until
 * store_close; trees filled here are the caller's to zg_free. */
#ifndef OR_STORE_H
#define OR_STORE_H

#include <stdint.h>

#include "util.h"
#include "zgmerkle.h"

struct store {
	int dfd;		/* the store folder */
	char *dir;
	int threads;		/* hashing threads */
};

/* Why a get ended unavailable (the error's "reason"). */
struct store_res {
	uint64_t size;
	const char *reason;	/* corrupt_object, too_large, ... or NULL */
	int quarantined;
};

/* The store folder from an option, OR_STORE or the XDG default (any of
 * the first three may be NULL); a new string. */
char *store_default_dir(const char *opt, const char *env, const char *xdg,
    const char *home);
/* Open (creating when asked) the folder and its objects/, partial/ and
 * quarantine/.  Errors: store.open. */
int store_open(struct store *s, const char *dir, int create,
    struct or_err *e);
void store_close(struct store *s);
/* Remove temporary files in partial/ older than max_age seconds (left by
 * writers that died; section 10.3 allows it after a day). */
void store_sweep(struct store *s, int64_t max_age);

/* A root operand or field: 0x + 64 hex digits, or (bare) 64 hex digits
 * when bare_ok.  Errors: hex.* and store.bad_root. */
int store_parse_root(const char *s, int bare_ok, zg_hash out,
    struct or_err *e);

/* A new temporary file in partial/ (mode 0600): its fd and name. */
int store_tmp(struct store *s, char name[64], struct or_err *e);
/* Move the verified temporary file `name` (fd open on it) to its object
 * name: fsync, mode 0444, rename, fsync the folder.  fd is closed. */
int store_commit(struct store *s, const char *name, int fd,
    const zg_hash root, struct or_err *e);
/* Remove a temporary file after a failure. */
void store_discard(struct store *s, const char *name, int fd);

/* Put the bytes of fd (read to its end): t gets their tree.  want, when
 * not NULL, is the root the caller expects (store.mismatch otherwise).
 * Errors: zg.empty, store.mismatch, file.read, store.write. */
int store_put(struct store *s, int fd, const uint8_t *want,
    struct zg_tree *t, struct or_err *e);

/* Open the object of root: 1 and its fd and size, or 0 when absent. */
int store_open_object(struct store *s, const zg_hash root, int *fd,
    uint64_t *size, struct or_err *e);
/* Verify the object of root and, when dest is not NULL, write a verified
 * copy to dest atomically.  Returns 1 (ok), 0 (absent), or -1: with
 * store.unavailable (r->reason set; a corrupt object is quarantined) or
 * a file.* error about dest. */
int store_get(struct store *s, const zg_hash root, const char *dest,
    uint64_t max, struct store_res *r, struct or_err *e);

/* Copy the object of root, verified just before by the caller, to dest
 * atomically without hashing it again.  Errors: store.unavailable (the
 * object is gone), file.*. */
int store_copy_out(struct store *s, const zg_hash root, const char *dest,
    struct or_err *e);

/* Destination files (conventions.md section 3): a temporary file beside
 * dest, refused when dest exists and is not a regular file. */
int dest_tmp(const char *dest, char **tmpname, struct or_err *e);
/* fsync, rename over dest, fsync its folder; fd is closed. */
int dest_commit(const char *dest, char *tmpname, int fd, struct or_err *e);
void dest_discard(char *tmpname, int fd);

#endif
