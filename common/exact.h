/* exact: rational numbers over arbitrary-precision integers (libcrypto's
 * BIGNUM) for or-bench's statistics and paired verdict (sandbox.md sections
 * 7 and 8): metric values read from their decimal text, sums, products,
 * quotients, comparisons, floor and half-even rounding to a number of
 * fractional digits.  No binary floating point anywhere.
 * Ownership: a struct rat owns its two integers; rat_init before use and
 * rat_free after; functions returning char * give malloc'd strings.
 * Out of memory ends the program (exit 3), as json_object does. */
#ifndef OR_EXACT_H
#define OR_EXACT_H

#include <stddef.h>

#include <openssl/bn.h>

#include "util.h"

struct rat {
	BIGNUM *num;
	BIGNUM *den;	/* always > 0; the fraction is not kept reduced */
};

void rat_init(struct rat *r);
void rat_free(struct rat *r);
void rat_copy(struct rat *r, const struct rat *a);
/* A metric value (hashes.md 6.1 grammar); errors dec.syntax, dec.range. */
int rat_from_dec(struct rat *r, const char *s, size_t n, struct or_err *e);
void rat_from_long(struct rat *r, long v);
/* A decimal integer of any length ("-123"); -1 (dec.syntax) if not. */
int rat_from_int(struct rat *r, const char *s, struct or_err *e);
/* r = a op b; r may alias a or b.  rat_div needs b != 0. */
void rat_add(struct rat *r, const struct rat *a, const struct rat *b);
void rat_sub(struct rat *r, const struct rat *a, const struct rat *b);
void rat_mul(struct rat *r, const struct rat *a, const struct rat *b);
void rat_div(struct rat *r, const struct rat *a, const struct rat *b);
void rat_abs(struct rat *r, const struct rat *a);
int rat_cmp(const struct rat *a, const struct rat *b);
int rat_sign(const struct rat *a);	/* -1, 0 or 1 */
/* Decimal string of floor(a). */
char *rat_floor_str(const struct rat *a);
/* a rounded half to even to k fractional digits, canonical form (no
 * trailing zeros, no "-0"). */
char *rat_round_str(const struct rat *a, unsigned k);
/* The exact decimal form when a has one (its reduced denominator is
 * 2^i 5^j), else NULL. */
char *rat_dec_str(const struct rat *a);
/* A metric as extract gives it: a decimal value, or an exact fraction
 * "N/D" (decimal integers, D > 0). */
int rat_from_metric(struct rat *r, const char *s, size_t n, struct or_err *e);
/* The decimal form when there is one, else "N/D" in lowest terms. */
char *rat_metric_str(const struct rat *a);
/* Nearest binary64, for reporting only. */
double rat_double(const struct rat *a);

/* Sorting helper: qsort comparator over an array of struct rat. */
int rat_qsort_cmp(const void *a, const void *b);

#endif
