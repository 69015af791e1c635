/* Unit tests for keystore and secp: every vector of $VECTORS/keystore
 * decrypts to its private key and address, a wrong password is refused by
 * the MAC, a written keystore reads back, hostile parameters are bounded. */
#include <string.h>

#include <openssl/evp.h>

#include "hex.h"
#include "json.h"
#include "keydir.h"
#include "keystore.h"
#include "secp.h"
#include "tap.h"

static char dir[4096];

static void
slurp(const char *name, struct buf *b)
{
	char path[8192];
	struct or_err e;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	b->len = 0;
	if (read_file(path, 1 << 20, b, &e) < 0) {
		printf("not ok - cannot read %s\n", path);
		exit(1);
	}
}

static void
check_vector(const cJSON *v)
{
	const char *file = json_strval(json_get(v, "file"), NULL);
	const char *pwf = json_strval(json_get(v, "passwordFile"), NULL);
	const char *want_key = json_strval(json_get(v, "privateKey"), NULL);
	const char *want_addr = json_strval(json_get(v, "address"), NULL);
	struct buf ks = { 0 }, pw = { 0 };
	uint8_t key[32], addr[20], peek[20];
	char hk[67], ha[43];
	struct or_err e;
	int rc;

	slurp(file, &ks);
	slurp(pwf, &pw);
	rc = keystore_decrypt(ks.p, ks.len, (uint8_t *)pw.p, pw.len, key, addr,
	    &e);
	ok(rc == 0, "%s decrypts%s%s", file, rc ? ": " : "", rc ? e.msg : "");
	hex_encode(hk, key, 32);
	hex_encode(ha, addr, 20);
	is_str(hk, want_key, "%s private key", file);
	is_str(ha, want_addr, "%s address", file);
	ok(keystore_peek(ks.p, ks.len, peek, &e) == 1 &&
	    memcmp(peek, addr, 20) == 0, "%s address field", file);
	rc = keystore_decrypt(ks.p, ks.len, (const uint8_t *)"wrongpassword",
	    13, key, addr, &e);
	ok(rc < 0 && strcmp(e.code, "keystore.bad_password") == 0,
	    "%s refuses a wrong password", file);
	buf_free(&ks);
	buf_free(&pw);
}

static const char *
decrypt_code(const char *text)
{
	static struct or_err e;
	uint8_t key[32], addr[20];

	memset(&e, 0, sizeof(e));
	if (keystore_decrypt(text, strlen(text), (const uint8_t *)"pw", 2, key,
	    addr, &e) == 0)
		return "ok";
	return e.code;
}

int
main(void)
{
	struct buf b = { 0 }, text = { 0 };
	struct or_err e;
	cJSON *root, *v;
	struct secp *c = secp_new();
	uint8_t key[32], addr[20], key2[32], addr2[20];
	char name[128], hk[67];
	struct timespec ts = { 1671532243, 591916000 };

	snprintf(dir, sizeof(dir), "%s",
	    vector_path("keystore/expected.json"));
	*strrchr(dir, '/') = '\0';
	slurp("expected.json", &b);
	root = json_parse(b.p, b.len, 1, &e);
	ok(root != NULL, "expected.json parses");
	cJSON_ArrayForEach(v, json_get(root, "keystores"))
		check_vector(v);

	/* write with light parameters and read back */
	memset(key, 0x46, 32);
	ok(secp_address(c, key, addr, &e) == 0, "address of 0x46..46");
	ok(keystore_encrypt(key, addr, (const uint8_t *)"pw", 2, 1024, 8, 1,
	    &text, &e) == 0, "encrypt");
	ok(keystore_decrypt(text.p, text.len, (const uint8_t *)"pw", 2, key2,
	    addr2, &e) == 0 && memcmp(key, key2, 32) == 0 &&
	    memcmp(addr, addr2, 20) == 0, "written keystore reads back");
	ok(strstr(text.p, "4646464646") == NULL, "key is not in the text");
	keydir_filename(name, sizeof(name), addr, &ts);
	is_str(name, "UTC--2022-12-20T10-30-43.591916000Z--"
	    "9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f", "geth file name");

	/* hostile and malformed files */
	is_str(decrypt_code("[]"), "keystore.bad_format", "not an object");
	is_str(decrypt_code("{\"version\":1,\"crypto\":{}}"),
	    "keystore.unsupported", "version 1");
	is_str(decrypt_code("{\"version\":3}"), "keystore.bad_format",
	    "no crypto");
	is_str(decrypt_code("{\"version\":3,\"crypto\":{\"cipher\":"
	    "\"aes-128-cbc\"}}"), "keystore.unsupported", "other cipher");
#define CT "\"cipher\":\"aes-128-ctr\",\"ciphertext\":\"" \
    "0000000000000000000000000000000000000000000000000000000000000000\"," \
    "\"cipherparams\":{\"iv\":\"00000000000000000000000000000000\"}," \
    "\"mac\":\"0000000000000000000000000000000000000000000000000000000000000000\""
	is_str(decrypt_code("{\"version\":3,\"crypto\":{" CT ",\"kdf\":"
	    "\"scrypt\",\"kdfparams\":{\"dklen\":32,\"n\":1073741824,\"r\":8,"
	    "\"p\":1,\"salt\":\"00\"}}}"), "keystore.kdf_limit",
	    "scrypt memory bound");
	/* libsodium's B (128·r·p) counts too: 128·N·r alone is below 1 GiB */
	is_str(decrypt_code("{\"version\":3,\"crypto\":{" CT ",\"kdf\":"
	    "\"scrypt\",\"kdfparams\":{\"dklen\":32,\"n\":2,"
	    "\"r\":1048576,\"p\":64,\"salt\":\"00\"}}}"),
	    "keystore.kdf_limit", "scrypt memory bound counts r*p");
	is_str(decrypt_code("{\"version\":3,\"crypto\":{" CT ",\"kdf\":"
	    "\"scrypt\",\"kdfparams\":{\"dklen\":32,\"n\":2,"
	    "\"r\":4194304,\"p\":64,\"salt\":\"00\"}}}"),
	    "keystore.kdf_limit", "scrypt r=4194304 p=64");
	/* 1 GiB exactly is 128·r·N; the p term passes it */
	is_str(decrypt_code("{\"version\":3,\"crypto\":{" CT ",\"kdf\":"
	    "\"scrypt\",\"kdfparams\":{\"dklen\":32,\"n\":1048576,"
	    "\"r\":8,\"p\":1,\"salt\":\"00\"}}}"),
	    "keystore.kdf_limit", "scrypt memory bound includes p");
	/* work: 64 MiB of memory, but N·r·p = 2^24·... above 8x geth's */
	is_str(decrypt_code("{\"version\":3,\"crypto\":{" CT ",\"kdf\":"
	    "\"scrypt\",\"kdfparams\":{\"dklen\":32,\"n\":65536,"
	    "\"r\":8,\"p\":64,\"salt\":\"00\"}}}"),
	    "keystore.kdf_limit", "scrypt work bound");
	is_str(decrypt_code("{\"version\":3,\"crypto\":{" CT ",\"kdf\":"
	    "\"scrypt\",\"kdfparams\":{\"dklen\":32,\"n\":1000,\"r\":8,"
	    "\"p\":1,\"salt\":\"00\"}}}"), "keystore.bad_format",
	    "n not a power of two");
	is_str(decrypt_code("{\"version\":3,\"crypto\":{" CT ",\"kdf\":"
	    "\"pbkdf2\",\"kdfparams\":{\"dklen\":32,\"c\":4294967296,"
	    "\"prf\":\"hmac-sha256\",\"salt\":\"00\"}}}"), "keystore.kdf_limit",
	    "pbkdf2 iteration bound");
	is_str(decrypt_code("{\"version\":3,\"crypto\":{" CT ",\"kdf\":"
	    "\"pbkdf2\",\"kdfparams\":{\"dklen\":16,\"c\":1,"
	    "\"prf\":\"hmac-sha256\",\"salt\":\"00\"}}}"), "keystore.bad_format",
	    "dklen below 32");
	is_str(decrypt_code("{\"version\":3,\"crypto\":{" CT ",\"kdf\":"
	    "\"pbkdf2\",\"kdfparams\":{\"dklen\":32,\"c\":1,"
	    "\"prf\":\"hmac-sha256\",\"salt\":\"00\"}}}"),
	    "keystore.bad_password", "MAC checked");
	is_str(decrypt_code("{\"version\":3,\"crypto\":{" CT ",\"kdf\":"
	    "\"argon2\",\"kdfparams\":{\"dklen\":32,\"salt\":\"00\"}}}"),
	    "keystore.unsupported", "unknown kdf");

	/* PBKDF2 against libcrypto, across block and length boundaries */
	{
		static const size_t lens[] = { 1, 32, 33, 64, 65, 100 };
		static const uint32_t its[] = { 1, 2, 1000 };
		uint8_t a[100], want[100];
		size_t i, k;
		int same = 1;

		for (i = 0; i < 6; i++)
			for (k = 0; k < 3; k++) {
				keystore_pbkdf2((const uint8_t *)"passwd", 6,
				    (const uint8_t *)"salt", 4, its[k], a,
				    lens[i]);
				PKCS5_PBKDF2_HMAC("passwd", 6,
				    (const uint8_t *)"salt", 4, (int)its[k],
				    EVP_sha256(), (int)lens[i], want);
				same &= memcmp(a, want, lens[i]) == 0;
			}
		ok(same, "pbkdf2 equals libcrypto's PKCS5_PBKDF2_HMAC");
		keystore_pbkdf2((const uint8_t *)"passwd", 6,
		    (const uint8_t *)"salt", 4, 1, a, 64);
		hex_encode(hk, a, 32);
		is_str(hk, "0x55ac046e56e3089fec1691c22544b605f94185216dde0465e68"
		    "b9d57c20dacbc", "pbkdf2 RFC 7914 section 11 vector");
	}

	/* secp: zero key, recover round trip */
	memset(key2, 0, 32);
	ok(secp_address(c, key2, addr2, &e) < 0 &&
	    strcmp(e.code, "secp.bad_key") == 0, "zero key refused");
	{
		uint8_t h[32] = { 1 }, rs[64];
		int recid;

		ok(secp_sign(c, key, h, rs, &recid, &e) == 0 &&
		    secp_recover(c, h, rs, recid, 1, addr2, &e) == 0 &&
		    memcmp(addr, addr2, 20) == 0, "sign and recover");
		ok((rs[32] & 0x80) == 0, "signature has low s");
	}
	secp_free(c);
	cJSON_Delete(root);
	buf_free(&b);
	buf_free(&text);
	return done_testing();
}
