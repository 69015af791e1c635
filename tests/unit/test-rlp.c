/* Unit tests for rlp: known encodings (the Ethereum wiki examples) and the
 * strict decoder's refusals. */
#include <string.h>

#include "hex.h"
#include "rlp.h"
#include "tap.h"

static void
is_hex(const struct buf *b, const char *want, const char *name)
{
	char *got = hex_encode_new((const uint8_t *)b->p, b->len);

	is_str(got, want, "%s", name);
	free(got);
}

static const char *
decode_code(const char *hex)
{
	static struct or_err e;
	uint8_t *p;
	size_t n;
	struct rlp_item it, items[8];
	size_t cnt;

	memset(&e, 0, sizeof(e));
	if (hex_decode(hex, strlen(hex), &p, &n, "t", &e) < 0)
		return "hex";
	if (rlp_decode(p, n, &it, &e) == 0 && it.list)
		(void)rlp_list(&it, items, 8, &cnt, &e);
	free(p);
	return e.code[0] != '\0' ? e.code : "ok";
}

int
main(void)
{
	struct buf b = { 0 }, in = { 0 }, inner = { 0 };
	static const char lorem[] =
	    "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
	uint8_t be[2] = { 0x04, 0x00 }, big[32] = { 0 }, got[32];
	struct rlp_item it, items[4];
	struct or_err e;
	size_t cnt;
	uint64_t v;

	rlp_put_bytes(&b, (const uint8_t *)"dog", 3);
	is_hex(&b, "0x83646f67", "string dog");
	b.len = 0;
	rlp_put_bytes(&in, (const uint8_t *)"cat", 3);
	rlp_put_bytes(&in, (const uint8_t *)"dog", 3);
	rlp_put_list(&b, (uint8_t *)in.p, in.len);
	is_hex(&b, "0xc88363617483646f67", "list [cat, dog]");
	b.len = 0;
	rlp_put_bytes(&b, NULL, 0);
	rlp_put_list(&b, NULL, 0);
	is_hex(&b, "0x80c0", "empty string and empty list");
	b.len = 0;
	rlp_put_u64(&b, 0);
	rlp_put_u64(&b, 15);
	rlp_put_uint(&b, be, 2);
	rlp_put_u64(&b, 0x80);
	is_hex(&b, "0x800f8204008180", "integers 0, 15, 1024, 128");
	b.len = 0;
	rlp_put_uint(&b, big, 32);
	is_hex(&b, "0x80", "a 32-byte zero is the empty string");
	/* [ [], [[]], [ [], [[]] ] ] */
	in.len = 0;
	rlp_put_list(&in, NULL, 0);
	inner.len = 0;
	rlp_put_list(&inner, (const uint8_t *)"\xc0", 1);
	buf_add(&in, inner.p, inner.len);
	inner.len = 0;
	buf_add(&inner, "\xc0\xc1\xc0", 3);
	rlp_put_list(&in, (uint8_t *)inner.p, inner.len);
	b.len = 0;
	rlp_put_list(&b, (uint8_t *)in.p, in.len);
	is_hex(&b, "0xc7c0c1c0c3c0c1c0", "set-theoretic three");
	b.len = 0;
	rlp_put_bytes(&b, (const uint8_t *)lorem, 56);
	ok(b.len == 58 && (uint8_t)b.p[0] == 0xb8 && (uint8_t)b.p[1] == 56,
	    "56-byte string takes the long form b838");

	/* decode round trip of the long string */
	ok(rlp_decode((uint8_t *)b.p, b.len, &it, &e) == 0 && !it.list &&
	    it.n == 56 && memcmp(it.p, lorem, 56) == 0, "decode long string");
	ok(rlp_decode((const uint8_t *)"\xc8\x83" "cat\x83" "dog", 9, &it,
	    &e) == 0 && rlp_list(&it, items, 4, &cnt, &e) == 0 && cnt == 2 &&
	    items[1].n == 3 && memcmp(items[1].p, "dog", 3) == 0,
	    "decode list items");
	ok(rlp_decode((const uint8_t *)"\x82\x04\x00", 3, &it, &e) == 0 &&
	    rlp_u64(&it, &v, "x", &e) == 0 && v == 1024, "decode integer");
	ok(rlp_decode((const uint8_t *)"\x82\x00\x04", 3, &it, &e) == 0 &&
	    rlp_uint(&it, got, 32, "x", &e) < 0 &&
	    strcmp(e.code, "rlp.non_canonical") == 0,
	    "integer with a leading zero byte is refused");
	ok(rlp_decode((const uint8_t *)"\x89\x01\x02\x03\x04\x05\x06\x07\x08"
	    "\x09", 10, &it, &e) == 0 && rlp_u64(&it, &v, "x", &e) < 0 &&
	    strcmp(e.code, "rlp.too_large") == 0, "9-byte u64 is too large");

	is_str(decode_code("0x8100"), "rlp.non_canonical",
	    "single byte below 0x80 with a header");
	is_str(decode_code("0x817f"), "rlp.non_canonical", "0x817f");
	is_str(decode_code("0x8180"), "ok", "0x8180 is canonical");
	is_str(decode_code("0xb80100"), "rlp.non_canonical",
	    "long form for a short string");
	is_str(decode_code("0xb9000100"), "rlp.non_canonical",
	    "length with a leading zero");
	is_str(decode_code("0x83646f"), "rlp.truncated", "string cut short");
	is_str(decode_code("0xb8"), "rlp.truncated", "length cut short");
	is_str(decode_code("0xbfffffffffffffffff"), "rlp.truncated",
	    "huge length does not overflow");
	is_str(decode_code("0x83646f6700"), "rlp.trailing_bytes",
	    "trailing byte");
	is_str(decode_code("0xc2646f"), "ok", "list of single bytes");
	is_str(decode_code("0xc383646f"), "rlp.truncated",
	    "list item exceeds the list");
	is_str(decode_code("0xc9010101010101010101"), "rlp.too_many_items",
	    "more items than asked for");
	is_str(decode_code("0x"), "rlp.truncated", "empty input");
	buf_free(&b);
	buf_free(&in);
	buf_free(&inner);
	return done_testing();
}
