/* hex: the 0x input rules of conventions.md section 4 (prefix required, even
 * length, any case, fixed widths, EIP-55 for mixed-case addresses) and
 * lower-case output.  The EIP-55 cases are the EIP's own examples. */
#include <ctype.h>

#include "tap.h"
#include "address.h"
#include "hex.h"

static const char *const eip55[] = {
	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
	"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
	"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
};

static int
code_is(const struct or_err *e, const char *want)
{
	return strcmp(e->code, want) == 0;
}

int
main(void)
{
	struct or_err e;
	uint8_t *out, addr[20], fixed[4];
	size_t n, i;
	char s[128], *t;

	ok(hex_decode("0x", 2, &out, &n, "x", &e) == 0 && n == 0, "0x is empty");
	free(out);
	ok(hex_decode("0x00fFaB", 8, &out, &n, "x", &e) == 0 && n == 3 &&
	    out[0] == 0 && out[1] == 0xff && out[2] == 0xab, "any case decodes");
	t = hex_encode_new(out, n);
	is_str(t, "0x00ffab", "output is lower case with 0x");
	free(t);
	free(out);
	out = NULL;
	ok(hex_decode("0X00", 4, &out, &n, "x", &e) < 0 && out == NULL,
	    "0X is no prefix: the prefix is 0x");
	ok(hex_decode("00ff", 4, &out, &n, "x", &e) < 0 &&
	    code_is(&e, "hex.no_prefix"), "a missing prefix: hex.no_prefix");
	ok(hex_decode("0xabc", 5, &out, &n, "x", &e) < 0, "odd length refused");
	ok(hex_decode("0xzz", 4, &out, &n, "x", &e) < 0, "non-digit refused");
	ok(hex_decode("0x0x00", 6, &out, &n, "x", &e) < 0, "0x0x refused");
	ok(hex_decode_fixed("0x01020304", fixed, 4, "x", &e) == 0 &&
	    fixed[3] == 4, "fixed width");
	ok(hex_decode_fixed("0x010203", fixed, 4, "x", &e) < 0,
	    "fixed width: too short refused");
	ok(hex_decode_fixed("0x0102030405", fixed, 4, "x", &e) < 0,
	    "fixed width: too long refused");
	for (i = 0; i < sizeof(eip55) / sizeof(eip55[0]); i++) {
		ok(address_decode(eip55[i], addr, "a", &e) == 0,
		    "EIP-55 example %zu accepted", i);
		address_checksum(s, addr);
		is_str(s, eip55[i], "EIP-55 example %zu reproduced", i);
		/* one letter's case flipped breaks the checksum */
		snprintf(s, sizeof(s), "%s", eip55[i]);
		for (n = 2; s[n] >= '0' && s[n] <= '9'; n++)
			;
		s[n] ^= 0x20;
		ok(address_decode(s, addr, "a", &e) < 0 &&
		    code_is(&e, "hex.bad_checksum"),
		    "EIP-55 example %zu with one case flipped: hex.bad_checksum", i);
		/* all lower and all upper case carry no checksum */
		for (n = 2; s[n] != '\0'; n++)
			s[n] = (char)tolower((unsigned char)s[n]);
		ok(address_decode(s, addr, "a", &e) == 0, "lower case %zu", i);
		for (n = 2; s[n] != '\0'; n++)
			s[n] = (char)toupper((unsigned char)s[n]);
		ok(address_decode(s, addr, "a", &e) == 0, "upper case %zu", i);
	}
	ok(address_decode("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", addr,
	    "a", &e) < 0, "a 19-byte address refused");
	ok(hex_digit('a') == 10 && hex_digit('F') == 15 && hex_digit('0') == 0 &&
	    hex_digit('g') == -1 && hex_digit('x') == -1, "hex_digit");
	return done_testing();
}
