/* abiunits: ether amounts converted between units, exactly (or-abi to-wei
 * and from-wei, man/or-abi.1).  A unit is a name (wei, kwei, mwei, gwei,
 * szabo, twei, finney, pwei, ether, eth; any case) or a number of
 * decimals, 0 to 77 (a token's decimals).
 * Ownership: records are borrowed; the fields set on them belong to them. */
#ifndef OR_ABIUNITS_H
#define OR_ABIUNITS_H

#include "json.h"
#include "util.h"

#define ABIUNITS_MAX_DECIMALS 77

/* The decimals of a unit name or number, or -1. */
int abiunits_decimals(const char *s);
/* "amount" (a decimal, maybe with a unit suffix: "1.5", "1.5gwei") in
 * "unit" (else unit, else ether) gives "wei", its decimal string.
 * Errors: abi.missing_field, abi.bad_amount, abi.bad_unit. */
int abiunits_to_wei(cJSON *rec, const char *unit, struct or_err *e);
/* "wei" (a wei amount as conventions.md section 3 reads it: decimal, 0x,
 * or with a unit suffix) gives "amount", its exact decimal in "unit"
 * (else unit, else ether).  Errors: as abiunits_to_wei. */
int abiunits_from_wei(cJSON *rec, const char *unit, struct or_err *e);

#endif
