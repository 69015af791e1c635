/* logscan: eth_getLogs over block ranges of any length.  A range the node
 * refuses (too many blocks or results) is halved until it is accepted, and
 * each log is handed over in record form as soon as its range is read, in
 * chain order.
 * Ownership: the filter is the caller's; each log passed to the callback
 * becomes the callback's. */
#ifndef OR_LOGSCAN_H
#define OR_LOGSCAN_H

#include <stdint.h>

#include "http.h"
#include "json.h"
#include "util.h"

typedef void (*logscan_fn)(cJSON *log, void *ud);

struct logscan {
	struct http_client *c;
	const cJSON *filter;	/* address and topics (logscan_filter) */
	uint64_t next;		/* first block not scanned yet */
	uint64_t chunk;		/* blocks per request, halved on refusal */
	uint64_t count;		/* logs handed over */
	unsigned long splits;	/* ranges the node refused */
};

/* The filter of a record: "address" (one or an array) and "topics" (each
 * null, a bytes32, or an array of them; in topic 0 an event signature
 * stands for its keccak-256 hash), checked and normalised.
 * Errors: json.bad_field, the hex codes, abi.bad_signature. */
cJSON *logscan_filter(const cJSON *rec, struct or_err *e);

/* Scan blocks s->next .. to (nothing when to < next), calling fn for each
 * log.  On failure s->next is the first block not scanned. */
int logscan_to(struct logscan *s, uint64_t to, logscan_fn fn, void *ud,
    struct or_err *e);

/* The settings of or-rpc logs. */
struct logscan_opts {
	const char *from_block, *to_block;	/* unless the record says */
	uint64_t max_range;			/* blocks per request at most */
	int follow;				/* keep polling new blocks */
	uint64_t interval_us, timeout_us;	/* of the polling */
};

/* or-rpc logs on one record: the logs of its filter from its fromBlock to
 * its toBlock (tags are asked of the node), each handed to fn as a detail
 * record, "kind":"log" first.  With follow, new blocks are polled until a
 * numeric toBlock is passed or the timeout ends.  s (set up here) keeps the
 * scan's counters for the caller.  Unless the filter is invalid, logCount
 * and, once blocks were scanned, lastBlock are set even on failure.
 * Errors: those of logscan_filter, eth_block_number and logscan_to. */
int logscan_record(struct http_client *c, const struct logscan_opts *o,
    cJSON *rec, struct logscan *s, logscan_fn fn, void *ud,
    struct or_err *e);

/* Whether the node's last error says the range was too wide: code -32005,
 * or a message about a range, a limit or too many results. */
int logscan_refused(const struct http_client *c);

#endif
