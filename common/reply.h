/* reply: the values of a node's JSON-RPC replies, checked: hex quantities
 * (below 2^53, or any uint256) and the revert payload of an error.  A
 * value that breaks the wire format is rpc.bad_reply, status 4.
 * Ownership: inputs are borrowed; params given to calls are consumed (as
 * http_call does). */
#ifndef OR_REPLY_H
#define OR_REPLY_H

#include <stdint.h>

#include "http.h"
#include "json.h"
#include "quantity.h"
#include "util.h"

/* A reply value that must be a hex quantity: below 2^53, or any uint256.
 * Errors: rpc.bad_reply (status 4); what names the value, c the node. */
int reply_u64(const struct http_client *c, const cJSON *v, const char *what,
    uint64_t *out, struct or_err *e);
int reply_quantity(const struct http_client *c, const cJSON *v,
    const char *what, struct quantity *out, struct or_err *e);
/* Fill e with rpc.bad_reply (status 4) for the value what; returns -1. */
int reply_bad(const struct http_client *c, const char *what,
    struct or_err *e);
/* A retry-safe call whose result is a quantity below 2^53. */
int reply_call_u64(struct http_client *c, const char *method, cJSON *params,
    uint64_t *out, struct or_err *e);

/* The revert payload a node attached to an error (the "data" of the
 * JSON-RPC error, a hex string or an object holding one in "data"), or
 * NULL. */
const char *reply_revert_hex(const cJSON *data);

#endif
