/* rpcverb: the verbs of or-rpc by name, and the records that a verb's
 * operands stand for in argument mode (or-rpc(1)), built in the field order
 * a user would write so that the output matches the piped record.
 * Ownership: the records and values returned are new; the caller frees
 * each with cJSON_Delete (and the array of records with free). */
#ifndef OR_RPCVERB_H
#define OR_RPCVERB_H

#include <stddef.h>

#include "json.h"

enum rpcverb {
	V_RAW, V_FILL, V_SEND, V_WAIT, V_RECEIPT, V_CALL, V_LOGS,
	V_CHAIN_ID, V_BLOCK_NUMBER, V_GAS_PRICE, V_BALANCE, V_NONCE, V_CODE
};

/* The verb names, NULL-terminated (for the nearest-verb hint). */
extern const char *const rpcverb_names[];

/* The verb called name; V_RAW for a JSON-RPC method, recognised by its
 * '_' (eth_chainId); -1 for a word that is neither (a typo'd verb). */
int rpcverb_find(const char *name);

/* What a verb needs when it is run without operands at a terminal, for the
 * usage line ("ADDRESS"), or NULL when it needs nothing (chain-id). */
const char *rpcverb_need(enum rpcverb v);

/* An operand as a JSON value: JSON when it parses, else the string. */
cJSON *rpcverb_operand_value(const char *s);

/* Whether an operand (or the text of a block option) names a block: a
 * tag or a number, as eth_block_param reads its value. */
int rpcverb_is_block(const char *s);

/* The records of argc (> 0) operands: one record of them all for a method
 * (method, params), call (to and data when the second operand is 0x hex,
 * else to, sig and args read by the signature's types) and logs (address, topics,
 * where "null" is a wildcard), else one record per operand with the verb's
 * field (raw, txHash or address). */
cJSON **rpcverb_records(enum rpcverb v, int argc, char **argv, size_t *n);

#endif
