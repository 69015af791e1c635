/* zgclient: the 0G Storage client of storage-0g.md sections 5 to 9: node
 * selection (configured URLs or an indexer) with the sharding rule, the
 * upload (submit through zgflow, segments with proofs, finalization) and
 * the verified download.
 * Ownership: a struct zg_cfg only borrows its strings; results are filled
 * into caller structs (a child's error object is the caller's to free). */
#ifndef OR_ZGCLIENT_H
#define OR_ZGCLIENT_H

#include <stdint.h>

#include "json.h"
#include "util.h"
#include "zgmerkle.h"

struct zg_cfg {
	const char *const *nodes;	/* storage node URLs */
	size_t nnodes;
	const char *indexer;		/* used when no node is given */
	const char *flow;		/* --flow, else the node's */
	const char *rpc_url;		/* chain endpoint */
	const char *from;		/* sender and submitter */
	const char *bindir;		/* folder of or-rpc and or-sign */
	int legacy;			/* legacy submit form */
	uint64_t finalize_timeout_us;
	uint64_t timeout_us;		/* per node request */
	uint64_t busy_wait_us;		/* after "too many data writing" */
	int busy_tries;
	int progress;			/* progress lines on stderr */
};

struct zg_upload_res {
	int submitted;		/* 0: the file was already finalized */
	int resumed;		/* an earlier, unfinished submission's */
	uint64_t txseq, start;
	char txhash[67];
	char fee[80];		/* decimal wei */
	cJSON *child_error;	/* a failed child's error object */
};

struct zg_get_res {
	uint64_t size;
	const char *reason;	/* why unavailable */
};

/* Upload the bytes of fd (a regular file of tree t).  Errors: store.*,
 * rpc.*, zg.*; a failed child leaves its error in r->child_error and its
 * status in e->status (2 and 3 mean the child could not run at all). */
int zg_upload(const struct zg_cfg *c, int fd, const struct zg_tree *t,
    struct zg_upload_res *r, struct or_err *e);

/* Download root into out_fd (a fresh regular file), verified segment by
 * segment and as a whole.  want is the size the caller expects, or
 * UINT64_MAX; else the Submit log on chain is asked (best effort), and
 * nodes whose size contradicts either are not used (zero bytes past the
 * end keep the root).  1 ok, 0 not found on any node, -1 with e
 * (store.unavailable and r->reason, or another error). */
int zg_download(const struct zg_cfg *c, const zg_hash root, uint64_t want,
    uint64_t max, int out_fd, struct zg_get_res *r, struct or_err *e);

/* zgs_getFileInfo(root, true) of the first node that knows root: 1 and
 * *info (the caller frees it), 0 when no node knows it. */
int zg_file_info(const struct zg_cfg *c, const zg_hash root, cJSON **info,
    struct or_err *e);

#endif
