/* test-abi: the ABI engine (common/abi.h) and u256 (common/u256.h):
 * calldata.tsv read in place, canonical signatures, round trips, strict
 * decoding codes, event logs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "hex.h"
#include "json.h"
#include "u256.h"
#include "tap.h"

static char *
encode_hex(const char *sig, const char *args_json, struct or_err *e)
{
	struct abi_sig *g = abi_sig_parse(sig, ABI_FUNCTION, e);
	cJSON *args;
	struct buf out = { 0 };
	char *hex = NULL;

	if (g == NULL)
		return NULL;
	args = json_parse(args_json, strlen(args_json), 0, e);
	if (args != NULL) {
		if (*g->name != '\0')
			buf_add(&out, g->hash, 4);
		if (abi_encode(g->in, args, &out, "args", e) == 0)
			hex = hex_encode_new((uint8_t *)out.p, out.len);
	}
	cJSON_Delete(args);
	buf_free(&out);
	abi_sig_free(g);
	return hex;
}

/* Decode hex data (no selector) as the parameter list types; returns the
 * compact decoded JSON or the error code. */
static char *
decode_text(const char *types, const char *hex, struct or_err *e)
{
	struct abi_type *t = abi_params_parse(types, strlen(types), e);
	uint8_t *p;
	size_t n;
	cJSON *v;
	char *s;

	if (t == NULL)
		return xstrdup(e->code);
	if (hex_decode(hex, strlen(hex), &p, &n, "data", e) < 0) {
		abi_type_free(t);
		return xstrdup(e->code);
	}
	v = abi_decode(t, p, n, e);
	s = v != NULL ? json_print_new(v) : xstrdup(e->code);
	cJSON_Delete(v);
	free(p);
	abi_type_free(t);
	return s;
}

static void
test_vectors(void)
{
	FILE *f = fopen(vector_path("calldata.tsv"), "r");
	char *line = NULL, *sig, *args, *want, *got, *save;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, rows = 0;
	struct or_err e;

	while ((len = getline(&line, &cap, f)) > 0) {
		if (++lineno <= 2)
			continue;	/* description and header */
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		sig = line;
		args = strchr(sig, '\t');
		want = args ? strchr(args + 1, '\t') : NULL;
		if (want == NULL) {
			ok(0, "calldata.tsv line %d has 3 fields", lineno);
			continue;
		}
		*args++ = '\0';
		*want++ = '\0';
		if ((save = strchr(want, '\t')) != NULL)
			*save = '\0';
		got = encode_hex(sig, args, &e);
		is_str(got, want, "calldata.tsv: %s", sig);
		free(got);
		rows++;
	}
	ok(rows >= 10, "calldata.tsv has %d rows", rows);
	free(line);
	fclose(f);
}

static void
test_u256(void)
{
	uint8_t w[32];
	char s[U256_DEC_MAX];
	const char *max = "115792089237316195423570985008687907853269984665640"
	    "564039457584007913129639935";

	ok(u256_from_dec(max, strlen(max), w) == 0 && w[0] == 0xff &&
	    w[31] == 0xff, "2^256-1 parses");
	u256_to_dec(w, s);
	is_str(s, max, "2^256-1 prints");
	ok(u256_from_dec("115792089237316195423570985008687907853269984665640"
	    "564039457584007913129639936", 78, w) == -2, "2^256 overflows");
	ok(u256_from_dec("", 0, w) == -1 && u256_from_dec("1 ", 2, w) == -1,
	    "empty and blank rejected");
	u256_from_dec("0", 1, w);
	u256_to_dec(w, s);
	is_str(s, "0", "zero prints");
	u256_from_dec("10000000000000000000", 20, w);
	u256_to_dec(w, s);
	is_str(s, "10000000000000000000", "10^19 prints");
	ok(u256_from_hex("0000ff", 6, w) == 0 && w[31] == 0xff && w[30] == 0,
	    "hex with leading zeros");
	ok(u256_from_hex("1" "0000000000000000000000000000000000000000000000000"
	    "000000000000000", 65, w) == -2, "65 hex digits overflow");
	memset(w, 0, 32);
	w[0] = 0x80;
	u256_to_dec_signed(w, s);
	is_str(s, "-5789604461865809771178549250434395392663499233282028201"
	    "9728792003956564819968", "int256 minimum prints");
	u256_from_u64(2500000, w);
	u256_neg(w);
	u256_to_dec_signed(w, s);
	is_str(s, "-2500000", "negation");
	ok(u256_bitlen(w) == 256, "bitlen of a negative word");
	u256_from_u64(1, w);
	ok(u256_bitlen(w) == 1, "bitlen of 1");
}

static void
test_signatures(void)
{
	static const char *cases[][2] = {
		{ "f(uint,int,bytes32[])", "f(uint256,int256,bytes32[])" },
		{ "function f( (uint8 a , string b)[2][] calldata xs ) external "
		    "view returns (bool)", "f((uint8,string)[2][])" },
		{ "event Transfer(address indexed from, address indexed to, "
		    "uint256 value)", "Transfer(address,address,uint256)" },
		{ "error E()", "E()" },
		{ "(uint256,address)", "(uint256,address)" },
		{ "g(uint256)(address,bool)", "g(uint256)" },
	};
	struct or_err e;
	struct abi_sig *g;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		g = abi_sig_parse(cases[i][0], ABI_FUNCTION, &e);
		is_str(g ? g->canon : e.msg, cases[i][1], "canonical of '%s'",
		    cases[i][0]);
		abi_sig_free(g);
	}
	g = abi_sig_parse("event Transfer(address indexed from, address "
	    "indexed to, uint256 value)", ABI_FUNCTION, &e);
	ok(g != NULL && g->what == ABI_EVENT && g->in->indexed[0] &&
	    g->in->indexed[1] && !g->in->indexed[2] &&
	    strcmp(g->in->names[2], "value") == 0, "event keyword, indexed, "
	    "names");
	abi_sig_free(g);
	g = abi_sig_parse("g(uint256)(address,bool)", ABI_FUNCTION, &e);
	ok(g != NULL && g->out != NULL && g->out->len == 2, "return list");
	abi_sig_free(g);
	g = abi_sig_parse("transfer(address,uint256)", ABI_FUNCTION, &e);
	ok(g != NULL && g->hash[0] == 0xa9 && g->hash[1] == 0x05 &&
	    g->hash[2] == 0x9c && g->hash[3] == 0xbb, "transfer selector");
	abi_sig_free(g);
	g = abi_sig_parse("f(uint8[16777216])", ABI_FUNCTION, &e);
	ok(g == NULL && strcmp(e.code, "abi.bad_type") == 0, "over-large "
	    "static type rejected");
	g = abi_sig_parse("f(())", ABI_FUNCTION, &e);
	ok(g == NULL && strcmp(e.code, "abi.bad_type") == 0, "empty nested "
	    "tuple rejected");
}

static void
test_json_entry(void)
{
	const char *txt = "{\"type\":\"function\",\"name\":\"getProject\","
	    "\"inputs\":[{\"name\":\"id\",\"type\":\"uint256\"}],\"outputs\":"
	    "[{\"name\":\"p\",\"type\":\"tuple[]\",\"components\":[{\"name\":"
	    "\"a\",\"type\":\"int256\"},{\"name\":\"b\",\"type\":"
	    "\"tuple[2]\",\"components\":[{\"name\":\"c\",\"type\":"
	    "\"string\"}]}]}]}";
	struct or_err e;
	cJSON *j = json_parse(txt, strlen(txt), 1, &e);
	struct abi_sig *g = abi_sig_from_json(j, &e);
	struct buf b = { 0 };

	ok(g != NULL, "ABI entry parses");
	if (g == NULL)
		return;
	is_str(g->canon, "getProject(uint256)", "canonical from JSON");
	abi_type_canon(g->out, &b);
	is_str(b.p, "((int256,(string)[2])[])", "outputs from components");
	buf_free(&b);
	abi_sig_free(g);
	cJSON_Delete(j);
}

static void
test_roundtrip(void)
{
	static const char *cases[][2] = {
		{ "(uint8,int16,bool,address,bytes3)", "[\"255\",\"-32768\","
		    "true,\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\","
		    "\"0x010203\"]" },
		{ "(string,bytes,uint256[],string[2])", "[\"caf\xc3\xa9\","
		    "\"0x\",[\"1\",\"2\"],[\"\",\"x\"]]" },
		{ "((uint256,string)[],(bool,(int8[],bytes)))",
		    "[[[\"7\",\"a\"],[\"8\",\"\"]],[false,[[\"-1\"],"
		    "\"0xff\"]]]" },
	};
	static const char *want[] = {
		"{\"0\":\"255\",\"1\":\"-32768\",\"2\":true,\"3\":"
		    "\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\",\"4\":"
		    "\"0x010203\"}",
		"{\"0\":\"caf\xc3\xa9\",\"1\":\"0x\",\"2\":[\"1\",\"2\"],"
		    "\"3\":[\"\",\"x\"]}",
		"{\"0\":[{\"0\":\"7\",\"1\":\"a\"},{\"0\":\"8\",\"1\":\"\"}],"
		    "\"1\":{\"0\":false,\"1\":{\"0\":[\"-1\"],\"1\":"
		    "\"0xff\"}}}",
	};
	struct or_err e;
	size_t i;
	char *hex, *dec;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hex = encode_hex(cases[i][0], cases[i][1], &e);
		ok(hex != NULL, "encode %s", cases[i][0]);
		if (hex == NULL)
			continue;
		dec = decode_text(cases[i][0], hex, &e);
		is_str(dec, want[i], "round trip %s", cases[i][0]);
		free(dec);
		free(hex);
	}
}

static void
test_strict(void)
{
	static const char *cases[][3] = {
		{ "(uint8)", "0x00000000000000000000000000000000000000000000000"
		    "000000000000001ff", "abi.dirty_bits" },
		{ "(bytes)", "0x00000000000000000000000000000000000000000000000"
		    "000000000000000200000000000000000000000000000000000000000"
		    "0000000000000000ffffffff", "abi.bad_length" },
		{ "(bytes)", "0x00000000000000000000000000000000000000000000000"
		    "00000000000000040", "abi.bad_offset" },
		{ "(uint8)", "0x", "abi.short_data" },
		{ "(uint256)", "0x00000000000000000000000000000000000000000000000"
		    "0000000000000000100", "abi.trailing_data" },
	};
	struct or_err e;
	size_t i;
	char *got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = decode_text(cases[i][0], cases[i][1], &e);
		is_str(got, cases[i][2], "strict %s -> %s", cases[i][0],
		    cases[i][2]);
		free(got);
	}
}

static void
test_log(void)
{
	struct or_err e;
	struct abi_sig *g = abi_sig_parse("event Transfer(address indexed "
	    "from, address indexed to, uint256 value)", ABI_EVENT, &e);
	uint8_t topics[3][32] = { { 0 } }, data[32] = { 0 };
	cJSON *v;
	char *s;

	memcpy(topics[0], g->hash, 32);
	topics[1][31] = 0x01;
	topics[2][31] = 0x02;
	data[31] = 5;
	v = abi_decode_log(g, (const uint8_t (*)[32])topics, 3, data, 32, &e);
	s = v ? json_print_new(v) : xstrdup(e.code);
	is_str(s, "{\"from\":\"0x0000000000000000000000000000000000000001\","
	    "\"to\":\"0x0000000000000000000000000000000000000002\","
	    "\"value\":\"5\"}", "Transfer log");
	free(s);
	cJSON_Delete(v);
	v = abi_decode_log(g, (const uint8_t (*)[32])topics, 2, data, 32, &e);
	ok(v == NULL && strcmp(e.code, "abi.bad_topics") == 0,
	    "missing topic");
	topics[0][0] ^= 1;
	v = abi_decode_log(g, (const uint8_t (*)[32])topics, 3, data, 32, &e);
	ok(v == NULL && strcmp(e.code, "abi.bad_topics") == 0,
	    "wrong topic 0");
	abi_sig_free(g);
}

static void
test_file_and_revert(void)
{
	const char *txt = "{\"abi\":[{\"type\":\"error\",\"name\":"
	    "\"ScoreNotImproved\",\"inputs\":[]},{\"type\":\"error\","
	    "\"name\":\"Bad\",\"inputs\":[{\"name\":\"who\",\"type\":"
	    "\"address\"}]},{\"type\":\"function\",\"name\":\"f\","
	    "\"inputs\":[]},{\"type\":\"function\",\"name\":\"f\","
	    "\"inputs\":[{\"name\":\"x\",\"type\":\"uint8\"}]},"
	    "{\"type\":\"receive\"}],\"bytecode\":\"6000\"}";
	static const uint8_t sni[4] = { 0x59, 0x1a, 0xb7, 0xed };
	uint8_t bad[36] = { 0 }, panic[36] = { 0x4e, 0x48, 0x7b, 0x71 };
	struct or_err e;
	cJSON *doc = json_parse(txt, strlen(txt), 1, &e), *dec;
	struct abi_file f;
	const struct abi_file *fp = &f;
	const struct abi_sig *g;
	struct abi_sig *bs;
	const char *pn;
	char *sig, *s;

	ok(abi_file_load(doc, &f, &e) == 0 && f.n == 4, "artifact loads, "
	    "receive skipped");
	is_str(f.bytecode, "0x6000", "bytecode gets its 0x");
	g = abi_file_find(&f, ABI_FUNCTION, "f", &e);
	ok(g == NULL && strcmp(e.code, "abi.ambiguous") == 0,
	    "overloaded name is ambiguous");
	g = abi_file_find(&f, ABI_FUNCTION, "f(uint8)", &e);
	is_str(g ? g->canon : e.code, "f(uint8)", "overload by signature");
	g = abi_file_find(&f, ABI_FUNCTION, "nope", &e);
	ok(g == NULL && strcmp(e.code, "abi.no_function") == 0, "no such "
	    "function");
	ok(abi_decode_revert(&fp, 1, sni, 4, &dec, &sig, &pn, &e) == 0,
	    "custom error found by selector");
	is_str(sig, "ScoreNotImproved()", "custom error by name");
	cJSON_Delete(dec);
	free(sig);
	bs = abi_sig_parse("Bad(address)", ABI_ERROR, &e);
	memcpy(bad, bs->hash, 4);
	abi_sig_free(bs);
	bad[35] = 7;
	ok(abi_decode_revert(&fp, 1, bad, 36, &dec, &sig, &pn, &e) == 0,
	    "error with arguments");
	s = dec ? json_print_new(dec) : xstrdup(e.code);
	is_str(s, "{\"who\":\"0x0000000000000000000000000000000000000007\"}",
	    "named by the ABI");
	free(s);
	cJSON_Delete(dec);
	free(sig);
	panic[35] = 0x32;
	ok(abi_decode_revert(&fp, 1, panic, 36, &dec, &sig, &pn, &e) == 0 &&
	    pn != NULL, "panic");
	is_str(pn, "array index out of bounds", "panic 0x32 name");
	cJSON_Delete(dec);
	free(sig);
	ok(abi_decode_revert(&fp, 1, panic, 3, &dec, &sig, &pn, &e) < 0 &&
	    strcmp(e.code, "abi.short_data") == 0, "short revert data");
	bad[0] ^= 0xff;
	ok(abi_decode_revert(&fp, 1, bad, 36, &dec, &sig, &pn, &e) < 0 &&
	    strcmp(e.code, "abi.unknown_error") == 0, "unknown selector");
	abi_file_free(&f);
	cJSON_Delete(doc);
}

static void
test_types_and_packed(void)
{
	struct or_err e;
	struct abi_type *t = abi_type_parse(" (uint8,bytes)[2][] ", 20, &e);
	struct buf b = { 0 };
	cJSON *v;
	char *h;
	const char *args = "[\"-1\",\"0x0102\",[true,false],\"hi\"]";

	ok(t != NULL && t->kind == ABI_ARRAY && t->elem->kind == ABI_FARRAY &&
	    t->dynamic, "array of fixed arrays of tuples");
	abi_type_canon(t, &b);
	is_str(b.p, "(uint8,bytes)[2][]", "type canonical text");
	abi_type_free(t);
	buf_free(&b);
	t = abi_type_parse("uint8[3]", 8, &e);
	ok(t != NULL && !t->dynamic && t->head == 96, "static size of T[k]");
	abi_type_free(t);
	ok(abi_type_parse("uint8 x", 7, &e) == NULL, "no name in a type");
	t = abi_params_parse("int16,bytes2,bool[],string", 26, &e);
	v = json_parse(args, strlen(args), 0, &e);
	ok(abi_encode_packed(t, v, &b, "args", &e) == 0, "packed encodes");
	h = hex_encode_new((uint8_t *)b.p, b.len);
	is_str(h, "0xffff0102"
	    "0000000000000000000000000000000000000000000000000000000000000001"
	    "0000000000000000000000000000000000000000000000000000000000000000"
	    "6869", "packed bytes");
	free(h);
	buf_free(&b);
	cJSON_Delete(v);
	abi_type_free(t);
}

/* A parameter name at the very end of an unterminated buffer: nothing past
 * its last byte is read (ASan catches an over-read in `make check SAN=1`). */
static void
test_name_at_end(void)
{
	static const char text[] = "(uint256 amount,address to)";
	struct or_err e;
	struct abi_type *t;
	size_t n = sizeof(text) - 2;	/* "(uint256 amount,address to" */
	char *p = xmalloc(n - 1);

	/* "uint256 amount,address to": exact size, no terminating NUL */
	memcpy(p, text + 1, n - 1);
	t = abi_params_parse(p, n - 1, &e);
	ok(t != NULL && t->len == 2, "parameter list in an exact buffer");
	if (t != NULL) {
		is_str(t->names[0], "amount", "first name");
		is_str(t->names[1], "to", "last name ends at the buffer's end");
	}
	abi_type_free(t);
	free(p);
}

int
main(void)
{
	test_vectors();
	test_u256();
	test_signatures();
	test_json_entry();
	test_roundtrip();
	test_strict();
	test_log();
	test_file_and_revert();
	test_types_and_packed();
	test_name_at_end();
	return done_testing();
}
