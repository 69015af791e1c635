/* json: a strict RFC 8259 parser and a compact printer over cJSON trees.
 * cJSON is the value type; parsing and printing are ours because the JSON-lines
 * contract needs what cJSON's own parser cannot give: duplicate-key and UTF-8
 * errors, numbers kept as their exact source text (cJSON_Raw nodes), and
 * strings that may hold U+0000 (length in valueint, flag JSON_BINSTR).
 * Ownership: json_parse returns a tree the caller frees with cJSON_Delete;
 * json_set_* take ownership of the item they are given; getters borrow.
 * Never cJSON_Duplicate a tree that came from json_parse: use json_dup. */
#ifndef OR_JSON_H
#define OR_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "util.h"

#define JSON_BINSTR (1 << 12)	/* valuestring holds valueint bytes */
#define JSON_MAX_DEPTH 256
/* 2^53-1, the largest integer a JSON number carries exactly (binary64):
 * a field that can hold more is a decimal string (conventions.md 4). */
#define JSON_MAX_SAFE ((1ull << 53) - 1)

/* Parse one JSON text (no line end).  Errors: json.utf8, json.parse,
 * json.duplicate_key, json.not_object (when want_object). */
cJSON *json_parse(const char *p, size_t n, int want_object, struct or_err *e);
/* Append the compact form of v to b. */
void json_print(struct buf *b, const cJSON *v);
char *json_print_new(const cJSON *v);
/* Append the JSON string for the n bytes at s (escaping only ", \ and
 * U+0000-U+001F, lowercase \u00xx) to b.  Each byte that starts no valid
 * UTF-8 sequence is written as U+FFFD, so the output is always valid JSON. */
void json_print_str(struct buf *b, const char *s, size_t n);
cJSON *json_dup(const cJSON *v);

/* New nodes; out of memory ends the program (exit 3), so none of these
 * returns NULL. */
cJSON *json_object(void);
cJSON *json_array(void);
cJSON *json_bool(int v);
cJSON *json_null(void);
/* Append item (owned from here) to the array arr. */
void json_push(cJSON *arr, cJSON *item);

/* Strings. */
cJSON *json_new_strn(const char *p, size_t n);	/* exact bytes (valid UTF-8) */
cJSON *json_new_str(const char *s);	/* a C string (valid UTF-8) */
cJSON *json_new_lossy(const char *p, size_t n);	/* invalid UTF-8 -> U+FFFD */
const char *json_strval(const cJSON *v, size_t *len);	/* NULL unless string */
int json_utf8_valid(const char *p, size_t n);

/* Numbers: an exact integer (written as its digits) or a double in the
 * shortest form that reads back (reporting statistics). */
cJSON *json_new_int(int64_t v);
cJSON *json_new_uint(uint64_t v);
cJSON *json_new_double(double d);
int json_is_number(const cJSON *v);
/* The source text of a number node ("12", "1.5e3"). */
const char *json_numtext(const cJSON *v, char tmp[64]);

/* Object fields: get borrows; set replaces in place or appends at the end. */
cJSON *json_get(const cJSON *o, const char *key);
/* o.a, o.a.b or o.a.b.c (b, c NULL when unused), NULL when a level is
 * missing or not an object. */
const cJSON *json_at(const cJSON *o, const char *a, const char *b,
    const char *c);
void json_set(cJSON *o, const char *key, cJSON *item);
void json_set_str(cJSON *o, const char *key, const char *s);
void json_set_int(cJSON *o, const char *key, int64_t v);
void json_set_bool(cJSON *o, const char *key, int v);

/* Typed field readers.  Each returns 1 when the field is present and valid,
 * 0 when absent, -1 (e filled, code json.bad_field or json.unsafe_integer)
 * when present with the wrong type. */
int json_field_str(const cJSON *o, const char *key, const char **s,
    size_t *len, struct or_err *e);
/* The integer rule of conventions.md section 4, the one place it is
 * written: an integer value is a JSON integer of magnitude up to 2^53-1, a
 * decimal string (with a leading '-' when signed), or a 0x hex quantity
 * string.  The magnitude goes to mag (a big-endian 256-bit word, see u256.h)
 * and the sign to *neg (never set for zero).  Returns JSON_INT_OK or what
 * was wrong; callers name the error in their own codes. */
enum json_int {
	JSON_INT_OK = 0,
	JSON_INT_TYPE = -1,	/* neither a number nor a string */
	JSON_INT_UNSAFE = -2,	/* a number with a fraction, an exponent, a
				 * magnitude above 2^53-1, or a sign where
				 * !is_signed */
	JSON_INT_SYNTAX = -3,	/* a string that is no integer */
	JSON_INT_RANGE = -4	/* a string of 2^256 or more */
};
enum json_int json_int_read(const cJSON *v, int is_signed, uint8_t mag[32],
    int *neg);
/* Fill e for a failure r of json_int_read in the json.* codes:
 * json.unsafe_integer, or json.bad_field; what names the value.  -1. */
int json_int_error(enum json_int r, const char *what, struct or_err *e);
/* The string forms alone, on n bytes of text. */
enum json_int json_int_text(const char *s, size_t n, int is_signed,
    uint8_t mag[32], int *neg);
/* The rule for a uint64 at most max.  Errors: json.unsafe_integer,
 * json.bad_field. */
int json_field_u64(const cJSON *o, const char *key, uint64_t max,
    uint64_t *out, struct or_err *e);
int json_field_bool(const cJSON *o, const char *key, int *out,
    struct or_err *e);
/* Same rule on a value rather than a field; what names it in errors. */
int json_value_u64(const cJSON *v, const char *what, uint64_t max,
    uint64_t *out, struct or_err *e);

#endif
