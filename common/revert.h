/* revert: the two standard Solidity revert payloads, Error(string) and
 * Panic(uint256), decoded without an ABI (custom errors need the abi module).
 * Ownership: revert_decode returns a new object the caller frees. */
#ifndef OR_REVERT_H
#define OR_REVERT_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

/* When p holds Error(string) or Panic(uint256), return the decoded object
 * ({"0":"reason"} or {"0":"17"}, conventions.md section 4) and set *sig to
 * the canonical signature; otherwise return NULL. */
cJSON *revert_decode(const uint8_t *p, size_t n, const char **sig);

#endif
