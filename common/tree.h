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
/* Sort entries by path bytes (memcmp order). */
void tree_sort(struct tree *t);
void tree_hash(const struct tree *t, uint8_t out[32]);
void tree_free(struct tree *t);

#endif
