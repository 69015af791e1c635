/* fuzz-extract: a libFuzzer target for the metric extractors.  The input
 * is "SPEC\nSTREAM": SPEC is an extract object, STREAM the bytes it reads.
 * A value found must be a canonical metric value, or for a pass rate a
 * fraction N/D, and must scale to a score.  Built by `make fuzz` (and by
 * make check, which runs it for a few seconds on tests/fuzz/corpus/extract).
 */
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

/* -?D(.D)? with no leading zero (but "0"), no trailing fraction zero,
 * and no "-0": what decimal_normalize writes. */
static int
plain_canonical(const char *s)
{
	size_t i = s[0] == '-', d = strspn(s + i, "0123456789"), f;

	if (d == 0 || (d > 1 && s[i] == '0'))
		return 0;
	if (s[i + d] == '\0')
		return !(i == 1 && strcmp(s, "-0") == 0);
	if (s[i + d] != '.')
		return 0;
	f = strspn(s + i + d + 1, "0123456789");
	return f > 0 && s[i + d + 1 + f] == '\0' && s[i + d + f] != '0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	const uint8_t *nl = memchr(p, '\n', n < 1024 ? n : 1024);
	struct or_err e;
	char *value = NULL, *canon, out[DEC_MAX];
	size_t matches = 0;
	cJSON *spec;

	if (nl == NULL)
		return 0;
	spec = json_parse((const char *)p, (size_t)(nl - p), 1, &e);
	if (spec == NULL)
		return 0;
	if (extract_metric(spec, (const char *)nl + 1, n - (size_t)(nl - p) - 1,
	    &value, &matches, &e) == 0) {
		if (value == NULL || matches == 0)
			abort();
		if (strchr(value, '/') == NULL) {
			if (!plain_canonical(value))
				abort();
			/* the grammar reads at most 256 bytes; a longer plain
			 * decimal (a sum of junit times) is taken as it is */
			if (strlen(value) <= 256) {
				canon = decimal_normalize(value, strlen(value),
				    &e);
				if (canon == NULL || strcmp(canon, value) != 0)
					abort();	/* not canonical */
				free(canon);
			}
		} else if (extract_score(value, "1000000", 0, out, &e) < 0) {
			abort();	/* a fraction that does not scale */
		}
	}
	free(value);
	cJSON_Delete(spec);
	return 0;
}
