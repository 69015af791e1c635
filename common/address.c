/* address: 20-byte Ethereum addresses and their EIP-55 form (address.h). */
#include <string.h>

#include "address.h"
#include "hex.h"
#include "keccak.h"
#include "banned.h"

int
address_decode(const char *s, uint8_t out[20], const char *what,
    struct or_err *e)
{
	char want[43];
	int upper = 0, lower = 0;
	size_t i;

	if (hex_decode_fixed(s, out, 20, what, e) < 0) {
		if (strcmp(e->code, "hex.bad_length") == 0)
			return or_error(e, "hex.bad_address",
			    "'%s' is not a 20-byte address", what);
		return -1;
	}
	for (i = 2; i < 42; i++) {
		upper |= s[i] >= 'A' && s[i] <= 'F';
		lower |= s[i] >= 'a' && s[i] <= 'f';
	}
	if (upper && lower) {
		address_checksum(want, out);
		if (strcmp(want, s) != 0)
			return or_error(e, "hex.bad_checksum",
			    "bad EIP-55 checksum in '%s'", what);
	}
	return 0;
}

void
address_checksum(char *dst, const uint8_t addr[20])
{
	uint8_t h[32];
	int i;

	hex_encode(dst, addr, 20);
	keccak256((const uint8_t *)dst + 2, 40, h);
	for (i = 0; i < 40; i++) {
		int nib = (h[i / 2] >> (i % 2 ? 0 : 4)) & 15;
		char *c = &dst[2 + i];

		if (*c >= 'a' && nib >= 8)
			*c = (char)(*c - 'a' + 'A');
	}
}
