/* decimal: exact metric values and on-chain scores (hashes.md sections 6
 * and 7): the decimal grammar, scaling with round-half-even, orientation,
 * the int256 range, and the improvement rule.  No binary floating point.
 * Ownership: results are written into caller buffers of DEC_MAX bytes. */
#ifndef OR_DECIMAL_H
#define OR_DECIMAL_H

#include <stddef.h>

#include "util.h"

#define DEC_MAX 96	/* an int256 in decimal, sign and NUL included */

/* Check the metric grammar (at most 256 bytes, |exponent| <= 9999). */
int decimal_check(const char *s, size_t n, struct or_err *e);
/* Canonical form: no exponent, no leading zeros, no trailing fractional
 * zeros, no "-0".  out holds n + 10010 bytes at most; returns malloc'd. */
char *decimal_normalize(const char *s, size_t n, struct or_err *e);
/* score = +-round_half_even(value * scale); scale is a power of ten from 1
 * to 10^18 given in decimal. */
int decimal_score(const char *s, size_t n, const char *scale, int minimize,
    char out[DEC_MAX], struct or_err *e);
/* improved iff candidate >= incumbent + max(1, floor(|inc| * bips / 1e4));
 * threshold gets the decimal threshold (possibly 2^255 or beyond). */
int decimal_improved(const char *incumbent, unsigned bips,
    const char *candidate, char threshold[DEC_MAX], int *improved, struct or_err *e);
/* Parse a decimal int256 ("-123"); 0 or -1. */
int decimal_int256_check(const char *s, struct or_err *e);

#endif
