/* The strict JSON layer: what is accepted, the error codes, and the exact
 * round trip of numbers and strings. */
#include <string.h>

#include "address.h"
#include "tap.h"
#include "hex.h"
#include "json.h"

static void
rejects(const char *text, const char *code)
{
	struct or_err e = { 0 };
	cJSON *v = json_parse(text, strlen(text), 1, &e);

	ok(v == NULL && strcmp(e.code, code) == 0, "%s -> %s (%s)", text, code,
	    v == NULL ? e.code : "accepted");
	cJSON_Delete(v);
}

static void
round_trip(const char *text, const char *want)
{
	struct or_err e;
	cJSON *v = json_parse(text, strlen(text), 1, &e);
	char *s = v ? json_print_new(v) : NULL;

	is_str(s, want, "round trip of %s", text);
	free(s);
	cJSON_Delete(v);
}

#define FFFD "\xef\xbf\xbd"

/* json_print_str of n bytes gives want, and the result parses as JSON. */
static void
prints(const char *in, size_t n, const char *want, const char *what)
{
	struct buf b = { 0 };
	struct or_err e;
	cJSON *v;

	buf_add(&b, "{\"a\":", 5);
	json_print_str(&b, in, n);
	buf_addc(&b, '}');
	buf_addc(&b, '\0');
	is_str(b.p + 5, want, "json_print_str: %s", what);
	v = json_parse(b.p, b.len - 1, 1, &e);
	ok(v != NULL, "json_print_str: %s parses back", what);
	cJSON_Delete(v);
	buf_free(&b);
}

/* Strings with invalid UTF-8 (ABI-decoded bytes, file names, argv) must
 * still print valid JSON: each byte that starts no valid sequence becomes
 * U+FFFD; valid sequences and the escapes are unchanged. */
static void
print_str_utf8(void)
{
#define P(lit, want, what) prints(lit, sizeof(lit) - 1, want "}", what)
	P("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "\"a\xc3\xa9\xe2\x82\xac"
	    "\xf0\x9f\x98\x80\"", "valid 2-, 3- and 4-byte sequences kept");
	P("\xef\xbf\xbd", "\"" FFFD "\"", "U+FFFD itself kept");
	P("\x80", "\"" FFFD "\"", "lone continuation byte 0x80");
	P("\xff", "\"" FFFD "\"", "byte 0xFF");
	P("\xfe\xff", "\"" FFFD FFFD "\"", "bytes 0xFE 0xFF");
	P("x\xc3", "\"x" FFFD "\"", "2-byte sequence cut at the end");
	P("\xe2\x82", "\"" FFFD FFFD "\"", "3-byte sequence cut at the end");
	P("\xe2\x82z", "\"" FFFD FFFD "z\"", "3-byte sequence cut by ASCII");
	P("\xf0\x9f\x98", "\"" FFFD FFFD FFFD "\"",
	    "4-byte sequence cut at the end");
	P("\xf0\x9f\x98\xc3\xa9", "\"" FFFD FFFD FFFD "\xc3\xa9\"",
	    "4-byte sequence cut by a valid one");
	P("\xc0\xaf", "\"" FFFD FFFD "\"", "overlong '/' in 2 bytes");
	P("\xc1\xbf", "\"" FFFD FFFD "\"", "overlong 0x7F in 2 bytes");
	P("\xe0\x80\xaf", "\"" FFFD FFFD FFFD "\"", "overlong '/' in 3 bytes");
	P("\xf0\x80\x80\xaf", "\"" FFFD FFFD FFFD FFFD "\"",
	    "overlong '/' in 4 bytes");
	P("\xed\xa0\x80", "\"" FFFD FFFD FFFD "\"", "surrogate U+D800");
	P("\xed\xbf\xbf", "\"" FFFD FFFD FFFD "\"", "surrogate U+DFFF");
	P("\xed\xa0\xbd\xed\xb8\x80", "\"" FFFD FFFD FFFD FFFD FFFD FFFD "\"",
	    "surrogate pair in CESU-8");
	P("\xed\x9f\xbf", "\"\xed\x9f\xbf\"", "U+D7FF kept");
	P("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"", "U+10FFFF kept");
	P("\xf4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\"", "past U+10FFFF");
	P("\xf8\x88\x80\x80\x80", "\"" FFFD FFFD FFFD FFFD FFFD "\"",
	    "5-byte form");
	P("\x01\xff\"\\\n\0\x80", "\"\\u0001" FFFD "\\\"\\\\\\n\\u0000" FFFD "\"",
	    "escapes next to invalid bytes");
#undef P
}

int
main(void)
{
	struct or_err e;
	uint64_t u;
	cJSON *v;
	size_t n;
	const char *s;
	uint8_t a[20];
	char cs[43];

	rejects("[1]", "json.not_object");
	rejects("\"x\"", "json.not_object");
	rejects("{\"a\":1,\"a\":2}", "json.duplicate_key");
	rejects("{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,"
	    "\"k7\":7,\"k8\":8,\"k9\":9,\"ka\":0,\"kb\":0,\"kc\":0,\"kd\":0,"
	    "\"ke\":0,\"kf\":0,\"kg\":0,\"k3\":3}", "json.duplicate_key");
	rejects("{\"a\":\"\\ud800\"}", "json.utf8");
	rejects("{\"a\":\"\xff\"}", "json.utf8");
	rejects("{\"a\":\"\xc0\xaf\"}", "json.utf8");
	rejects("{\"a\":\"\xed\xa0\x80\"}", "json.utf8");
	rejects("{\"a\":01}", "json.parse");
	rejects("{\"a\":1.}", "json.parse");
	rejects("{\"a\":.5}", "json.parse");
	rejects("{\"a\":+1}", "json.parse");
	rejects("{\"a\":1}x", "json.parse");
	rejects("{\"a\":[1,]}", "json.parse");
	rejects("{\"a\":\"\t\"}", "json.parse");
	rejects("{\"a\":tru}", "json.parse");
	rejects("{'a':1}", "json.parse");
	rejects("{\"a\":NaN}", "json.parse");
	{
		char deep[2000];
		int i;

		for (i = 0; i < 600; i++)
			deep[i] = '[';
		deep[i] = '\0';
		memmove(deep + 5, deep, strlen(deep) + 1);
		memcpy(deep, "{\"a\":", 5);
		rejects(deep, "json.parse");
	}
	round_trip("{ \"n\" : 1.50 , \"b\":[true,false,null],\"x\":1e400}",
	    "{\"n\":1.50,\"b\":[true,false,null],\"x\":1e400}");
	round_trip("{\"s\":\"a\\u0000b\\n\\u00e9\\/\\ud83d\\ude00\"}",
	    "{\"s\":\"a\\u0000b\\né/😀\"}");
	round_trip("{\"big\":123456789012345678901234567890}",
	    "{\"big\":123456789012345678901234567890}");

	{
		const char *t = "{\"s\":\"a\\u0000b\"}";

		v = json_parse(t, strlen(t), 1, &e);
	}
	s = json_strval(json_get(v, "s"), &n);
	ok(s != NULL && n == 3 && s[1] == '\0', "U+0000 keeps the length");
	cJSON_Delete(v);

	v = json_parse("{\"a\":9007199254740991,\"b\":9007199254740992,"
	    "\"c\":1.0,\"d\":\"0x1f\",\"e\":\"18446744073709551615\","
	    "\"f\":-1,\"g\":\"12a\",\"h\":1e2}", 114, 1, &e);
	ok(v != NULL, "integer sample parses");
	ok(json_field_u64(v, "a", UINT64_MAX, &u, &e) == 1 &&
	    u == 9007199254740991ULL, "2^53-1 is a safe integer");
	ok(json_field_u64(v, "b", UINT64_MAX, &u, &e) < 0 &&
	    strcmp(e.code, "json.unsafe_integer") == 0, "2^53 is unsafe");
	ok(json_field_u64(v, "c", UINT64_MAX, &u, &e) < 0 &&
	    strcmp(e.code, "json.unsafe_integer") == 0, "1.0 is not an integer");
	ok(json_field_u64(v, "h", UINT64_MAX, &u, &e) < 0,
	    "1e2 is not an integer");
	ok(json_field_u64(v, "d", UINT64_MAX, &u, &e) == 1 && u == 31,
	    "0x quantity string");
	ok(json_field_u64(v, "e", UINT64_MAX, &u, &e) == 1 &&
	    u == UINT64_MAX, "decimal string up to 2^64-1");
	ok(json_field_u64(v, "f", UINT64_MAX, &u, &e) < 0, "-1 is refused");
	ok(json_field_u64(v, "g", UINT64_MAX, &u, &e) < 0, "'12a' is refused");
	ok(json_field_u64(v, "zz", UINT64_MAX, &u, &e) == 0, "absent is 0");
	cJSON_Delete(v);

	/* the integer rule itself, signed and unsigned */
	{
		static const struct {
			const char *json;
			int is_signed, rc, neg;
			unsigned low;
		} c[] = {
			{ "9007199254740991", 0, JSON_INT_OK, 0, 0xff },
			{ "-9007199254740991", 1, JSON_INT_OK, 1, 0xff },
			{ "9007199254740992", 1, JSON_INT_UNSAFE, 0, 0 },
			{ "-9007199254740992", 1, JSON_INT_UNSAFE, 0, 0 },
			{ "-1", 0, JSON_INT_UNSAFE, 0, 0 },
			{ "-1", 1, JSON_INT_OK, 1, 1 },
			{ "-0", 0, JSON_INT_OK, 0, 0 },
			{ "2.0", 1, JSON_INT_UNSAFE, 0, 0 },
			{ "2e0", 1, JSON_INT_UNSAFE, 0, 0 },
			{ "\"-5\"", 1, JSON_INT_OK, 1, 5 },
			{ "\"-5\"", 0, JSON_INT_SYNTAX, 0, 0 },
			{ "\"-0\"", 1, JSON_INT_OK, 0, 0 },
			{ "\"0x\"", 0, JSON_INT_SYNTAX, 0, 0 },
			{ "\"0xFf\"", 0, JSON_INT_OK, 0, 0xff },
			{ "\"-0x1\"", 1, JSON_INT_SYNTAX, 0, 0 },
			{ "\"\"", 0, JSON_INT_SYNTAX, 0, 0 },
			{ "\" 1\"", 0, JSON_INT_SYNTAX, 0, 0 },
			{ "\"1\\u00002\"", 0, JSON_INT_SYNTAX, 0, 0 },
			{ "\"115792089237316195423570985008687907853269984665"
			    "640564039457584007913129639935\"", 0, JSON_INT_OK,
			    0, 0xff },
			{ "\"115792089237316195423570985008687907853269984665"
			    "640564039457584007913129639936\"", 0, JSON_INT_RANGE,
			    0, 0 },
			{ "\"0x1" "0000000000000000000000000000000000000000000000"
			    "000000000000000000\"", 0, JSON_INT_RANGE, 0, 0 },
			{ "true", 0, JSON_INT_TYPE, 0, 0 },
			{ "[1]", 0, JSON_INT_TYPE, 0, 0 },
		};
		uint8_t mag[32];
		size_t k;
		int neg, rc;
		cJSON *x;

		for (k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
			x = json_parse(c[k].json, strlen(c[k].json), 0, &e);
			rc = x == NULL ? 99 : (int)json_int_read(x,
			    c[k].is_signed, mag, &neg);
			ok(rc == c[k].rc && (rc != JSON_INT_OK ||
			    (neg == c[k].neg && mag[31] == c[k].low)),
			    "json_int_read %s (signed %d): %d", c[k].json,
			    c[k].is_signed, rc);
			cJSON_Delete(x);
		}
		ok(k == 23, "%zu integer cases", k);
	}

	v = json_new_lossy("a\xff\xc3", 3);
	is_str(json_strval(v, NULL), "a\xef\xbf\xbd\xef\xbf\xbd",
	    "invalid bytes become U+FFFD");
	cJSON_Delete(v);
	print_str_utf8();
	v = json_new_double(0.1);
	is_str(json_numtext(v, (char[64]){ 0 }), "0.1", "shortest double");
	cJSON_Delete(v);

	/* hex and EIP-55 (the address of the cast keystore fixture) */
	ok(address_decode("0xec554aeafe75601aaab43bd4621a22284db566c2", a,
	    "a", &e) == 0, "lowercase address");
	address_checksum(cs, a);
	is_str(cs, "0xeC554aeAFE75601AaAb43Bd4621A22284dB566C2", "EIP-55 form");
	ok(address_decode(cs, a, "a", &e) == 0, "checksummed accepted");
	cs[3] = cs[3] == 'C' ? 'c' : 'C';
	ok(address_decode(cs, a, "a", &e) < 0 &&
	    strcmp(e.code, "hex.bad_checksum") == 0, "bad checksum refused");
	ok(address_decode("ec554aeafe75601aaab43bd4621a22284db566c2", a,
	    "a", &e) < 0 && strcmp(e.code, "hex.no_prefix") == 0,
	    "missing 0x refused");
	ok(address_decode("0xec55", a, "a", &e) < 0 &&
	    strcmp(e.code, "hex.bad_address") == 0, "short address refused");
	return done_testing();
}
