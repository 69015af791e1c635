/* u256: 256-bit unsigned integers as 32 big-endian bytes (the ABI word),
 * with strict decimal and hex text conversion for uint256/int256 values.
 * Ownership: no allocation; every function works on caller buffers. */
#ifndef OR_U256_H
#define OR_U256_H

#include <stddef.h>
#include <stdint.h>

#define U256_DEC_MAX 79	/* 78 digits of 2^256-1, a sign, NUL */

/* Decimal digits only (no sign, no blanks, at least one digit) into a
 * big-endian word.  Returns 0, -1 for a non-digit, -2 when >= 2^256. */
int u256_from_dec(const char *s, size_t n, uint8_t out[32]);
/* Hex digits only (no 0x prefix, at least one digit), same returns. */
int u256_from_hex(const char *s, size_t n, uint8_t out[32]);
/* Decimal text of an unsigned word: dst holds U256_DEC_MAX bytes. */
void u256_to_dec(const uint8_t v[32], char *dst);
/* Decimal text of a two's-complement int256 word (sign when negative). */
void u256_to_dec_signed(const uint8_t v[32], char *dst);
/* Two's complement negation in place. */
void u256_neg(uint8_t v[32]);
/* Number of significant bits (0 for zero). */
unsigned u256_bitlen(const uint8_t v[32]);
int u256_is_zero(const uint8_t v[32]);
/* The word holding a small value. */
void u256_from_u64(uint64_t x, uint8_t out[32]);

#endif
