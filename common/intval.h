/* intval: integer values of records, in the three forms of conventions.md
 * section 4 (a JSON integer up to 2^53-1, a decimal string, a 0x hex
 * quantity), checked against a width (uintN, or intN with a leading '-'
 * allowed on decimal strings) and stored as a u256 word (two's complement
 * when negative).  Errors name the field: int.invalid, int.too_large,
 * json.unsafe_integer, json.bad_field.
 * Ownership: callers own every buffer; nothing is allocated. */
#ifndef OR_INTVAL_H
#define OR_INTVAL_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "util.h"

/* A decimal or 0x hex string of n bytes, at most bits wide (8..256). */
int intval_parse(const char *s, size_t n, int bits, int is_signed,
    uint8_t out[32], const char *what, struct or_err *e);
/* The same for a JSON value: a number node (a safe integer only) or a
 * string. */
int intval_from_json(const cJSON *v, int bits, int is_signed,
    uint8_t out[32], const char *what, struct or_err *e);

#endif
