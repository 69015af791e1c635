/* eth: JSON-RPC request parameters for or-rpc and or-put0g: hex quantities
 * and bytes, block numbers and tags, and the transaction fields of records
 * (addresses, byte strings, the call object).  Replies are reply.h's,
 * receipts receipt.h's, the clock clock.h's.
 * Ownership: functions returning cJSON * hand the caller a new tree to free
 * with cJSON_Delete; inputs are borrowed. */
#ifndef OR_ETH_H
#define OR_ETH_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "json.h"
#include "util.h"


/* Builders that cannot fail (out of memory ends the program). */
cJSON *eth_hexq(uint64_t v);			/* "0x1a" */
cJSON *eth_hex(const uint8_t *p, size_t n);	/* "0x00ff" */

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

#endif
