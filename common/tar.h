/* tar: the canonical archive openresearch/archive/v1 (hashes.md section 4):
 * the entry rules of 4.1, the ustar writer of 4.2-4.3 (libarchive), a
 * packer over a struct tree, and a strict reader that accepts an archive
 * only when re-encoding its entries gives its exact bytes, and extracts it
 * safely (4.4).
 * Ownership: a tar_writer owns its libarchive state and its entry index
 * until tar_writer_free; callers own every buffer they pass in. */
#ifndef OR_TAR_H
#define OR_TAR_H

#include <stddef.h>
#include <stdint.h>

#include "tree.h"
#include "util.h"

#define TAR_BLOCK 512
#define TAR_FILE_MAX (((uint64_t)1 << 33) - 1)	/* 11 octal digits */
#define TAR_LINK_MAX 100
#define TAR_HOPS_MAX 40		/* links followed in one resolution */

/* The path rules of 4.1: relative, '/'-separated, no empty, '.' or '..'
 * component, no '.git' in any letter case, no NUL, and splittable into
 * ustar's prefix and name.  Errors: tar.bad_path, tar.absolute_path,
 * tar.dotdot, tar.git_component, tar.path_too_long. */
int tar_check_path(const char *path, size_t n, struct or_err *e);
/* The ustar split of a path longer than 100 bytes: the offset of the '/'
 * that ends the prefix; 0 when the path fits in name.  -1 when it cannot
 * be split (tar.path_too_long). */
int tar_split(const char *path, size_t n, size_t *slash, struct or_err *e);

/* The bytes an archive goes to.  -1 (e filled) stops the writer. */
typedef int (*tar_sink)(void *arg, const void *p, size_t n,
    struct or_err *e);

struct tar_index;

/* An archive being written: entries must come in path-byte order; each is
 * checked against 4.1 (including the links among all entries at close). */
struct tar_writer {
	struct archive *a;
	struct archive_entry *ent;
	tar_sink sink;
	void *arg;
	struct or_err err;	/* a sink failure, reported by the caller */
	int sink_failed;
	uint64_t left;		/* data still owed to the current file */
	uint64_t entries, bytes, out;
	struct tar_index *ix;
};

int tar_writer_open(struct tar_writer *w, tar_sink sink, void *arg,
    struct or_err *e);
/* A regular file of size bytes, mode 0755 when exec, else 0644; its data
 * follows through tar_writer_data. */
int tar_writer_file(struct tar_writer *w, const char *path, size_t n,
    int exec, uint64_t size, struct or_err *e);
int tar_writer_data(struct tar_writer *w, const void *p, size_t n,
    struct or_err *e);
/* A symbolic link (mode 0777); the target must stay inside the tree. */
int tar_writer_link(struct tar_writer *w, const char *path, size_t n,
    const char *target, size_t tn, struct or_err *e);
/* Check the links among all entries, then write the two end blocks. */
int tar_writer_close(struct tar_writer *w, struct or_err *e);
void tar_writer_free(struct tar_writer *w);

/* Write the entries of t (listed from dir with tree_list) as a canonical
 * archive into sink; tree.* errors from reading, tar.* from the rules. */
int tar_pack(const char *dir, struct tree *t, tar_sink sink, void *arg,
    uint64_t *entries, struct or_err *e);

struct tar_limits {
	uint64_t max_bytes;	/* sum of the file sizes */
	uint64_t max_entries;
};

struct tar_stats {
	uint64_t entries, bytes, size;	/* entries, file bytes, archive bytes */
	/* the temporary folder while tar_unpack fills it, else NULL: a
	 * program that exits mid-way (out of memory) removes it with
	 * tar_remove */
	const char *volatile work;
};

/* Extract the canonical archive read from fd (a regular file; name is for
 * messages) into the fresh folder dest, which must not exist or be an empty
 * directory.  Everything is written into a temporary sibling folder that is
 * renamed to dest at the end, or removed when anything fails.  Errors:
 * tar.* (see or-pack(1)). */
int tar_unpack(int fd, const char *name, const char *dest,
    const struct tar_limits *lim, struct tar_stats *st, struct or_err *e);
/* Remove path and everything below it, never following a link. */
void tar_remove(const char *path);

#endif
