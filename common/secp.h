/* secp: secp256k1 keys, deterministic recoverable signatures (RFC 6979,
 * low s, as libsecp256k1 always produces) and Ethereum addresses.
 * Ownership: secp_new returns a context the caller frees with secp_free;
 * keys and signatures live in caller buffers, which the caller wipes. */
#ifndef OR_SECP_H
#define OR_SECP_H

#include <stdint.h>

#include "util.h"

struct secp;

/* A signing context, randomized against side channels (getrandom). */
struct secp *secp_new(void);
void secp_free(struct secp *c);

/* 1 when key is a valid secret key (0 < key < n). */
int secp_key_valid(const struct secp *c, const uint8_t key[32]);
/* Address of a secret key.  Error: secp.bad_key. */
int secp_address(const struct secp *c, const uint8_t key[32],
    uint8_t addr[20], struct or_err *e);
/* Sign a 32-byte digest: r || s in rs, recovery id 0 or 1 in *recid. */
int secp_sign(const struct secp *c, const uint8_t key[32],
    const uint8_t hash[32], uint8_t rs[64], int *recid, struct or_err *e);
/* Signer address of a signature.  Errors: secp.bad_signature (r or s out
 * of range, no point), secp.high_s when require_low_s and s > n/2. */
int secp_recover(const struct secp *c, const uint8_t hash[32],
    const uint8_t rs[64], int recid, int require_low_s, uint8_t addr[20],
    struct or_err *e);
/* Fresh random secret key (getrandom). */
int secp_new_key(const struct secp *c, uint8_t key[32], struct or_err *e);

#endif
