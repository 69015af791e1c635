/* uint256: 256-bit integers as 32 big-endian bytes, parsed from the integer
 * forms of conventions.md section 4 (a JSON integer up to 2^53-1, a decimal
 * string, or a 0x hex quantity) and printed as decimal strings.  Signed
 * values (EIP-712 intN) are two's complement in the same 32 bytes.
 * Ownership: callers own every buffer; nothing is allocated. */
#ifndef OR_UINT256_H
#define OR_UINT256_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "util.h"

/* Parse a decimal ("123") or 0x hex ("0x7b") string of n bytes, at most
 * bits wide (8..256).  With is_signed, a leading '-' is allowed on decimal
 * strings and the value must fit intN.  Errors: int.invalid, int.too_large. */
int u256_parse(const char *s, size_t n, int bits, int is_signed,
    uint8_t out[32], const char *what, struct or_err *e);
/* The same for a JSON value: a number node (safe integer only, else
 * json.unsafe_integer) or a string; anything else is json.bad_field. */
int u256_from_json(const cJSON *v, int bits, int is_signed, uint8_t out[32],
    const char *what, struct or_err *e);
/* Decimal text of an unsigned value; dst holds at least 79 bytes. */
void u256_to_dec(const uint8_t v[32], char *dst);
/* Number of significant bytes (0 for zero). */
size_t u256_len(const uint8_t v[32]);

#endif
