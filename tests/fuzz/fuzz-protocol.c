/* fuzz-protocol: a libFuzzer target for protocol.json handling.  The input
 * is a JSON text: when it parses, check must run to the end (every problem
 * reported, none crashing), and the normalised bytes must be a fixed point:
 * printing what fmt printed, parsed again, gives the same bytes.  The
 * scaffold of a draft and program.md must build too.  Built by `make fuzz`
 * (and by make check, which runs it for a few seconds on
 * tests/fuzz/corpus/protocol).
 */
#include <stdlib.h>
#include <string.h>

#include "protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

static void
report(void *arg, int warning, const char *field, const char *code,
    const char *msg)
{
	size_t *count = arg;

	if (field == NULL || code == NULL || msg == NULL || (field[0] != '\0' &&
	    field[0] != '/'))
		abort();	/* every problem names a JSON pointer */
	(*count)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct protocol_check c = { 0 };
	struct or_err e;
	struct buf a = { 0 }, b = { 0 };
	cJSON *doc, *again, *sk;
	size_t count = 0;

	if ((doc = json_parse((const char *)p, n, 1, &e)) == NULL)
		return 0;
	c.report = report;
	c.arg = &count;
	c.eligible = 1;
	if (protocol_check(doc, &c, &e) < 0 || count != c.errors + c.warnings)
		abort();
	protocol_render(doc, &a);
	a.len = 0;
	if ((sk = protocol_scaffold(doc, &e)) != NULL)
		cJSON_Delete(sk);
	if (protocol_normalize(doc, &e) == 0) {
		protocol_print(doc, &a);
		again = json_parse(a.p, a.len - 1, 1, &e);
		if (again == NULL || protocol_normalize(again, &e) < 0)
			abort();	/* fmt wrote what it cannot read */
		protocol_print(again, &b);
		if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0)
			abort();	/* fmt is not idempotent */
		cJSON_Delete(again);
	}
	buf_free(&a);
	buf_free(&b);
	cJSON_Delete(doc);
	return 0;
}
