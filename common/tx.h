/* tx: Ethereum transactions of type 0 (legacy with EIP-155), 1 (EIP-2930)
 * and 2 (EIP-1559): built from JSON records, hashed for signing, encoded
 * signed, and decoded back from raw bytes.
 * Ownership: a struct tx owns its data and access list; tx_free releases
 * them and is called after tx_from_json or tx_decode, even on failure.  Returned cJSON trees belong to the caller. */
#ifndef OR_TX_H
#define OR_TX_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "util.h"

struct tx {
	int type;		/* 0, 1 or 2 */
	int has_chain_id;	/* 0 only for decoded pre-EIP-155 legacy */
	uint64_t chain_id, nonce, gas_limit;
	uint8_t gas_price[32];	/* type 0 and 1 */
	uint8_t max_priority[32], max_fee[32];	/* type 2 */
	uint8_t value[32];
	int has_to;		/* 0: contract creation */
	uint8_t to[20];
	uint8_t *data;
	size_t data_len;
	struct buf access;	/* RLP payload of the access list (items) */
	/* signature */
	uint8_t rs[64];
	int recid;
	uint64_t v;		/* legacy v as sent (27, 28 or EIP-155) */
};

/* Fill t from a record's fields (type rule of conventions.md section 2).
 * Errors: sign.no_chain_id, sign.missing_field, sign.fee_conflict,
 * sign.bad_type, sign.bad_access_list, sign.priority_above_max, and the
 * json.*, int.* and hex.* codes of bad values. */
int tx_from_json(const cJSON *rec, struct tx *t, struct or_err *e);
/* The digest that is signed. */
void tx_sighash(const struct tx *t, uint8_t hash[32]);
/* Store a signature (r || s, recovery id) into t. */
void tx_set_signature(struct tx *t, const uint8_t rs[64], int recid);
/* The signed transaction bytes (typed envelope or legacy RLP). */
void tx_encode_signed(const struct tx *t, struct buf *raw);
/* Decode signed bytes strictly.  Errors: rlp.*, tx.bad_type,
 * tx.bad_fields, tx.bad_v. */
int tx_decode(const uint8_t *raw, size_t n, struct tx *t, struct or_err *e);
/* The fields of t as a record in the input form of tx_from_json, plus the
 * signature (r, s, and v or yParity). */
cJSON *tx_to_json(const struct tx *t);
void tx_free(struct tx *t);

#endif
