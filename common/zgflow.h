/* zgflow: the chain side of a 0G upload (storage-0g.md section 4): the
 * contract's validity rules, submit calldata, the fee from the market, the
 * transaction signed and sent by the or-rpc and or-sign children, and the
 * Submit event of its receipt.
 * Ownership: strings and buffers filled here belong to the caller; a
 * child's error object handed back is the caller's to free. */
#ifndef OR_ZGFLOW_H
#define OR_ZGFLOW_H

#include <stdint.h>

#include "http.h"
#include "json.h"
#include "util.h"
#include "zgmerkle.h"

#define ZGF_SUBMIT_TOPIC \
	"0x167ce04d2aa1981994d3a31695da0d785373335b1078cec239a1a3a2c7675555"

/* The Flow contract's checks (4.5) of the tree's submission.
 * Errors: store.bad_submission. */
int zgf_check(const struct zg_tree *t, struct or_err *e);
/* Submit calldata (4.2) with empty tags, as 0x hex appended to out; the
 * legacy form has no submitter. */
void zgf_calldata(const struct zg_tree *t, const uint8_t submitter[20],
    int legacy, struct buf *out);
/* fee = sectors x market.pricePerSector(), read now from the chain. */
int zgf_fee(struct http_client *chain, const char *flow, uint64_t sectors,
    uint8_t fee[32], struct or_err *e);

struct zgf_submit {
	char txhash[67];
	uint64_t txseq, start, sectors;
	cJSON *child_error;	/* a failed child's error object */
};

/* Run or-rpc fill | or-sign tx | or-rpc send | or-rpc wait from bindir on
 * the transaction record and read the Submit log of the receipt.  A
 * failed child: its error object in r->child_error and its exit status in
 * e->status (3 when it could not run or exited 2 or 3).  Errors:
 * store.submit_reverted, store.no_submit_log, proc.*. */
int zgf_submit(const char *bindir, const char *rpc_url, const char *flow,
    const char *from, const char *fee_dec, const char *data,
    const struct zg_tree *t, struct zgf_submit *r, struct or_err *e);

/* The Submit log of a receipt for the Flow at flow (lowercase 0x hex)
 * with the tree's identity: txSeq, startPos, sectors; checks that the
 * right fold of the logged nodes is the root. */
int zgf_find_log(const cJSON *receipt, const char *flow,
    const struct zg_tree *t, struct zgf_submit *r, struct or_err *e);

/* The size in bytes that the Submit log of transaction seq on the Flow at
 * flow declares for root, asked with one eth_getLogs from block 0 narrowed
 * to the logs of that identity topic: 1 and *size, 0 when the chain holds
 * no such log, -1 when the chain cannot be asked. */
int zgf_submitted_size(struct http_client *chain, const char *flow,
    const zg_hash identity, const zg_hash root, uint64_t seq, uint64_t *size,
    struct or_err *e);

#endif
