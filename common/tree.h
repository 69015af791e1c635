/* tree: the entry list of a file tree (hashes.md 2.1) from a commit, the
 * tracked files of a work tree, or a directory; and the tree hash
 * openresearch/tree/v1 over it.
 * Ownership: a struct tree owns its entries until tree_free. */
#ifndef OR_TREE_H
#define OR_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct tree_entry {
	char *path;		/* raw bytes, NUL-terminated, no NUL inside */
	size_t plen;
	char mode[7];		/* "100644", "100755" or "120000" */
	uint8_t sha[32];	/* SHA-256 of the content (link target text) */
	uint64_t size;
	char oid[72];		/* commit source: the blob's object id */
};

struct tree {
	struct tree_entry *e;
	size_t n, cap;
	const char *source;	/* "commit", "worktree" or "dir" */
};

/* source NULL chooses: "commit" when rev is given, else "worktree" when dir
 * holds .git, else "dir".  Errors: tree.submodule, tree.unsupported_entry,
 * tree.not_a_commit, tree.git_failed, tree.not_a_directory, tree.missing. */
int tree_load(const char *dir, const char *rev, const char *source,
    struct tree *t, struct or_err *e);
/* tree_list flags.  TREE_LIST lists without reading contents: sha stays
 * zero, size is the stat size (dir, worktree) or 0 (commit, where oid is
 * kept for tree_stream).  TREE_UNTRACKED (worktree) adds the untracked files
 * git does not ignore; TREE_SKIP_DELETED (worktree) leaves out tracked files
 * missing from the work tree, as git status shows them deleted. */
enum { TREE_LIST = 1, TREE_UNTRACKED = 2, TREE_SKIP_DELETED = 4 };
/* tree_load with flags; tree_load(...) is tree_list(..., 0, ...). */
int tree_list(const char *dir, const char *rev, const char *source, int flags,
    struct tree *t, struct or_err *e);

/* Receives the contents of a tree's entries in order: begin with the size,
 * data in pieces that add up to it, end.  A link's content is its target
 * text.  A callback failing with -1 stops the stream. */
struct tree_sink {
	int (*begin)(void *arg, struct tree_entry *x, uint64_t size,
	    struct or_err *e);
	int (*data)(void *arg, const void *p, size_t n, struct or_err *e);
	int (*end)(void *arg, struct or_err *e);
	void *arg;
};
/* Read the contents of every entry of t, loaded from dir, into s: one
 * `git cat-file --batch` for a commit, else the files under dir, opened
 * without following any symbolic link.  An entry whose type, mode or size
 * changed since it was listed is tree.changed. */
int tree_stream(const char *dir, struct tree *t, const struct tree_sink *s,
    struct or_err *e);

/* Sort entries by path bytes (memcmp order). */
void tree_sort(struct tree *t);
void tree_hash(const struct tree *t, uint8_t out[32]);
void tree_free(struct tree *t);

/* SHA-256 of an open file's bytes. */
int sha256_fd(int fd, uint8_t out[32], uint64_t *size);

#endif
