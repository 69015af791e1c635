/* u256: the ABI word (32 big-endian bytes) and its strict decimal and hex
 * text, unsigned and two's-complement, at the edges of the range. */
#include "tap.h"
#include "u256.h"

#define MAX_DEC "115792089237316195423570985008687907853269984665640564039457584007913129639935"
#define MIN_I256 "-57896044618658097711785492504343953926634992332820282019728792003956564819968"
#define MAX_I256 "57896044618658097711785492504343953926634992332820282019728792003956564819967"

int
main(void)
{
	uint8_t w[32], v[32];
	char s[U256_DEC_MAX];

	ok(u256_from_dec(MAX_DEC, strlen(MAX_DEC), w) == 0, "2^256-1 parses");
	u256_to_dec(w, s);
	is_str(s, MAX_DEC, "2^256-1 round trip");
	ok(w[0] == 0xff && w[31] == 0xff && u256_bitlen(w) == 256, "all ones");
	ok(u256_from_dec("115792089237316195423570985008687907853269984665640564039457584007913129639936",
	    78, w) == -2, "2^256 is out of range");
	ok(u256_from_dec("1000000000000000000000000000000000000000000000000000000000000000000000000000000",
	    79, w) == -2, "79 digits are out of range");
	ok(u256_from_dec("", 0, w) == -1 && u256_from_dec("-1", 2, w) == -1 &&
	    u256_from_dec("1 ", 2, w) == -1 && u256_from_dec("0x1", 3, w) == -1,
	    "decimal refuses empty, signs, blanks, hex");
	ok(u256_from_dec("000123", 6, w) == 0 && w[31] == 123 && w[30] == 0,
	    "leading zeros are fine on input");
	u256_to_dec(w, s);
	is_str(s, "123", "and gone on output");
	ok(u256_from_dec("0", 1, w) == 0 && u256_is_zero(w) && u256_bitlen(w) == 0,
	    "zero");
	u256_to_dec(w, s);
	is_str(s, "0", "zero prints 0");
	ok(u256_from_hex("ff", 2, w) == 0 && w[31] == 0xff && u256_bitlen(w) == 8,
	    "hex ff");
	ok(u256_from_hex("1" "0000000000000000000000000000000000000000000000000000000000000000",
	    65, w) == -2, "hex 2^256 out of range");
	ok(u256_from_hex("0000000000000000000000000000000000000000000000000000000000000000001",
	    67, w) == 0 && w[31] == 1, "leading zero hex digits past 64 are fine");
	ok(u256_from_hex("fg", 2, w) == -1 && u256_from_hex("", 0, w) == -1,
	    "hex refuses non-digits and empty");
	u256_from_u64(1000000000000000000ull, w);
	u256_to_dec(w, s);
	is_str(s, "1000000000000000000", "from_u64: 1 ether in wei");
	/* signed view */
	u256_from_u64(1, w);
	u256_neg(w);
	ok(w[0] == 0xff && w[31] == 0xff, "-1 is all ones");
	u256_to_dec_signed(w, s);
	is_str(s, "-1", "-1 prints signed");
	u256_to_dec(w, s);
	is_str(s, MAX_DEC, "and as unsigned it is 2^256-1");
	memset(v, 0, 32);
	v[0] = 0x80;
	u256_to_dec_signed(v, s);
	is_str(s, MIN_I256, "int256 min");
	memcpy(w, v, 32);
	u256_neg(w);
	ok(memcmp(w, v, 32) == 0, "negating int256 min gives itself");
	memset(v, 0xff, 32);
	v[0] = 0x7f;
	u256_to_dec_signed(v, s);
	is_str(s, MAX_I256, "int256 max");
	u256_from_u64(0, w);
	u256_neg(w);
	ok(u256_is_zero(w), "-0 is 0");
	return done_testing();
}
