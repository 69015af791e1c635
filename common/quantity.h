/* quantity: unsigned 256-bit integers for wei amounts and fees, converted
 * between JSON-RPC hex quantities ("0x1a"), decimal strings and the ETH_*
 * price format (decimal wei, or a decimal with the suffix "gwei").
 * Ownership: values live in caller storage; nothing is allocated. */
#ifndef OR_QUANTITY_H
#define OR_QUANTITY_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "util.h"

struct u256 {
	uint64_t w[4];	/* little-endian 64-bit limbs */
};

#define Q_DEC_MAX 80	/* room for 78 digits and a NUL */
#define Q_HEX_MAX 68	/* "0x", 64 digits, NUL */

void q_set_u64(struct u256 *v, uint64_t x);
/* Return 0, or -1 when the value does not fit (or the text is invalid). */
int q_get_u64(const struct u256 *v, uint64_t *out);
int q_parse_hex(const char *s, size_t n, struct u256 *out); /* "0x" 1-64 digits */
int q_parse_dec(const char *s, size_t n, struct u256 *out); /* 1-78 digits */
/* "1000", or "1.5gwei" converted exactly (at most 9 decimals). */
int q_parse_price(const char *s, struct u256 *out);
int q_add(const struct u256 *a, const struct u256 *b, struct u256 *out);
int q_mul_u64(const struct u256 *a, uint64_t m, struct u256 *out);
/* out = a / d (d > 0); returns the remainder. */
uint64_t q_div_u64(const struct u256 *a, uint64_t d, struct u256 *out);
int q_cmp(const struct u256 *a, const struct u256 *b);
int q_is_zero(const struct u256 *a);
void q_to_dec(const struct u256 *v, char out[Q_DEC_MAX]);
void q_to_hex(const struct u256 *v, char out[Q_HEX_MAX]);	/* minimal, "0x0" */

/* The integer rule of conventions.md section 4 for uint256 values: a JSON
 * integer up to 2^53-1, a decimal string or a 0x hex quantity.  Errors:
 * json.unsafe_integer, json.bad_field (what names the field). */
int q_from_json(const cJSON *v, const char *what, struct u256 *out,
    struct or_err *e);

#endif
