/* keystore: Web3 Secret Storage v3 read and write. */
#define _GNU_SOURCE
#define OPENSSL_SUPPRESS_DEPRECATED	/* AES_* (see aes128ctr) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/aes.h>
#include <openssl/crypto.h>
#include <openssl/modes.h>
#include <sodium.h>

#include "hex.h"
#include "json.h"
#include "keccak.h"
#include "keystore.h"
#include "secp.h"
#include "banned.h"

/* Hostile files must not make us allocate or spin without bound: the
 * largest common setting (geth's n=2^18, r=8, p=1) needs 256 MiB.  scrypt
 * takes 128·r·(N+p) bytes (libsodium's V of 128·r·N and B of 128·r·p) and
 * N·r·p units of work; the work is bounded at 8 times geth's. */
#define MAX_SCRYPT_MEM (1ull << 30)
#define MAX_SCRYPT_WORK (8ull * KEYSTORE_SCRYPT_N * KEYSTORE_SCRYPT_R * \
	KEYSTORE_SCRYPT_P)
#define MAX_SCRYPT_P 64
#define MAX_PBKDF2_C (1u << 24)
#define MAX_DKLEN 64
#define MAX_PARAM_HEX 1024

/* Keystore hex fields carry no 0x in geth's files; accept both forms. */
static int
ks_hex(const cJSON *o, const char *key, uint8_t *out, size_t min, size_t max,
    size_t *len, struct or_err *e)
{
	const char *s = json_strval(json_get(o, key), NULL);
	size_t n, i;

	if (s == NULL)
		return or_error(e, "keystore.bad_format",
		    "keystore field '%s' is missing or not a string", key);
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = strlen(s);
	if (n % 2 != 0 || n / 2 < min || n / 2 > max)
		return or_error(e, "keystore.bad_format",
		    "keystore field '%s' has a bad length", key);
	for (i = 0; i < n; i += 2) {
		int hi = hex_digit((unsigned char)s[i]);
		int lo = hex_digit((unsigned char)s[i + 1]);

		if (hi < 0 || lo < 0)
			return or_error(e, "keystore.bad_format",
			    "keystore field '%s' is not hex", key);
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

static int
ks_u64(const cJSON *o, const char *key, uint64_t max, uint64_t *out,
    struct or_err *e)
{
	const cJSON *v = json_get(o, key);

	if (v == NULL || json_value_u64(v, key, UINT64_MAX, out, e) < 0)
		return or_error(e, "keystore.bad_format",
		    "keystore kdfparams '%s' is missing or not an integer",
		    key);
	if (*out > max)
		return or_error(e, "keystore.kdf_limit",
		    "keystore kdfparams '%s' = %llu is above the limit %llu",
		    key, (unsigned long long)*out, (unsigned long long)max);
	return 0;
}

static const cJSON *
crypto_of(const cJSON *root, struct or_err *e)
{
	const cJSON *c, *ver;
	uint64_t v;
	struct or_err tmp;

	if (!cJSON_IsObject(root)) {
		or_error(e, "keystore.bad_format", "keystore is not an object");
		return NULL;
	}
	ver = json_get(root, "version");
	if (ver == NULL || json_value_u64(ver, "version", 10, &v, &tmp) < 0 ||
	    v != 3) {
		or_error(e, "keystore.unsupported",
		    "keystore version is not 3");
		return NULL;
	}
	c = json_get(root, "crypto");
	if (c == NULL)
		c = json_get(root, "Crypto");	/* older MyEtherWallet files */
	if (!cJSON_IsObject(c)) {
		or_error(e, "keystore.bad_format",
		    "keystore has no 'crypto' object");
		return NULL;
	}
	return c;
}

/* PBKDF2 (RFC 8018 section 5.2) over libsodium's HMAC-SHA256.  Not
 * libcrypto's PKCS5_PBKDF2_HMAC: it goes through EVP, whose lazy set-up
 * crashes inside OpenSSL when an allocation fails (see sha.c); libsodium's
 * HMAC allocates nothing.  The unit test checks it against libcrypto. */
void
keystore_pbkdf2(const uint8_t *pw, size_t pwlen, const uint8_t *salt,
    size_t saltlen, uint32_t iter, uint8_t *out, size_t outlen)
{
	crypto_auth_hmacsha256_state key, st;
	uint8_t u[32], t[32], be[4];
	uint32_t block, j;
	size_t i, n;

	/* the keyed state is computed once and copied for every HMAC */
	crypto_auth_hmacsha256_init(&key, pw, pwlen);
	for (block = 1; outlen > 0; block++) {
		be[0] = (uint8_t)(block >> 24);
		be[1] = (uint8_t)(block >> 16);
		be[2] = (uint8_t)(block >> 8);
		be[3] = (uint8_t)block;
		st = key;
		crypto_auth_hmacsha256_update(&st, salt, saltlen);
		crypto_auth_hmacsha256_update(&st, be, 4);
		crypto_auth_hmacsha256_final(&st, u);
		memcpy(t, u, 32);
		for (j = 1; j < iter; j++) {
			st = key;
			crypto_auth_hmacsha256_update(&st, u, 32);
			crypto_auth_hmacsha256_final(&st, u);
			for (i = 0; i < 32; i++)
				t[i] ^= u[i];
		}
		n = outlen < 32 ? outlen : 32;
		memcpy(out, t, n);
		out += n;
		outlen -= n;
	}
	wipe(&key, sizeof(key));
	wipe(&st, sizeof(st));
	wipe(u, sizeof(u));
	wipe(t, sizeof(t));
}

/* sodium_init selects libsodium's SSE2 scrypt core; without it the
 * portable core runs, about twice as slow.  Idempotent. */
static int
sodium_ready(struct or_err *e)
{
	if (sodium_init() < 0)
		return or_error_st(e, 3, "keystore.kdf_failed",
		    "libsodium cannot be initialised");
	return 0;
}

/* Memory and work of scrypt n, r, p within the limits, checked before
 * anything is allocated. */
static int
scrypt_bounded(uint64_t n, uint64_t r, uint64_t p, struct or_err *e)
{
	uint64_t mem, work;

	if (__builtin_add_overflow(n, p, &mem) ||
	    __builtin_mul_overflow(mem, r, &mem) ||
	    __builtin_mul_overflow(mem, 128, &mem) || mem > MAX_SCRYPT_MEM)
		return or_error(e, "keystore.kdf_limit", "keystore scrypt "
		    "n=%llu r=%llu p=%llu needs more than %llu MiB",
		    (unsigned long long)n, (unsigned long long)r,
		    (unsigned long long)p, MAX_SCRYPT_MEM >> 20);
	if (__builtin_mul_overflow(n, r, &work) ||
	    __builtin_mul_overflow(work, p, &work) || work > MAX_SCRYPT_WORK)
		return or_error(e, "keystore.kdf_limit", "keystore scrypt "
		    "n=%llu r=%llu p=%llu is more than %llu times the work of "
		    "n=2^18 r=8 p=1", (unsigned long long)n,
		    (unsigned long long)r, (unsigned long long)p,
		    MAX_SCRYPT_WORK / (KEYSTORE_SCRYPT_N * KEYSTORE_SCRYPT_R *
		    KEYSTORE_SCRYPT_P));
	return 0;
}

/* The derived key of a keystore's kdf section into dk[dklen]. */
static int
derive(const cJSON *c, const uint8_t *pw, size_t pwlen, uint8_t *dk,
    size_t *dklen, struct or_err *e)
{
	const char *kdf = json_strval(json_get(c, "kdf"), NULL);
	const cJSON *kp = json_get(c, "kdfparams");
	uint8_t salt[MAX_PARAM_HEX];
	size_t saltlen;
	uint64_t n, r, p, dl, iter;
	const char *prf;

	if (kdf == NULL || !cJSON_IsObject(kp))
		return or_error(e, "keystore.bad_format",
		    "keystore has no 'kdf' and 'kdfparams'");
	if (ks_u64(kp, "dklen", MAX_DKLEN, &dl, e) < 0 ||
	    ks_hex(kp, "salt", salt, 0, sizeof(salt), &saltlen, e) < 0)
		return -1;
	if (dl < 32)
		return or_error(e, "keystore.bad_format",
		    "keystore dklen %llu is below 32", (unsigned long long)dl);
	*dklen = (size_t)dl;
	if (strcmp(kdf, "scrypt") == 0) {
		if (ks_u64(kp, "n", UINT64_MAX, &n, e) < 0 ||
		    ks_u64(kp, "r", UINT32_MAX, &r, e) < 0 ||
		    ks_u64(kp, "p", MAX_SCRYPT_P, &p, e) < 0)
			return -1;
		if (n < 2 || (n & (n - 1)) != 0 || r == 0 || p == 0)
			return or_error(e, "keystore.bad_format",
			    "keystore scrypt n must be a power of 2 and r, p "
			    "positive");
		if (scrypt_bounded(n, r, p, e) < 0)
			return -1;
		/* libsodium's low-level scrypt has no N < 2^(16r) bound, so
		 * eth-account's n=2^18 r=1 p=8 works like any other */
		if (sodium_ready(e) < 0)
			return -1;
		if (crypto_pwhash_scryptsalsa208sha256_ll(pw, pwlen, salt,
		    saltlen, n, (uint32_t)r, (uint32_t)p, dk, *dklen) != 0)
			return or_error_st(e, 3, "keystore.kdf_failed",
			    "scrypt failed: %s", strerror(errno));
		return 0;
	}
	if (strcmp(kdf, "pbkdf2") == 0) {
		if (ks_u64(kp, "c", MAX_PBKDF2_C, &iter, e) < 0)
			return -1;
		prf = json_strval(json_get(kp, "prf"), NULL);
		if (prf == NULL || strcmp(prf, "hmac-sha256") != 0)
			return or_error(e, "keystore.unsupported",
			    "keystore pbkdf2 prf is not hmac-sha256");
		if (iter == 0)
			return or_error(e, "keystore.bad_format",
			    "keystore pbkdf2 count is 0");
		keystore_pbkdf2(pw, pwlen, salt, saltlen, (uint32_t)iter, dk,
		    *dklen);
		return 0;
	}
	return or_error(e, "keystore.unsupported",
	    "keystore kdf '%s' is not scrypt or pbkdf2", kdf);
}

/* AES-128-CTR through the low-level AES block function and the CTR mode of
 * modes.h: unlike EVP they allocate nothing, so an allocation failure
 * cannot crash inside OpenSSL's lazy provider set-up (see sha.c). */
static int
aes128ctr(const uint8_t key[16], const uint8_t iv[16], const uint8_t *in,
    uint8_t *out, size_t n)
{
	AES_KEY k;
	uint8_t ctr[16], ks[16];
	unsigned int num = 0;

	if (AES_set_encrypt_key(key, 128, &k) != 0)
		return -1;
	memcpy(ctr, iv, 16);
	CRYPTO_ctr128_encrypt(in, out, n, &k, ctr, ks, &num,
	    (block128_f)AES_encrypt);
	wipe(&k, sizeof(k));
	wipe(ks, sizeof(ks));
	return 0;
}

static void
mac_of(const uint8_t *dk, const uint8_t *ct, size_t ctlen, uint8_t mac[32])
{
	struct keccak k;

	keccak_init(&k);
	keccak_update(&k, dk + 16, 16);
	keccak_update(&k, ct, ctlen);
	keccak_final(&k, mac);
}

/* The "address" field of a parsed keystore: 1, 0 when absent, -1. */
static int
address_of(const cJSON *root, uint8_t addr[20], struct or_err *e)
{
	size_t len;

	if (json_get(root, "address") == NULL)
		return 0;
	return ks_hex(root, "address", addr, 20, 20, &len, e) < 0 ? -1 : 1;
}

int
keystore_decrypt(const char *text, size_t n, const uint8_t *pw, size_t pwlen,
    uint8_t key[32], uint8_t addr[20], struct or_err *e)
{
	cJSON *root;
	const cJSON *c;
	const char *cipher;
	uint8_t dk[MAX_DKLEN], ct[32], iv[16], mac[32], want[32], stored[20];
	size_t dklen = 0, ctlen, ivlen, maclen;
	struct secp *sc = NULL;
	int rc = -1, has_addr;

	root = json_parse(text, n, 1, e);
	if (root == NULL)
		return or_error(e, "keystore.bad_format",
		    "keystore is not a JSON object");
	if ((c = crypto_of(root, e)) == NULL)
		goto out;
	cipher = json_strval(json_get(c, "cipher"), NULL);
	if (cipher == NULL || strcmp(cipher, "aes-128-ctr") != 0) {
		or_error(e, "keystore.unsupported",
		    "keystore cipher is not aes-128-ctr");
		goto out;
	}
	if (ks_hex(c, "ciphertext", ct, 32, 32, &ctlen, e) < 0 ||
	    ks_hex(c, "mac", mac, 32, 32, &maclen, e) < 0 ||
	    ks_hex(json_get(c, "cipherparams"), "iv", iv, 16, 16, &ivlen,
	    e) < 0)
		goto out;
	if ((has_addr = address_of(root, stored, e)) < 0)
		goto out;
	if (derive(c, pw, pwlen, dk, &dklen, e) < 0)
		goto out;
	/* the MAC comes first: nothing is decrypted under a wrong password */
	mac_of(dk, ct, ctlen, want);
	if (CRYPTO_memcmp(want, mac, 32) != 0) {
		or_error(e, "keystore.bad_password",
		    "wrong password for the keystore (MAC mismatch)");
		goto out;
	}
	if (aes128ctr(dk, iv, ct, key, 32) < 0) {
		or_error_st(e, 3, "keystore.cipher", "AES-128-CTR failed");
		goto out;
	}
	sc = secp_new();
	if (secp_address(sc, key, addr, e) < 0) {
		or_error(e, "keystore.bad_key",
		    "keystore holds an invalid secp256k1 key");
		goto out;
	}
	if (has_addr && memcmp(stored, addr, 20) != 0) {
		or_error(e, "keystore.address_mismatch",
		    "keystore 'address' does not match its key");
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		wipe(key, 32);
	wipe(dk, sizeof(dk));
	secp_free(sc);
	cJSON_Delete(root);
	return rc;
}

int
keystore_peek(const char *text, size_t n, uint8_t addr[20], struct or_err *e)
{
	cJSON *root = json_parse(text, n, 1, e);
	int rc;

	if (root == NULL)
		return or_error(e, "keystore.bad_format",
		    "keystore is not a JSON object");
	rc = crypto_of(root, e) == NULL ? -1 : address_of(root, addr, e);
	cJSON_Delete(root);
	return rc;
}

static int
random_bytes(uint8_t *p, size_t n, struct or_err *e)
{
	if (random_fill(p, n) < 0)
		return or_error_st(e, 3, "secp.random",
		    "cannot get random bytes: %s", strerror(errno));
	return 0;
}

static void
add_hex(struct buf *b, const uint8_t *p, size_t n)
{
	char *h = hex_encode_new(p, n);

	buf_add(b, h + 2, strlen(h + 2));	/* geth writes no 0x */
	free(h);
}

int
keystore_encrypt(const uint8_t key[32], const uint8_t addr[20],
    const uint8_t *pw, size_t pwlen, uint64_t N, uint32_t r, uint32_t p,
    struct buf *out, struct or_err *e)
{
	uint8_t salt[32], iv[16], id[16], dk[32], ct[32], mac[32];
	char uuid[40];
	int rc = -1;

	if (random_bytes(salt, sizeof(salt), e) < 0 ||
	    random_bytes(iv, sizeof(iv), e) < 0 ||
	    random_bytes(id, sizeof(id), e) < 0)
		return -1;
	if (sodium_ready(e) < 0)
		return -1;
	id[6] = (uint8_t)((id[6] & 0x0f) | 0x40);	/* UUID version 4 */
	id[8] = (uint8_t)((id[8] & 0x3f) | 0x80);
	if (crypto_pwhash_scryptsalsa208sha256_ll(pw, pwlen, salt,
	    sizeof(salt), N, r, p, dk, sizeof(dk)) != 0) {
		or_error_st(e, 3, "keystore.kdf_failed", "scrypt failed: %s",
		    strerror(errno));
		goto out;
	}
	if (aes128ctr(dk, iv, key, ct, 32) < 0) {
		or_error_st(e, 3, "keystore.cipher", "AES-128-CTR failed");
		goto out;
	}
	mac_of(dk, ct, sizeof(ct), mac);
	snprintf(uuid, sizeof(uuid),
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", id[0], id[1], id[2], id[3], id[4],
	    id[5], id[6], id[7], id[8], id[9], id[10], id[11], id[12], id[13],
	    id[14], id[15]);
	buf_add(out, "{\"address\":\"", 12);
	add_hex(out, addr, 20);
	buf_add(out, "\",\"crypto\":{\"cipher\":\"aes-128-ctr\",\"ciphertext\""
	    ":\"", 49);
	add_hex(out, ct, sizeof(ct));
	buf_add(out, "\",\"cipherparams\":{\"iv\":\"", 24);
	add_hex(out, iv, sizeof(iv));
	buf_addf(out, "\"},\"kdf\":\"scrypt\",\"kdfparams\":{\"dklen\":32,"
	    "\"n\":%llu,\"p\":%u,\"r\":%u,\"salt\":\"", (unsigned long long)N,
	    p, r);
	add_hex(out, salt, sizeof(salt));
	buf_add(out, "\"},\"mac\":\"", 10);
	add_hex(out, mac, sizeof(mac));
	buf_addf(out, "\"},\"id\":\"%s\",\"version\":3}\n", uuid);
	rc = 0;
out:
	wipe(dk, sizeof(dk));
	return rc;
}

int
keystore_write(const char *path, const uint8_t key[32], const uint8_t addr[20],
    const uint8_t *pw, size_t pwlen, struct or_err *e)
{
	struct buf text = { 0 };
	int rc;

	rc = keystore_encrypt(key, addr, pw, pwlen, KEYSTORE_SCRYPT_N,
	    KEYSTORE_SCRYPT_R, KEYSTORE_SCRYPT_P, &text, e);
	if (rc == 0 && write_file_atomic(path, text.p, text.len, 0600, e) < 0) {
		e->status = 3;
		rc = -1;
	}
	buf_free(&text);
	return rc;
}
