/* fuzz-eip712: typed-data JSON from any bytes hashed as eth_signTypedData_v4
 * would; the same input always gives the same digest. */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "msghash.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct or_err e;
	uint8_t a[32], b[32];
	cJSON *j;

	if ((j = json_parse((const char *)p, n, 1, &e)) == NULL)
		return 0;
	if (msghash_eip712(j, a, &e) == 0) {
		if (msghash_eip712(j, b, &e) != 0 || memcmp(a, b, 32) != 0)
			abort();
	}
	cJSON_Delete(j);
	return 0;
}
