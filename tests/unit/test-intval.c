/* Unit tests for intval: the three integer forms of record fields, bounds
 * and signed widths (printed back through u256). */
#include <string.h>

#include "intval.h"
#include "u256.h"
#include "tap.h"

static const char *MAX =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";

/* Parse then print back; "E:<code>" on error. */
static const char *
rt(const char *s, int bits, int sign)
{
	static char out[U256_DEC_MAX + 16];
	struct or_err e;
	uint8_t v[32];

	if (intval_parse(s, strlen(s), bits, sign, v, "x", &e) < 0) {
		snprintf(out, sizeof(out), "E:%s", e.code);
		return out;
	}
	u256_to_dec(v, out);
	return out;
}

int
main(void)
{
	struct or_err e;
	uint8_t v[32];
	cJSON *j;
	static const char js[] = "{\"a\":9007199254740991,"
	    "\"b\":9007199254740992,\"c\":1.0,\"d\":true,\"e\":\"12\"}";

	is_str(rt("0", 256, 0), "0", "zero");
	is_str(rt("1000", 256, 0), "1000", "decimal");
	is_str(rt("0x3e8", 256, 0), "1000", "hex quantity");
	is_str(rt("0x00003E8", 256, 0), "1000", "hex with leading zeros, upper");
	is_str(rt(MAX, 256, 0), MAX, "2^256-1");
	is_str(rt("115792089237316195423570985008687907853269984665640564039457584007913129639936",
	    256, 0), "E:int.too_large", "2^256");
	is_str(rt("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	    256, 0), MAX, "64 hex digits");
	is_str(rt("0x10000000000000000000000000000000000000000000000000000000000000000",
	    256, 0), "E:int.too_large", "65 hex digits");
	is_str(rt("0x0000000000000000000000000000000000000000000000000000000000000000001",
	    256, 0), "1", "many leading zero hex digits");
	is_str(rt("", 256, 0), "E:int.invalid", "empty");
	is_str(rt("0x", 256, 0), "E:int.invalid", "bare 0x");
	is_str(rt("1.5", 256, 0), "E:int.invalid", "fraction");
	is_str(rt("1e18", 256, 0), "E:int.invalid", "exponent");
	is_str(rt(" 1", 256, 0), "E:int.invalid", "blank");
	is_str(rt("-1", 256, 0), "E:int.invalid", "minus on unsigned");
	is_str(rt("0xg", 256, 0), "E:int.invalid", "bad hex digit");
	is_str(rt("255", 8, 0), "255", "uint8 max");
	is_str(rt("256", 8, 0), "E:int.too_large", "uint8 overflow");
	is_str(rt("127", 8, 1), "127", "int8 max");
	is_str(rt("128", 8, 1), "E:int.too_large", "int8 overflow");
	is_str(rt("-129", 8, 1), "E:int.too_large", "int8 underflow");
	ok(intval_parse("-128", 4, 8, 1, v, "x", &e) == 0 && v[0] == 0xff &&
	    v[31] == 0x80, "int8 -128 is two's complement over 32 bytes");
	ok(intval_parse("-1", 2, 256, 1, v, "x", &e) == 0 && v[0] == 0xff &&
	    v[31] == 0xff && u256_bitlen(v) == 256, "int256 -1");
	ok(intval_parse("65536", 5, 256, 0, v, "x", &e) == 0 && u256_bitlen(v) == 17,
	    "significant bytes");

	j = json_parse(js, strlen(js), 1, &e);
	ok(j != NULL, "parse json");
	ok(intval_from_json(json_get(j, "a"), 256, 0, v, "a", &e) == 0,
	    "JSON number 2^53-1");
	ok(intval_from_json(json_get(j, "b"), 256, 0, v, "b", &e) < 0 &&
	    strcmp(e.code, "json.unsafe_integer") == 0, "JSON number 2^53");
	ok(intval_from_json(json_get(j, "c"), 256, 0, v, "c", &e) < 0 &&
	    strcmp(e.code, "json.unsafe_integer") == 0, "JSON 1.0");
	ok(intval_from_json(json_get(j, "d"), 256, 0, v, "d", &e) < 0 &&
	    strcmp(e.code, "json.bad_field") == 0, "boolean");
	ok(intval_from_json(json_get(j, "e"), 256, 0, v, "e", &e) == 0 &&
	    v[31] == 12, "decimal string");
	cJSON_Delete(j);
	return done_testing();
}
