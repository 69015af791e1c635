/* Unit tests: quantity (uint256 conversions) and the URL redaction of
 * http. */
#include <string.h>

#include "tap.h"
#include "hex.h"
#include "http.h"
#include "quantity.h"

static const char *
dec_of_hex(const char *h)
{
	static char out[QUANTITY_DEC_MAX];
	struct quantity v;

	if (quantity_parse_hex(h, strlen(h), &v) < 0)
		return "(invalid)";
	quantity_to_dec(&v, out);
	return out;
}

static const char *
hex_of_dec(const char *d)
{
	static char out[QUANTITY_HEX_MAX];
	struct quantity v;

	if (quantity_parse_dec(d, strlen(d), &v) < 0)
		return "(invalid)";
	quantity_to_hex(&v, out);
	return out;
}

static const char *
price(const char *s)
{
	static char out[QUANTITY_DEC_MAX];
	struct quantity v;

	if (quantity_parse_price(s, &v) < 0)
		return "(invalid)";
	quantity_to_dec(&v, out);
	return out;
}

static const char *
units(const struct quantity *v, unsigned d)
{
	static char out[QUANTITY_DEC_MAX + 2];

	quantity_format_units(v, d, out);
	return out;
}

static const char *
redact(const char *url)
{
	static char out[256];

	http_redact(url, out, sizeof(out));
	return out;
}

int
main(void)
{
	struct quantity a, b, c;

	(void)vector_path;	/* no shared vector covers these cases */
	is_str(dec_of_hex("0x0"), "0", "hex 0x0");
	is_str(dec_of_hex("0x7a69"), "31337", "hex 0x7a69");
	is_str(dec_of_hex("0x21e19e0c9bab2400000"), "10000000000000000000000",
	    "10000 ether");
	is_str(dec_of_hex("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
	    "115792089237316195423570985008687907853269984665640564039457584007913129639935",
	    "2^256-1");
	is_str(dec_of_hex("0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
	    "(invalid)", "65 hex digits");
	is_str(dec_of_hex("0x"), "(invalid)", "empty quantity");
	is_str(dec_of_hex("7a69"), "(invalid)", "no prefix");
	is_str(dec_of_hex("0x7g"), "(invalid)", "bad digit");
	is_str(hex_of_dec("0"), "0x0", "dec 0");
	is_str(hex_of_dec("12345"), "0x3039", "dec 12345");
	is_str(hex_of_dec("115792089237316195423570985008687907853269984665640564039457584007913129639936"),
	    "(invalid)", "2^256 overflows");
	is_str(hex_of_dec("12a"), "(invalid)", "dec with a letter");
	is_str(hex_of_dec(""), "(invalid)", "empty dec");
	is_str(price("1.5gwei"), "1500000000", "1.5gwei");
	is_str(price("0.000000001gwei"), "1", "1 wei in gwei");
	is_str(price("0.0000000001gwei"), "(invalid)", "below 1 wei");
	is_str(price("7"), "7", "plain wei");
	is_str(price("gwei"), "(invalid)", "bare suffix");
	is_str(price("1.gwei"), "(invalid)", "empty fraction");
	is_str(price(".5gwei"), "(invalid)", "empty whole part");
	is_str(price("1.5"), "(invalid)", "fraction of a wei");
	is_str(price("-1"), "(invalid)", "negative");
	is_str(price("1e9"), "(invalid)", "exponent");
	/* wei amounts with a unit (conventions.md section 3) */
	is_str(price("1ether"), "1000000000000000000", "1ether");
	is_str(price("0.5ETH"), "500000000000000000", "0.5ETH, any case");
	is_str(price("100wei"), "100", "100wei");
	is_str(price("2kwei"), "2000", "kwei");
	is_str(price("1.000000000000000000000ether"), "1000000000000000000",
	    "zeros below one wei are exact");
	is_str(price("1.0000000000000000001ether"), "(invalid)",
	    "a nonzero digit below one wei");
	is_str(price("0x10"), "16", "hex quantity");
	is_str(price("0X10"), "(invalid)", "0X is not a quantity prefix");
	is_str(price("1 ether"), "(invalid)", "no space before the unit");
	is_str(price("1lightyear"), "(invalid)", "unknown unit");
	is_str(price("1.5.2gwei"), "(invalid)", "two dots");
	is_str(price("115792089237316195423570985008687907853269984665640564039457"
	    "584007913129639935wei"), "11579208923731619542357098500868790785326"
	    "9984665640564039457584007913129639935", "2^256-1 wei");
	is_str(price("115792089237316195423570985008687907853269984665640564039458"
	    "ether"), "(invalid)", "overflow");
	quantity_parse_dec("1500000000000000000", 19, &a);
	is_str(units(&a, 18), "1.5", "1.5 ether");
	is_str(units(&a, 0), "1500000000000000000", "in wei");
	quantity_set_u64(&a, 1);
	is_str(units(&a, 18), "0.000000000000000001", "1 wei in ether");
	quantity_set_u64(&a, 0);
	is_str(units(&a, 9), "0", "zero");
	quantity_set_u64(&a, 2000000000);
	is_str(units(&a, 9), "2", "whole gwei");
	ok(quantity_unit("GWEI", 4) == 9 && quantity_unit("finney", 6) == 15 &&
	    quantity_unit("wei2", 4) == -1, "unit names");
	{
		struct or_err e;
		cJSON *j = cJSON_Parse("[\"1gwei\", 7, \"0x7\", \"1.5\", 1.5]");
		struct quantity q;

		ok(quantity_wei_from_json(cJSON_GetArrayItem(j, 0), "value", &q,
		    &e) == 0 && q.w[0] == 1000000000, "json 1gwei");
		ok(quantity_wei_from_json(cJSON_GetArrayItem(j, 1), "value", &q,
		    &e) == 0 && q.w[0] == 7, "json number");
		ok(quantity_wei_from_json(cJSON_GetArrayItem(j, 2), "value", &q,
		    &e) == 0 && q.w[0] == 7, "json hex");
		ok(quantity_wei_from_json(cJSON_GetArrayItem(j, 3), "value", &q,
		    &e) < 0, "json 1.5 wei is refused");
		ok(quantity_wei_from_json(cJSON_GetArrayItem(j, 4), "value", &q,
		    &e) < 0, "json fraction is refused");
		cJSON_Delete(j);
	}
	quantity_parse_dec("18446744073709551615", 20, &a);
	quantity_set_u64(&b, 1);
	ok(quantity_add(&a, &b, &c) == 0, "add carries into the next limb");
	is_str(hex_of_dec("18446744073709551616"), "0x10000000000000000",
	    "2^64");
	{
		char d[QUANTITY_DEC_MAX];

		quantity_to_dec(&c, d);
		is_str(d, "18446744073709551616", "carry result");
	}
	ok(quantity_cmp(&a, &c) < 0 && quantity_cmp(&c, &a) > 0 && quantity_cmp(&a, &a) == 0,
	    "compare");
	is_str(redact("https://user:pw@rpc.example.com:8443/v2/KEY?x=1#f"),
	    "https://rpc.example.com:8443", "redact user info, path, query");
	is_str(redact("http://127.0.0.1:8545"), "http://127.0.0.1:8545",
	    "redact keeps host and port");
	is_str(redact("http://a@b@host/x"), "http://host", "last @ wins");
	is_str(redact("nonsense"), "(not a URL)", "not a URL");
	return done_testing();
}
