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

/* The one layout of these values (u256.h's words are big-endian bytes). */
struct quantity {
	uint64_t w[4];	/* little-endian 64-bit limbs */
};

#define QUANTITY_DEC_MAX 80	/* room for 78 digits and a NUL */
#define QUANTITY_HEX_MAX 68	/* "0x", 64 digits, NUL */

void quantity_set_u64(struct quantity *v, uint64_t x);
/* Return 0, or -1 when the value does not fit (or the text is invalid). */
int quantity_get_u64(const struct quantity *v, uint64_t *out);
/* "0x" and 1-64 digits */
int quantity_parse_hex(const char *s, size_t n, struct quantity *out);
/* 1-78 digits */
int quantity_parse_dec(const char *s, size_t n, struct quantity *out);
/* A NUL-terminated quantity_parse_wei (the ETH_GAS_PRICE format). */
int quantity_parse_price(const char *s, struct quantity *out);
/* The decimals of an ether unit name (wei, kwei, mwei, gwei, szabo, twei,
 * finney, pwei, ether, eth; any case), or -1. */
int quantity_unit(const char *s, size_t n);
/* "D" or "D.F" times 10^decimals, exact: -1 when a nonzero fraction digit
 * falls below one unit of the result, or on overflow. */
int quantity_parse_units(const char *s, size_t n, unsigned decimals,
    struct quantity *out);
/* A wei amount as conventions.md section 3 reads it: decimal wei, a 0x
 * quantity, or a number with a unit suffix ("1ether", "1.5gwei",
 * "100wei"), exact in wei. */
int quantity_parse_wei(const char *s, size_t n, struct quantity *out);
/* v / 10^decimals, exact and minimal ("1.5", "0.000000001", "2"). */
void quantity_format_units(const struct quantity *v, unsigned decimals,
    char out[QUANTITY_DEC_MAX + 2]);
int quantity_add(const struct quantity *a, const struct quantity *b,
    struct quantity *out);
int quantity_mul_u64(const struct quantity *a, uint64_t m,
    struct quantity *out);
/* out = a / d (d > 0); returns the remainder. */
uint64_t quantity_div_u64(const struct quantity *a, uint64_t d,
    struct quantity *out);
int quantity_cmp(const struct quantity *a, const struct quantity *b);
int quantity_is_zero(const struct quantity *a);
void quantity_to_dec(const struct quantity *v, char out[QUANTITY_DEC_MAX]);
/* minimal: "0x0", "0x1a" */
void quantity_to_hex(const struct quantity *v, char out[QUANTITY_HEX_MAX]);

/* The integer rule of conventions.md section 4 for uint256 values: a JSON
 * integer up to 2^53-1, a decimal string or a 0x hex quantity.  Errors:
 * json.unsafe_integer, json.bad_field (what names the field). */
int quantity_from_json(const cJSON *v, const char *what, struct quantity *out,
    struct or_err *e);
/* 1 when v is a string ending in a unit name ("1.5gwei"), not a 0x hex
 * quantity: the form quantity_wei_from_json reads as units. */
int quantity_has_unit(const cJSON *v);
/* The same, plus a string with a unit suffix: a wei amount (value, fees,
 * stakes).  Errors: json.bad_field naming what, json.unsafe_integer. */
int quantity_wei_from_json(const cJSON *v, const char *what,
    struct quantity *out, struct or_err *e);

#endif
