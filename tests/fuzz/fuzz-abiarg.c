/* fuzz-abiarg: a libFuzzer target for ABI operands read by their type
 * (common/abiarg.c).  The input is "TYPE\nTEXT": TEXT is read as an operand
 * of TYPE.  Beyond never crashing, the parity of conventions.md section 3
 * must hold: whatever value comes out, once printed as the JSON of a record
 * and parsed back, encodes to the same bytes (or fails the same way).
 * Built by `make fuzz`; make check runs it for a few seconds on
 * tests/fuzz/corpus/abiarg.
 */
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "abiarg.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	const uint8_t *nl = memchr(p, '\n', n < 256 ? n : 256);
	struct abi_type *t;
	struct or_err e;
	struct buf a = { 0 }, b = { 0 }, text = { 0 };
	cJSON *v, *back;
	char *s;
	int ra, rb;

	if (nl == NULL)
		return 0;
	if ((t = abi_type_parse((const char *)p, (size_t)(nl - p), &e)) ==
	    NULL)
		return 0;
	/* an operand is a C string: stop at a NUL */
	s = strndup((const char *)nl + 1, n - (size_t)(nl - p) - 1);
	if (s == NULL)
		abort();
	v = abiarg_value(t, s, "args[0]", &e);
	if (v != NULL) {
		ra = abi_encode(t, v, &a, "args", &e);
		json_print(&text, v);
		back = json_parse(text.p, text.len, 0, &e);
		if (back == NULL)
			abort();	/* the stream form must read back */
		rb = abi_encode(t, back, &b, "args", &e);
		if (ra != rb || (ra == 0 && (a.len != b.len ||
		    memcmp(a.p, b.p, a.len) != 0)))
			abort();	/* operand and record disagree */
		cJSON_Delete(back);
	}
	cJSON_Delete(v);
	buf_free(&a);
	buf_free(&b);
	buf_free(&text);
	free(s);
	abi_type_free(t);
	return 0;
}
