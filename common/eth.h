/* eth: Ethereum JSON-RPC values and objects for or-rpc and or-put0g:
 * typed replies (hex quantities), block numbers and tags, transaction fields
 * of records, call objects, and the node's receipts and logs turned into the
 * record form of conventions.md section 4 (numbers for counts and indexes,
 * decimal strings for wei).
 * Ownership: functions returning cJSON * hand the caller a new tree to free
 * with cJSON_Delete; inputs are borrowed; params given to calls are
 * consumed (as http_call does). */
#ifndef OR_ETH_H
#define OR_ETH_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "json.h"
#include "quantity.h"
#include "util.h"


/* Builders that cannot fail (out of memory ends the program). */
cJSON *eth_hexq(uint64_t v);			/* "0x1a" */
cJSON *eth_hex(const uint8_t *p, size_t n);	/* "0x00ff" */

/* Monotonic microseconds, and a sleep that resumes after signals. */
uint64_t eth_now_us(void);
void eth_sleep_us(uint64_t us);

/* A reply value that must be a hex quantity: below 2^53, or any uint256.
 * Errors: rpc.bad_reply (status 4). */
int eth_reply_u64(const struct http_client *c, const cJSON *v,
    const char *what, uint64_t *out, struct or_err *e);
int eth_reply_q(const struct http_client *c, const cJSON *v, const char *what,
    struct quantity *out, struct or_err *e);
/* A retry-safe call whose result is a quantity below 2^53. */
int eth_call_u64(struct http_client *c, const char *method, cJSON *params,
    uint64_t *out, struct or_err *e);

/* Record fields.  Each returns 1 when present and valid, 0 when absent,
 * -1 (e filled) when invalid.  An address is written lowercase into dst;
 * a byte string is checked and returned as new lowercase hex and/or bytes
 * (either pointer may be NULL). */
int eth_field_address(const cJSON *rec, const char *key, char dst[43],
    struct or_err *e);
int eth_field_bytes(const cJSON *rec, const char *key, char **hex,
    uint8_t **bytes, size_t *n, struct or_err *e);

/* A block as a JSON-RPC parameter: a tag (latest, earliest, pending, safe,
 * finalized) or a number under the integer rule.  NULL, e filled, if
 * neither. */
cJSON *eth_block_param(const cJSON *v, const char *what, struct or_err *e);
/* A block resolved to its number (tags are asked of the node). */
int eth_block_number(struct http_client *c, const cJSON *v, const char *what,
    uint64_t *out, struct or_err *e);

/* The call object of eth_call and eth_estimateGas from a record's to,
 * value and data, with from when given. */
cJSON *eth_call_object(const cJSON *rec, const char *from, struct or_err *e);

/* A log and a receipt of the node in record form (or-rpc(1), OUTPUT). */
cJSON *eth_log(const struct http_client *c, const cJSON *log,
    struct or_err *e);
cJSON *eth_receipt(const struct http_client *c, const cJSON *receipt,
    struct or_err *e);

/* The revert payload a node attached to an error (the "data" of the
 * JSON-RPC error, a hex string or an object holding one in "data"), or
 * NULL. */
const char *eth_revert_hex(const cJSON *data);

#endif
