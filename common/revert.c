/* revert: Error(string) and Panic(uint256) payloads (see revert.h). */
#include <string.h>

#include "quantity.h"
#include "revert.h"
#include "banned.h"

/* Big-endian 32-byte word at p as a size, or SIZE_MAX when it is larger
 * than any payload could be. */
static size_t
word_size(const uint8_t *p)
{
	size_t i, v = 0;

	for (i = 0; i < 24; i++)
		if (p[i] != 0)
			return SIZE_MAX;
	for (i = 24; i < 32; i++)
		v = v << 8 | p[i];
	return v > (SIZE_MAX >> 2) ? SIZE_MAX : v;
}

cJSON *
revert_decode(const uint8_t *p, size_t n, const char **sig)
{
	static const uint8_t err_sel[4] = { 0x08, 0xc3, 0x79, 0xa0 };
	static const uint8_t panic_sel[4] = { 0x4e, 0x48, 0x7b, 0x71 };
	cJSON *o;
	size_t off, len;

	if (n == 36 && memcmp(p, panic_sel, 4) == 0) {
		struct u256 v;
		char dec[Q_DEC_MAX];
		int i;

		for (i = 0; i < 4; i++) {
			const uint8_t *w = p + 4 + 32 - 8 * (i + 1);
			int k;

			v.w[i] = 0;
			for (k = 0; k < 8; k++)
				v.w[i] = v.w[i] << 8 | w[k];
		}
		q_to_dec(&v, dec);
		if ((o = cJSON_CreateObject()) == NULL)
			die_oom();
		json_set_str(o, "0", dec);
		*sig = "Panic(uint256)";
		return o;
	}
	if (n < 4 + 64 || memcmp(p, err_sel, 4) != 0)
		return NULL;
	p += 4;
	n -= 4;
	off = word_size(p);
	if (off == SIZE_MAX || off > n - 32 || off % 32 != 0)
		return NULL;
	len = word_size(p + off);
	if (len == SIZE_MAX || len > n - off - 32)
		return NULL;
	if ((o = cJSON_CreateObject()) == NULL)
		die_oom();
	json_set(o, "0", json_new_lossy((const char *)p + off + 32, len));
	*sig = "Error(string)";
	return o;
}
