/* fuzz-extract: the metric extractors of protocol.md 4.6 on any stream.
 * The first byte picks the extractor (regex, json_pointer on lines or on a
 * file, junit, pytest_summary); the rest is the stream.  A value found is
 * a metric (a decimal or an exact fraction that reads back) with at least
 * one match, and no input crashes or leaks. */
#include <stdlib.h>
#include <string.h>

#include "exact.h"
#include "extract.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

static const char *const specs[] = {
	"{\"kind\":\"regex\",\"pattern\":\"^score: (\\\\S+)$\"}",
	"{\"kind\":\"json_pointer\",\"jsonPointer\":\"/a/0/b~1c\"}",
	"{\"kind\":\"json_pointer\",\"jsonPointer\":\"/m\",\"path\":\"r\"}",
	"{\"kind\":\"junit\",\"path\":\"r.xml\"}",
	"{\"kind\":\"junit\",\"path\":\"r.xml\",\"field\":\"seconds\"}",
	"{\"kind\":\"pytest_summary\"}",
	"{\"kind\":\"pytest_summary\",\"field\":\"tests\"}",
	"{\"kind\":\"regex\",\"pattern\":\"([0-9.eE+-]+)\\\\s*$\"}",
};

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	const char *spec;
	struct or_err e;
	struct rat r;
	cJSON *x;
	char *v;
	size_t m;

	if (n < 1)
		return 0;
	spec = specs[p[0] % (sizeof(specs) / sizeof(specs[0]))];
	if ((x = json_parse(spec, strlen(spec), 1, &e)) == NULL)
		abort();
	if (extract_metric(x, (const char *)p + 1, n - 1, &v, &m, &e) == 0) {
		rat_init(&r);
		if (m < 1 || rat_from_metric(&r, v, strlen(v), &e) < 0)
			abort();
		rat_free(&r);
		free(v);
	}
	cJSON_Delete(x);
	return 0;
}
