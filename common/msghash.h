/* msghash: the digests that wallets sign for messages: EIP-191 personal
 * messages ("\x19Ethereum Signed Message:\n" + length + bytes) and EIP-712
 * typed structured data (eth_signTypedData_v4 JSON).
 * Ownership: the caller owns the input tree and the output buffers. */
#ifndef OR_MSGHASH_H
#define OR_MSGHASH_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "util.h"

void msghash_eip191(const uint8_t *msg, size_t n, uint8_t out[32]);
/* Digest keccak256(0x1901 || domainSeparator || hashStruct(message)) of a
 * typed-data object {types, primaryType, domain, message}.  Without an
 * EIP712Domain entry in types, the domain type is made of the domain's
 * fields among name, version, chainId, verifyingContract and salt, in that
 * order; a given EIP712Domain must be exactly that list.  Errors:
 * eip712.bad_format, eip712.bad_domain, eip712.unknown_type,
 * eip712.bad_value, and the int.* and hex.* codes of bad values. */
int msghash_eip712(const cJSON *typed, uint8_t out[32], struct or_err *e);

#endif
