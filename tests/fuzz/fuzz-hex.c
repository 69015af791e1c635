/* fuzz-hex: 0x hex input (conventions.md section 4) from any bytes.  What
 * decodes re-encodes to the same digits in lower case; an address decodes
 * only from 40 digits, and a mixed-case one only with its EIP-55 checksum. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "hex.h"

int LLVMFuzzerTestOneInput(const uint8_t *p, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct or_err e;
	uint8_t *out = NULL, addr[20];
	size_t len, i;
	char *s = malloc(n + 1), *again;

	if (s == NULL)
		return 0;
	memcpy(s, p, n);
	s[n] = '\0';
	if (hex_decode(s, n, &out, &len, "fuzz", &e) == 0) {
		if (n != 2 + 2 * len)
			abort();
		again = hex_encode_new(out, len);
		for (i = 2; i < n; i++)
			if (tolower((unsigned char)s[i]) != again[i])
				abort();
		free(again);
	}
	free(out);
	if (strlen(s) == n && address_decode(s, addr, "fuzz", &e) == 0) {
		char check[43];
		int up = 0, low = 0;

		if (n != 42)
			abort();
		address_checksum(check, addr);
		for (i = 2; i < n; i++) {
			up |= isupper((unsigned char)s[i]) != 0;
			low |= islower((unsigned char)s[i]) != 0;
		}
		/* mixed case must be exactly the checksum form; one case is
		 * accepted as it is */
		if (up && low && strcmp(s + 2, check + 2) != 0)
			abort();
	}
	free(s);
	return 0;
}
