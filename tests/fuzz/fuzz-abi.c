/* fuzz-abi: a libFuzzer target for the ABI parser and strict decoder.
 * The input is "TYPES\nDATA": the type list is parsed, DATA is decoded,
 * and whatever decodes must encode back to exactly DATA (the decoder
 * accepts only the canonical encoding, so decode is the inverse of
 * encode).  Built by `make fuzz` (and by make check, which runs it for a few
 * seconds on tests/fuzz/corpus/abi).
 */
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	const uint8_t *nl = memchr(p, '\n', n < 256 ? n : 256);
	struct abi_type *t;
	struct or_err e;
	struct buf out = { 0 };
	cJSON *v;
	size_t tn;
	int lossy;

	if (nl == NULL)
		return 0;
	tn = (size_t)(nl - p);
	if ((t = abi_params_parse((const char *)p, tn, &e)) == NULL)
		return 0;
	v = abi_decode(t, nl + 1, n - tn - 1, &e);
	abi_type_canon(t, &out);
	/* strings with invalid UTF-8 decode to U+FFFD: no round trip */
	lossy = strstr(out.p, "string") != NULL;
	out.len = 0;
	if (v != NULL && !lossy) {
		if (abi_encode(t, v, &out, "decoded", &e) < 0 ||
		    out.len != n - tn - 1 ||
		    memcmp(out.p, nl + 1, out.len) != 0)
			abort();	/* decode and encode disagree */
	}
	cJSON_Delete(v);
	buf_free(&out);
	abi_type_free(t);
	return 0;
}
