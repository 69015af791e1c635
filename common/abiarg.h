/* abiarg: ABI argument operands read by the type they fill, as cast reads
 * them (conventions.md section 3): an integer takes decimal or 0x text of
 * any size (or a unit such as 1ether), string the text as it is, bool
 * true/false, address and bytes 0x hex, arrays and tuples a bracketed list
 * ("[1,2]", "(1,x)") or JSON.  Any value may also be written as a JSON
 * string ("\"a b\""), read as its content.  The result is the value in its
 * stream form (section 4), so the record built from operands encodes to the
 * same bytes as the equivalent record piped in.  Used by or-abi encode and
 * by any tool that takes call arguments on its command line.
 * Ownership: the returned trees belong to the caller (cJSON_Delete); type
 * and text are borrowed. */
#ifndef OR_ABIARG_H
#define OR_ABIARG_H

#include <stddef.h>

#include "abi.h"
#include "json.h"
#include "util.h"

/* One operand of type t; what names it in messages ("args[0]").  NULL
 * with e (abi.bad_array, abi.bad_tuple) when a list is malformed; any
 * other bad value is left for the encoder to name precisely. */
cJSON *abiarg_value(const struct abi_type *t, const char *text,
    const char *what, struct or_err *e);
/* The operands argv[0..n) as the argument list of the tuple params: a JSON
 * array.  Operands beyond the parameters stay strings, so the encoder
 * reports the count (abi.arg_count). */
cJSON *abiarg_list(const struct abi_type *params, char *const *argv,
    size_t n, struct or_err *e);

#endif
