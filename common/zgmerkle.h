/* zgmerkle: the 0G Storage file merkle tree of exact bytes (storage-0g.md
 * sections 1-3): flow padding, segment roots, file root, submission nodes,
 * segment proofs and the storage node's proof check.
 * Ownership: a struct zg_tree owns its arrays until zg_free; proofs are
 * caller-owned structs freed with zg_proof_free. */
#ifndef OR_ZGMERKLE_H
#define OR_ZGMERKLE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define ZG_CHUNK 256
#define ZG_SEG_CHUNKS 1024
#define ZG_SEGMENT (ZG_CHUNK * ZG_SEG_CHUNKS)

typedef uint8_t zg_hash[32];

struct zg_node {
	int height;
	zg_hash root;
};

struct zg_tree {
	uint64_t size, chunks, padded, segments;
	zg_hash root, identity;
	struct zg_node nodes[64];
	size_t nnodes;
	zg_hash *seg;		/* segment roots, segments entries */
	zg_hash *levels;	/* every level of the tree over seg, for proofs */
	size_t *level_off, *level_len, nlevels;
	zg_hash *last_leaves;	/* leaves of a partial last segment */
	size_t nlast;
};

struct zg_proof {
	zg_hash *lemma;
	int *path;		/* 1 = the node is the left child */
	size_t nlemma, npath;
};

/* Z[d], the root of 2^d zero chunks (d <= 63). */
const uint8_t *zgmerkle_zero(int d);
/* Padded chunk count of a file of `chunks` chunks (section 1.2). */
uint64_t zgmerkle_padded(uint64_t chunks);
/* T() of section 1.3 over n hashes; h is overwritten. */
void zgmerkle_merkle(zg_hash *h, size_t n, zg_hash out);

/* Hash n bytes from fd (threads > 1 uses pread and needs a regular file;
 * other descriptors are read in order).  An empty input is zg.empty. */
int zgmerkle_hash_fd(int fd, int threads, struct zg_tree *t, struct or_err *e);
int zgmerkle_hash_mem(const void *p, size_t n, struct zg_tree *t,
    struct or_err *e);
void zgmerkle_free(struct zg_tree *t);

/* Proof of segment i (section 3). */
int zgmerkle_proof(const struct zg_tree *t, uint64_t i, struct zg_proof *p,
    struct or_err *e);
void zgmerkle_proof_free(struct zg_proof *p);
/* The storage node's checks (section 3 steps 1-4) of a proof for segment i
 * of a file of `chunks` chunks with root `root`. */
int zgmerkle_proof_check(const struct zg_proof *p, const zg_hash root,
    uint64_t i, uint64_t chunks, struct or_err *e);

#endif
