/* txsend: broadcast signed transactions and wait for their receipts
 * (or-rpc send and wait).  Sending is idempotent: the same signed bytes
 * cannot spend twice, so a lost reply is answered by sending again, and a
 * node error ("already known", "nonce too low") counts as success when the
 * node holds this very transaction.
 * Ownership: receipts and revert data are new values the caller frees
 * (cJSON_Delete, free); records are borrowed. */
#ifndef OR_TXSEND_H
#define OR_TXSEND_H

#include <stdint.h>

#include "http.h"
#include "json.h"
#include "rpcdecode.h"
#include "util.h"

/* Broadcast rec's "raw" with eth_sendRawTransaction.  keccak-256 of raw
 * must equal rec's "txHash" when present, and the node's answer must equal
 * it.  Errors: rpc.no_raw, rpc.hash_mismatch, rpc.node_error, transport. */
int txsend_send(struct http_client *c, const cJSON *rec, struct or_err *e);

struct txsend_wait {
	uint64_t interval_us;	/* between polls */
	uint64_t timeout_us;	/* give up after */
	uint64_t confirmations;	/* blocks from the receipt's, counting it */
	int once;		/* or-rpc receipt: ask once, never wait */
};

/* Poll eth_getTransactionReceipt for hash (0x + 64 hex digits) until the
 * receipt has enough confirmations; *receipt gets it in record form.
 * With w->once, ask once: no receipt is rpc.no_receipt.
 * Errors: rpc.wait_timeout (status 4), http_call errors, rpc.bad_reply. */
int txsend_wait(struct http_client *c, const char *hash,
    const struct txsend_wait *w, cJSON **receipt, struct or_err *e);

/* or-rpc wait on one record: tx_wait for its "txHash", the receipt set as
 * "receipt" with its logs decoded by the ABIs.  Returns 1 when the
 * transaction was mined but failed (status 0), a negative outcome that is
 * data, not an error: the revert found by replaying it is added as
 * rpcdecode_revert_hex does, and e holds the line to report (code
 * rpc.reverted, message naming the hash, the block and the reason).  Errors: rpc.no_tx_hash, the hex codes of
 * txHash, and those of tx_wait. */
int txsend_wait_record(struct http_client *c, const struct abicache *a,
    const struct txsend_wait *w, cJSON *rec, struct or_err *e);

/* Replay the transaction hash as eth_call on the state before block and
 * return the revert payload as lowercase hex, or NULL when the call does
 * not revert with data (or the node cannot say). */
char *txsend_replay_revert(struct http_client *c, const char *hash,
    uint64_t block);

#endif
