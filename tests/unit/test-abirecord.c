/* test-abirecord: reading ABI files (abi_file_read), the caches kept
 * between records (common/abicache.h) and the or-abi verbs on records
 * (common/abirecord.h): round trips between encode, decode and selector,
 * an ABI picked by the record, revert data, and error codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abirecord.h"
#include "json.h"
#include "tap.h"

#define TRANSFER_ABI "[{\"type\":\"function\",\"name\":\"transfer\"," \
	"\"inputs\":[{\"name\":\"to\",\"type\":\"address\"},{\"name\":" \
	"\"amount\",\"type\":\"uint256\"}],\"outputs\":[{\"type\":\"bool\"}]}]"

static char dir[] = "/tmp/test-abirecord.XXXXXX";

/* dir/name holding text; returns the path (static, overwritten). */
static const char *
put(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		printf("not ok - cannot write %s\n", path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	return path;
}

static cJSON *
record(const char *text)
{
	struct or_err e;
	cJSON *r = json_parse(text, strlen(text), 1, &e);

	if (r == NULL) {
		printf("not ok - test record does not parse: %s\n", e.msg);
		exit(1);
	}
	return r;
}

static const char *
str(const cJSON *rec, const char *key)
{
	return json_strval(json_get(rec, key), NULL);
}

static void
test_file_read(void)
{
	struct abi_file f;
	struct or_err e;
	char missing[300];

	snprintf(missing, sizeof(missing), "%s/missing.json", dir);
	ok(abi_file_read(missing, &f, &e) < 0 &&
	    strncmp(e.code, "file.", 5) == 0, "a missing file: %s", e.code);
	ok(abi_file_read(put("bad.json", "[1,"), &f, &e) < 0 &&
	    strcmp(e.code, "abi.bad_abi") == 0 &&
	    strstr(e.msg, "bad.json") != NULL, "invalid JSON: abi.bad_abi "
	    "naming the file");
	ok(abi_file_read(put("obj.json", "{\"x\":1}"), &f, &e) < 0 &&
	    strcmp(e.code, "abi.bad_abi") == 0, "no ABI array: abi.bad_abi");
	ok(abi_file_read(put("art.json", "{\"abi\":" TRANSFER_ABI ","
	    "\"bytecode\":{\"object\":\"6001\"}}"), &f, &e) == 0 &&
	    f.n == 1, "an artifact loads");
	is_str(f.bytecode, "0x6001", "its creation code gets 0x");
	abi_file_free(&f);
}

static void
test_cache(void)
{
	struct abicache c = { 0 };
	const struct abi_file *pinned, *a, *b;
	const struct abi_sig *g, *h;
	struct or_err e;
	char name[32], path[300], pinpath[300];
	int i;

	snprintf(pinpath, sizeof(pinpath), "%s", put("pin.json",
	    TRANSFER_ABI));
	pinned = abicache_file(&c, pinpath, 1, &e);
	snprintf(path, sizeof(path), "%s", put("a.json", TRANSFER_ABI));
	a = abicache_file(&c, path, 0, &e);
	b = abicache_file(&c, path, 0, &e);
	ok(pinned != NULL && a != NULL && a == b, "a second use is a hit");
	for (i = 0; i < ABICACHE_FILES_MAX; i++) {
		snprintf(name, sizeof(name), "f%d.json", i);
		abicache_file(&c, put(name, TRANSFER_ABI), 0, &e);
	}
	ok(c.nfiles == ABICACHE_FILES_MAX + 2, "%zu files before a trim",
	    c.nfiles);
	unlink(pinpath);
	unlink(path);
	abicache_trim(&c);
	ok(c.nfiles == 1, "a trim keeps only the pinned file (%zu)",
	    c.nfiles);
	ok(abicache_file(&c, pinpath, 0, &e) == pinned, "the pinned file "
	    "is not read again");
	ok(abicache_file(&c, path, 0, &e) == NULL &&
	    strncmp(e.code, "file.", 5) == 0, "a trimmed file is read again");
	abicache_file(&c, put("b.json", TRANSFER_ABI), 0, &e);
	abicache_trim(&c);
	ok(c.nfiles == 2, "below the bound a trim keeps every file");

	g = abicache_sig(&c, "f(uint256)", ABI_FUNCTION, &e);
	ok(g != NULL && abicache_sig(&c, "f(uint256)", ABI_FUNCTION, &e) == g,
	    "the same signature text is parsed once");
	ok(abicache_sig(&c, "f(", ABI_FUNCTION, &e) == NULL &&
	    strcmp(e.code, "abi.bad_signature") == 0, "a bad signature");
	ok(abicache_sig(&c, "f(uint256)", ABI_FUNCTION, &e) == g,
	    "a failed parse keeps the last signature");
	h = abicache_sig(&c, "f(uint256)", ABI_EVENT, &e);
	ok(h != NULL && h->what == ABI_EVENT, "another kind is parsed anew");
	abicache_free(&c);
	ok(c.files == NULL && c.sig == NULL, "free empties the cache");
}

static void
test_verbs(void)
{
	struct abirecord s = { 0 };
	struct or_err e;
	const char *to = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
	char text[1024], data[300], abipath[300];
	cJSON *enc, *sel, *dec, *r;

	s.mode = "calldata";
	snprintf(abipath, sizeof(abipath), "%s", put("t.json", TRANSFER_ABI));
	snprintf(text, sizeof(text), "{\"sig\":\"transfer(address to,uint256)"
	    "\",\"args\":[\"%s\",\"1000\"]}", to);
	enc = record(text);
	sel = record("{\"sig\":\"function transfer(address,uint256)\"}");
	ok(abirecord_encode(enc, &s, &e) == 0 && str(enc, "data") != NULL,
	    "encode adds data");
	ok(abirecord_hash(sel, &s, 0, &e) == 0, "selector");
	is_str(str(sel, "signature"), "transfer(address,uint256)",
	    "the canonical signature");
	ok(str(enc, "data") && str(sel, "selector") &&
	    strncmp(str(enc, "data"), str(sel, "selector"), 10) == 0,
	    "calldata starts with the selector");
	snprintf(data, sizeof(data), "%s", str(enc, "data"));

	/* the ABI named by the record picks the function by its selector */
	snprintf(text, sizeof(text), "{\"abi\":\"%s\",\"data\":\"%s\"}",
	    abipath, data);
	dec = record(text);
	ok(abirecord_decode(dec, &s, &e) == 0, "decode by the ABI's selector");
	is_str(str(dec, "decodedSig"), "transfer(address,uint256)",
	    "decodedSig");
	is_str(str(json_get(dec, "decoded"), "to"), to, "decoded 'to'");
	is_str(str(json_get(dec, "decoded"), "amount"), "1000",
	    "decoded 'amount'");
	cJSON_Delete(dec);

	/* the same calldata from "function" and the run's --abi */
	s.abis = (const char *const[]){ abipath };
	s.nabis = 1;
	snprintf(text, sizeof(text), "{\"function\":\"transfer\",\"args\":"
	    "{\"to\":\"%s\",\"amount\":1000}}", to);
	r = record(text);
	ok(abirecord_encode(r, &s, &e) == 0, "encode by function name");
	is_str(str(r, "data"), data, "the same calldata");
	cJSON_Delete(r);
	snprintf(text, sizeof(text), "{\"sig\":\"approve(address,uint256)\","
	    "\"data\":\"%s\"}", data);
	r = record(text);
	ok(abirecord_decode(r, &s, &e) < 0 &&
	    strcmp(e.code, "abi.selector_mismatch") == 0,
	    "another function's calldata: %s", e.code);
	cJSON_Delete(r);

	r = record("{\"decode\":\"error\",\"revertData\":\"0x4e487b71"
	    "0000000000000000000000000000000000000000000000000000000000000011"
	    "\"}");
	ok(abirecord_decode(r, &s, &e) == 0 && str(r, "panic") != NULL,
	    "revertData of a panic adds 'panic'");
	cJSON_Delete(r);
	r = record("{\"decode\":\"sideways\",\"data\":\"0x\"}");
	ok(abirecord_decode(r, &s, &e) < 0 &&
	    strcmp(e.code, "json.bad_field") == 0, "an unknown decode mode");
	cJSON_Delete(r);

	r = record("{\"from\":\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\","
	    "\"nonce\":0}");
	ok(abirecord_create_address(r, &e) == 0 &&
	    strlen(str(r, "contractAddress")) == 42, "create-address");
	cJSON_Delete(r);
	r = record("{\"from\":\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\"}");
	ok(abirecord_create_address(r, &e) < 0 &&
	    strcmp(e.code, "abi.missing_field") == 0, "no nonce");
	cJSON_Delete(r);

	cJSON_Delete(enc);
	cJSON_Delete(sel);
	abirecord_free(&s);
}

int
main(void)
{
	char cmd[64];

	if (mkdtemp(dir) == NULL) {
		printf("not ok - mkdtemp\n");
		return 1;
	}
	test_file_read();
	test_cache();
	test_verbs();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		ok(0, "remove %s", dir);
	return done_testing();
}
