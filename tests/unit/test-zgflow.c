/* or-put0g's library pieces: strict base64, upload segment lengths and
 * segment roots (zg-roots.json uploadSegments and the tree), submit
 * calldata (submitCalldata), the Flow validity rules and the Submit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "address.h"
#include "zgcontent.h"
#include "b64.h"
#include "hex.h"
#include "json.h"
#include "zgflow.h"
#include "zgmerkle.h"

static cJSON *doc;

static uint8_t *
seq251(size_t n)
{
	return content("seq251", n);
}

static void
base64(void)
{
	static const struct { const char *in, *out; } v[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	static const char *const bad[] = { "Zg=", "Zg", "Z===", "Zh==",
		"Zm9=", "Zm 9v", "Zm-v", "Zm_v", "=Zm9", "Zg==Zg==",
		"Zm8=Zm9v", "Zm9vYg", "Zm=v", "Zm\xc3\xa9", "Zm9v\x80m9v",
		"Zm9vYg=A" };
	uint8_t raw[300], back[300];
	char enc[512];
	long long n;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		b64_encode(enc, (const uint8_t *)v[i].in, strlen(v[i].in));
		is_str(enc, v[i].out, "base64 of '%s' (RFC 4648)", v[i].in);
		n = b64_decode(back, v[i].out, strlen(v[i].out));
		ok(n == (long long)strlen(v[i].in) &&
		    memcmp(back, v[i].in, (size_t)n) == 0, "decode '%s'",
		    v[i].out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(b64_decode(back, bad[i], strlen(bad[i])) < 0,
		    "'%s' is refused", bad[i]);
	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (uint8_t)(i * 7 + 3);
	for (i = 0; i <= sizeof(raw); i += 37) {
		b64_encode(enc, raw, i);
		ok(strlen(enc) == b64_len(i) &&
		    b64_decode(back, enc, strlen(enc)) == (long long)i &&
		    memcmp(back, raw, i) == 0, "round trip of %zu bytes", i);
	}
}

/* uploadSegments runs and the segment roots of every vector size */
static void
segments(void)
{
	const cJSON *rows = json_get(doc, "alternativeContents"), *r, *run;
	size_t checked = 0;
	struct or_err e;

	for (r = rows->child; r != NULL; r = r->next) {
		const char *c = json_strval(json_get(r, "content"), NULL);
		uint64_t size, i = 0, len, cnt, k, chunks;
		struct zg_tree t;
		uint8_t *d;
		int good = 1;

		if (c == NULL || json_value_u64(json_get(r, "size"), "size",
		    1 << 30, &size, &e) < 0 || size == 0)
			continue;
		for (run = json_get(r, "uploadSegments")->child; run != NULL;
		    run = run->next) {
			json_value_u64(cJSON_GetArrayItem(run, 0), "l", 1 << 30,
			    &len, &e);
			json_value_u64(cJSON_GetArrayItem(run, 1), "n", 1 << 30,
			    &cnt, &e);
			for (k = 0; k < cnt; k++, i++)
				good &= zg_seg_upload_len(size, i) == len;
		}
		good &= zg_seg_upload_len(size, i) == 0;
		ok(good, "upload lengths of %llu bytes",
		    (unsigned long long)size);
		d = content(c, (size_t)size);
		zg_hash_mem(d, (size_t)size, &t, &e);
		chunks = (size + 255) / 256;
		for (good = 1, i = 0; i < t.segments; i++) {
			zg_hash h;
			uint64_t off = i * (uint64_t)ZG_SEGMENT;
			uint64_t l = zg_seg_upload_len(size, i);

			zg_segment_root(d + (off < size ? off : 0),
			    (size_t)(l == 0 ? 0 : size - off < l ? size - off :
			    l), zg_seg_leaves(chunks, i), h);
			good &= memcmp(h, t.seg[i], 32) == 0;
		}
		ok(good, "segment roots of %llu bytes from upload data",
		    (unsigned long long)size);
		zg_free(&t);
		free(d);
		checked++;
	}
	ok(checked == (size_t)cJSON_GetArraySize(rows) && checked >= 5,
	    "%zu contents checked, every row", checked);
}

static void
calldata(void)
{
	const cJSON *rows = json_get(doc, "submitCalldata"), *r;
	size_t checked = 0, want = 0;
	struct or_err e;

	for (r = rows->child; r != NULL; r = r->next) {
		const char *c = json_strval(json_get(r, "content"), NULL);
		const char *tags = json_strval(json_get(r, "tags"), NULL);
		const char *sub = json_strval(json_get(r, "submitter"), NULL);
		struct buf b = { 0 };
		struct zg_tree t;
		uint8_t addr[20], *d;
		uint64_t size;

		if (c == NULL || strcmp(c, "seq251") != 0)
			continue;
		want += strcmp(tags, "0x") == 0;
		json_value_u64(json_get(r, "size"), "size", 1 << 30, &size, &e);
		d = seq251((size_t)size);
		zg_hash_mem(d, (size_t)size, &t, &e);
		ok(zgf_check(&t, &e) == 0, "%llu bytes pass the Flow rules",
		    (unsigned long long)size);
		if (strcmp(tags, "0x") == 0) {
			address_decode(sub, addr, "submitter", &e);
			zgf_calldata(&t, addr, 0, &b);
			is_str(b.p, json_strval(json_get(r, "calldata"), NULL),
			    "submit calldata of %llu bytes",
			    (unsigned long long)size);
			checked++;
		}
		buf_free(&b);
		zg_free(&t);
		free(d);
	}
	ok(checked == want && checked >= 1, "%zu calldata rows checked, every "
	    "row of seq251 content and empty tags", checked);
}

/* A receipt holding the Submit log of `t`, as the test Flow writes it. */
static cJSON *
receipt(const struct zg_tree *t, const char *flow, int spoil)
{
	struct buf data = { 0 };
	char hex[67], w[65];
	cJSON *rec = json_object(), *logs = json_array(), *l = json_object();
	cJSON *topics = json_array();
	size_t i;

	buf_add(&data, "0x", 2);
#define W(v) do { snprintf(w, sizeof(w), "%064llx", (unsigned long long)(v)); \
	buf_add(&data, w, 64); } while (0)
	W(7); W(1024); W(t->padded); W(0x80);
	W(t->size); W(0x60); W(0x80); W(0); W(t->nnodes);
	for (i = 0; i < t->nnodes; i++) {
		hex_encode(hex, t->nodes[i].root, 32);
		if (spoil && i == 0)
			hex[10] = hex[10] == 'a' ? 'b' : 'a';
		buf_add(&data, hex + 2, 64);
		W(t->nodes[i].height);
	}
#undef W
	cJSON_AddItemToArray(topics, cJSON_CreateString(ZGF_SUBMIT_TOPIC));
	cJSON_AddItemToArray(topics, cJSON_CreateString("0x000000000000000000"
	    "000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
	hex_encode(hex, t->identity, 32);
	cJSON_AddItemToArray(topics, cJSON_CreateString(hex));
	json_set_str(l, "address", flow);
	json_set(l, "topics", topics);
	json_set_str(l, "data", data.p);
	cJSON_AddItemToArray(logs, l);
	json_set(rec, "logs", logs);
	buf_free(&data);
	return rec;
}

static void
submit_log(void)
{
	static const char flow[] = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
	struct zgf_submit s;
	struct zg_tree t;
	struct or_err e;
	uint8_t *d = seq251(262145);
	cJSON *r;

	zg_hash_mem(d, 262145, &t, &e);
	r = receipt(&t, flow, 0);
	ok(zgf_find_log(r, flow, &t, &s, &e) == 0 && s.txseq == 7 &&
	    s.start == 1024 && s.sectors == 1152, "Submit log read");
	ok(zgf_find_log(r, "0x5fbdb2315678afecb367f032d93f642f64180aa4", &t,
	    &s, &e) < 0 && strcmp(e.code, "store.no_submit_log") == 0,
	    "a log of another contract is ignored");
	cJSON_Delete(r);
	r = receipt(&t, flow, 1);
	ok(zgf_find_log(r, flow, &t, &s, &e) < 0, "nodes that do not fold to "
	    "the root are refused");
	cJSON_Delete(r);
	/* a tree whose shape breaks the rules: one byte more than 1024
	 * chunks with the nodes of a smaller file */
	t.size = 256 * 1152 + 1;
	ok(zgf_check(&t, &e) < 0 && strcmp(e.code, "store.bad_submission") ==
	    0, "a length past the nodes' capacity is refused");
	t.size = 262145;
	t.nodes[1].height = 10;
	ok(zgf_check(&t, &e) < 0, "heights that do not decrease are refused");
	zg_free(&t);
	free(d);
}

int
main(void)
{
	struct buf b = { 0 };
	struct or_err e;

	base64();
	if (read_file(vector_path("zg-roots.json"), 1 << 24, &b, &e) < 0 ||
	    (doc = json_parse(b.p, b.len, 1, &e)) == NULL) {
		ok(0, "zg-roots.json parses: %s", e.msg);
		return done_testing();
	}
	segments();
	calldata();
	submit_log();
	cJSON_Delete(doc);
	buf_free(&b);
	return done_testing();
}
