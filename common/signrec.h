/* signrec: what each or-sign verb adds to one record: tx (from, raw,
 * txHash), message and typed (hash, signer, signature), recover (signer),
 * decode (the transaction's fields at the top level, from, txHash), and
 * the key fields of address, new, import, passwd and list.  A field the record already carries as an expected value is
 * checked, not overwritten (conventions.md "checked"): sign.mismatch.
 * Errors with status 3 come from the signer and are fatal (signer.h).
 * Ownership: the caller owns rec and the signer; fields added to rec
 * belong to rec; signrec_list_entry returns a record the caller owns. */
#ifndef OR_SIGNREC_H
#define OR_SIGNREC_H

#include "json.h"
#include "secp.h"
#include "signer.h"
#include "util.h"

/* Sign the transaction a record describes (tx_from_json's fields).  A
 * "from" already in the record must be the key's address:
 * sign.from_mismatch (a record filled for another account). */
int signrec_tx(cJSON *rec, struct signer *s, struct or_err *e);
/* message (field "message", EIP-191) or typed (field "typedData",
 * EIP-712): add hash, then, unless hash_only, signer and signature.
 * Errors: sign.missing_field, sign.ambiguous, json.bad_field, the
 * eip712.* and hex.* codes, and the signer's. */
int signrec_sign(cJSON *rec, const char *field, int hash_only,
    struct signer *s, struct or_err *e);
/* The signer of a signature over message, typedData or hash.  Errors:
 * sign.missing_field, sign.bad_v, secp.*. */
int signrec_recover(cJSON *rec, const struct secp *c, struct or_err *e);
/* Decode the signed transaction in "raw" into the fields or-sign tx reads,
 * at the top level, and recover its sender ("from").  Errors: rlp.*, tx.*,
 * secp.*, sign.mismatch (a "to" or "chainId" the transaction lacks). */
int signrec_decode(cJSON *rec, const struct secp *c, struct or_err *e);
/* The loaded key's address, checksummed address and keystore path. */
int signrec_address(cJSON *rec, struct signer *s, struct or_err *e);
/* A fresh random key, stored in a new keystore. */
int signrec_new(cJSON *rec, struct signer *s, struct or_err *e);
/* The raw private key in file, stored in a new keystore. */
int signrec_import(cJSON *rec, struct signer *s, const char *file,
    struct or_err *e);
/* The loaded keystore re-encrypted under a new password. */
int signrec_passwd(cJSON *rec, struct signer *s, struct or_err *e);
/* The record that lists file name of folder dir: path, and address and
 * addressChecksum when the keystore names its address; NULL when the file
 * is no v3 keystore. */
cJSON *signrec_list_entry(const char *dir, const char *name);

#endif
