/* fuzz-rlp: RLP items and signed transactions decoded from any bytes.
 * Whatever tx_decode accepts must encode back to exactly the same bytes:
 * the decoder is strict, so decode is the inverse of encode. */
#include <stdlib.h>
#include <string.h>

#include "rlp.h"
#include "tx.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct rlp_item it, items[32];
	struct or_err e;
	struct tx t;
	struct buf raw = { 0 };
	size_t count;

	if (rlp_decode(p, n, &it, &e) == 0 && it.list)
		(void)rlp_list(&it, items, 32, &count, &e);
	memset(&t, 0, sizeof(t));
	if (tx_decode(p, n, &t, &e) == 0) {
		cJSON *j;

		tx_encode_signed(&t, &raw);
		if (raw.len != n || memcmp(raw.p, p, n) != 0)
			abort();	/* accepted bytes that are not canonical */
		j = tx_to_json(&t);
		cJSON_Delete(j);
	}
	tx_free(&t);
	buf_free(&raw);
	return 0;
}
