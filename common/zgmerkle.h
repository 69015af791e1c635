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
const uint8_t *zg_zero(int d);
/* Padded chunk count of a file of `chunks` chunks (section 1.2). */
uint64_t zg_padded(uint64_t chunks);
/* T() of section 1.3 over n hashes; h is overwritten. */
void zg_merkle(zg_hash *h, size_t n, zg_hash out);
/* The file root from its submission nodes (n >= 1, largest first), node i's
 * root at p + i * stride: the right fold keccak(r0, keccak(r1, ... r[n-1])),
 * as a Submit log or a FileInfo's merkleNodes list them. */
void zg_fold_nodes(const uint8_t *p, size_t stride, size_t n, zg_hash out);

/* Root of one segment from its len data bytes (the last chunk
 * zero-padded) extended with Z[0] leaves to nleaves leaves. */
void zg_segment_root(const uint8_t *data, size_t len, uint64_t nleaves,
    zg_hash out);
/* Leaves of segment i of a file of `chunks` chunks: 1024, or what is left
 * of the padded chunks for the last segment (0 past the end). */
uint64_t zg_seg_leaves(uint64_t chunks, uint64_t i);
/* Bytes uploaded for file segment i of a file of size bytes (5.2): whole
 * chunks of real data, the last zero-padded; 0 past the data. */
uint64_t zg_seg_upload_len(uint64_t size, uint64_t i);

/* Hash n bytes from fd (threads > 1 uses pread and needs a regular file;
 * other descriptors are read in order).  An empty input is zg.empty. */
int zg_hash_fd(int fd, int threads, struct zg_tree *t, struct or_err *e);
/* Same, and write every byte read to out at its offset (a regular file,
 * or in order for a stream): the bytes written are the bytes hashed. One
 * thread writes; a regular input of ZG_DIRECT_MIN bytes or more is written
 * to a regular out with O_DIRECT (restored after), in ZG_DIRECT_ALIGN blocks
 * with any unaligned end written last. */
#define ZG_DIRECT_MIN (16u << 20)
#define ZG_DIRECT_ALIGN 4096
int zg_hash_fd_tee(int fd, int threads, int out, struct zg_tree *t,
    struct or_err *e);
/* Name path in an error of the two above that speaks of "input". */
void zg_name_input(struct or_err *e, const char *path);
int zg_hash_mem(const void *p, size_t n, struct zg_tree *t, struct or_err *e);
void zg_free(struct zg_tree *t);

/* A root computed from bytes handed over piece by piece (a stream whose
 * size is known only at the end), full segments hashed on `threads`
 * worker threads meanwhile (0: in the caller).  zg_stream_end fills t
 * (NULL: just free) and frees the stream; an empty stream is zg.empty. */
struct zg_stream;
struct zg_stream *zg_stream_new(int threads);
void zg_stream_feed(struct zg_stream *z, const void *p, size_t n);
int zg_stream_end(struct zg_stream *z, struct zg_tree *t, struct or_err *e);

/* Proof of segment i (section 3). */
int zg_proof(const struct zg_tree *t, uint64_t i, struct zg_proof *p,
    struct or_err *e);
void zg_proof_free(struct zg_proof *p);
/* The storage node's checks (section 3 steps 1-4) of a proof for segment i
 * of a file of `chunks` chunks with root `root`. */
int zg_proof_check(const struct zg_proof *p, const zg_hash root,
    uint64_t i, uint64_t chunks, struct or_err *e);

#endif
