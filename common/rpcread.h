/* rpcread: reads of chain state into a record (or-rpc chain-id,
 * block-number, balance, nonce, code and call): the block asked for, the
 * node's answer as a typed field, and for call the return data decoded, or
 * the revert data when the call reverts.
 * Ownership: records are borrowed, the fields set on them belong to them;
 * the client and the ABIs stay the caller's. */
#ifndef OR_RPCREAD_H
#define OR_RPCREAD_H

#include "http.h"
#include "json.h"
#include "rpcdecode.h"
#include "util.h"

/* The record's "block", else dflt (the --block option), as a JSON-RPC
 * parameter.  NULL, e filled, when it is neither a tag nor a number. */
cJSON *rpcread_block(const cJSON *rec, const char *dflt, struct or_err *e);

/* A retry-safe method without parameters whose result is a quantity below
 * 2^53 (eth_chainId, eth_blockNumber), set as the number field key. */
int rpcread_u64(struct http_client *c, const char *method, cJSON *rec,
    const char *key, struct or_err *e);

/* The same for a wei amount (eth_gasPrice), set as a decimal string. */
int rpcread_wei(struct http_client *c, const char *method, cJSON *rec,
    const char *key, struct or_err *e);

enum rpcread_account { RPCREAD_BALANCE, RPCREAD_NONCE, RPCREAD_CODE };

/* The balance (decimal wei string), nonce (number, with "from" set to the
 * address when absent, so that the record chains into or-abi
 * create-address) or code (hex) of the record's "address" at its block.  Errors: rpc.no_address, the address
 * and block codes, http_call errors, rpc.bad_reply. */
int rpcread_account(struct http_client *c, enum rpcread_account what,
    cJSON *rec, const char *dflt_block, struct or_err *e);

/* eth_call of the record's to, value, data and maybe from at its block:
 * returnData and its decoding (rpcdecode_return).  When the node reverts,
 * the record gets revertData and its decoding, and fails with
 * rpc.node_error.  Errors: rpc.no_to, the field codes, http_call errors,
 * rpc.bad_reply, and those of rpcdecode_return. */
int rpcread_call(struct http_client *c, const struct abicache *a, cJSON *rec,
    const char *dflt_block, struct or_err *e);

#endif
