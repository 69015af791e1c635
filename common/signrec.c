/* signrec: the fields or-sign adds to a record, per verb. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "hex.h"
#include "keccak.h"
#include "keydir.h"
#include "msghash.h"
#include "signrec.h"
#include "tx.h"
#include "banned.h"

/* Set a record field, replacing in place.  cJSON's replace ignores a
 * failed key copy and leaves a nameless field behind, so the key is copied
 * here, where running out of memory is the usual exit 3. */
static void
put(cJSON *rec, const char *key, cJSON *item)
{
	cJSON *old = json_get(rec, key);

	if (old == NULL || item == NULL) {
		json_set(rec, key, item);
		return;
	}
	item->string = xstrdup(key);
	cJSON_ReplaceItemViaPointer(rec, old, item);
}

static void
put_str(cJSON *rec, const char *key, const char *s)
{
	put(rec, key, json_new_strn(s, strlen(s)));
}

static void
set_address(cJSON *rec, const char *key, const uint8_t addr[20])
{
	char a[43];

	hex_encode(a, addr, 20);
	put_str(rec, key, a);
}

static void
set_hex(cJSON *rec, const char *key, const uint8_t *p, size_t n)
{
	char *h = hex_encode_new(p, n);

	put_str(rec, key, h);
	free(h);
}

/* Set a field the record may carry as an expected value: a different
 * value already there fails the record (conventions.md "checked"). */
static int
set_checked(cJSON *rec, const char *key, const char *val, struct or_err *e)
{
	const cJSON *old = json_get(rec, key);
	const char *s = old != NULL ? json_strval(old, NULL) : NULL;

	if (old != NULL && (s == NULL || strcasecmp(s, val) != 0))
		return or_error(e, "sign.mismatch",
		    "'%s' in the record differs from the computed %s", key,
		    val);
	put_str(rec, key, val);
	return 0;
}

/* A record's "from" names the account whose nonce and fees it was filled
 * for (or-rpc fill): signing it with another key would spend the wrong
 * account's nonce, so a different key fails the record. */
static int
check_from(const cJSON *rec, const uint8_t addr[20], struct or_err *e)
{
	const cJSON *v = json_get(rec, "from");
	const char *str;
	uint8_t want[20];
	char have[43], need[43];

	if (v == NULL)
		return 0;
	if ((str = json_strval(v, NULL)) == NULL)
		return or_error(e, "json.bad_field",
		    "'from' must be an address string");
	if (address_decode(str, want, "from", e) < 0)
		return -1;
	if (memcmp(want, addr, 20) == 0)
		return 0;
	hex_encode(need, want, 20);
	hex_encode(have, addr, 20);
	return or_error(e, "sign.from_mismatch", "the record's 'from' is %s, "
	    "but the signing key is %s: refusing to sign for another "
	    "account", need, have);
}

int
signrec_tx(cJSON *rec, struct signer *s, struct or_err *e)
{
	struct tx t;
	struct buf raw = { 0 };
	uint8_t h[32], rs[64];
	char hx[67];
	int recid, rc = -1;

	if (tx_from_json(rec, &t, e) < 0 || signer_key(s, e) < 0 ||
	    check_from(rec, s->addr, e) < 0)
		goto out;
	tx_sighash(&t, h);
	if (secp_sign(s->secp, s->key, h, rs, &recid, e) < 0)
		goto out;
	tx_set_signature(&t, rs, recid);
	tx_encode_signed(&t, &raw);
	keccak256(raw.p, raw.len, h);
	hex_encode(hx, h, 32);
	if (json_get(rec, "txHash") != NULL &&
	    set_checked(rec, "txHash", hx, e) < 0)
		goto out;
	set_address(rec, "from", s->addr);
	set_hex(rec, "raw", (uint8_t *)raw.p, raw.len);
	put_str(rec, "txHash", hx);
	rc = 0;
out:
	tx_free(&t);
	buf_free(&raw);
	return rc;
}

/* hashes.md 1.3: "0x..." is hex bytes, anything else its UTF-8 bytes. */
static int
message_bytes(const cJSON *v, uint8_t **p, size_t *n, struct or_err *e)
{
	const char *s;
	size_t len;

	if ((s = json_strval(v, &len)) == NULL)
		return or_error(e, "json.bad_field",
		    "'message' must be a string");
	if (len >= 2 && s[0] == '0' && s[1] == 'x')
		return hex_decode(s, len, p, n, "message", e);
	*p = (uint8_t *)xmemdup(s, len);
	*n = len;
	return 0;
}

/* The digest a record names: message (EIP-191), typedData (EIP-712) or a
 * bare hash.  *computed says whether it was computed here. */
static int
record_digest(const cJSON *rec, uint8_t h[32], int *computed,
    struct or_err *e)
{
	const cJSON *m = json_get(rec, "message");
	const cJSON *td = json_get(rec, "typedData");
	const char *s;
	uint8_t *p;
	size_t n;

	*computed = 1;
	if (m != NULL && td != NULL)
		return or_error(e, "sign.ambiguous",
		    "both 'message' and 'typedData' are present");
	if (m != NULL) {
		if (message_bytes(m, &p, &n, e) < 0)
			return -1;
		msghash_eip191(p, n, h);
		free(p);
		return 0;
	}
	if (td != NULL)
		return msghash_eip712(td, h, e);
	*computed = 0;
	if ((s = json_strval(json_get(rec, "hash"), NULL)) == NULL)
		return or_error(e, "sign.missing_field",
		    "missing 'message', 'typedData' or 'hash'");
	return hex_decode_fixed(s, h, 32, "hash", e);
}

/* message and typed: add hash, then signer and signature. */
int
signrec_sign(cJSON *rec, const char *field, int hash_only,
    struct signer *s, struct or_err *e)
{
	uint8_t h[32], sig[65];
	char hx[67];
	int recid, computed;

	if (json_get(rec, field) == NULL)
		return or_error(e, "sign.missing_field", "missing '%s'", field);
	if (record_digest(rec, h, &computed, e) < 0)
		return -1;
	hex_encode(hx, h, 32);
	if (set_checked(rec, "hash", hx, e) < 0)
		return -1;
	if (hash_only)
		return 0;
	if (signer_key(s, e) < 0 ||
	    secp_sign(s->secp, s->key, h, sig, &recid, e) < 0)
		return -1;
	sig[64] = (uint8_t)(27 + recid);
	set_address(rec, "signer", s->addr);
	set_hex(rec, "signature", sig, 65);
	return 0;
}

int
signrec_recover(cJSON *rec, const struct secp *c, struct or_err *e)
{
	uint8_t h[32], sig[65], addr[20];
	const char *s;
	char hx[67];
	int computed, v;

	if (record_digest(rec, h, &computed, e) < 0)
		return -1;
	if ((s = json_strval(json_get(rec, "signature"), NULL)) == NULL)
		return or_error(e, "sign.missing_field",
		    "missing 'signature' (65 bytes: r, s, v)");
	if (hex_decode_fixed(s, sig, 65, "signature", e) < 0)
		return -1;
	v = sig[64] >= 27 ? sig[64] - 27 : sig[64];
	if (v > 1)
		return or_error(e, "sign.bad_v",
		    "signature v must be 0, 1, 27 or 28");
	if (secp_recover(c, h, sig, v, 0, addr, e) < 0)
		return -1;
	if (computed) {
		hex_encode(hx, h, 32);
		if (set_checked(rec, "hash", hx, e) < 0)
			return -1;
	}
	hex_encode(hx, addr, 20);
	return set_checked(rec, "signer", hx, e);
}

int
signrec_decode(cJSON *rec, const struct secp *c, struct or_err *e)
{
	const char *s;
	size_t n;
	uint8_t *raw = NULL, h[32], sig[64], addr[20];
	struct tx t;
	cJSON *o, *f;
	char hx[67], *key;
	int rc = -1;

	memset(&t, 0, sizeof(t));
	if ((s = json_strval(json_get(rec, "raw"), &n)) == NULL)
		return or_error(e, "sign.missing_field",
		    "missing 'raw' (a signed transaction)");
	if (hex_decode(s, n, &raw, &n, "raw", e) < 0)
		return -1;
	if (tx_decode(raw, n, &t, e) < 0)
		goto out;
	memcpy(sig, t.rs, 64);
	tx_sighash(&t, h);
	if (secp_recover(c, h, sig, t.recid, 1, addr, e) < 0)
		goto out;
	keccak256(raw, n, h);
	hex_encode(hx, h, 32);
	if (json_get(rec, "txHash") != NULL &&
	    set_checked(rec, "txHash", hx, e) < 0)
		goto out;
	/* a field the transaction lacks cannot be left standing: the record
	 * would describe another transaction to or-sign tx */
	if (!t.has_to && json_get(rec, "to") != NULL) {
		or_error(e, "sign.mismatch", "'to' in the record, but the "
		    "transaction creates a contract");
		goto out;
	}
	if (!t.has_chain_id && json_get(rec, "chainId") != NULL) {
		or_error(e, "sign.mismatch", "'chainId' in the record, but "
		    "the transaction has none (pre-EIP-155)");
		goto out;
	}
	/* the fields at the top level, as or-sign tx reads them */
	o = tx_to_json(&t);
	while ((f = o->child) != NULL) {
		cJSON_DetachItemViaPointer(o, f);
		key = f->string;	/* put names the item anew */
		f->string = NULL;
		put(rec, key, f);
		cJSON_free(key);
	}
	cJSON_Delete(o);
	set_address(rec, "from", addr);
	put_str(rec, "txHash", hx);
	rc = 0;
out:
	tx_free(&t);
	free(raw);
	return rc;
}

static void
set_key_fields(cJSON *rec, const uint8_t addr[20], const char *path)
{
	char c[43];

	set_address(rec, "address", addr);
	address_checksum(c, addr);
	put_str(rec, "addressChecksum", c);
	if (path != NULL)
		put_str(rec, "path", path);
}

int
signrec_address(cJSON *rec, struct signer *s, struct or_err *e)
{
	if (signer_key(s, e) < 0)
		return -1;
	set_key_fields(rec, s->addr, s->pkfile != NULL ? NULL : s->path);
	return 0;
}

/* Store key in a new keystore and add its fields. */
static int
store_new(cJSON *rec, struct signer *s, const uint8_t key[32],
    struct or_err *e)
{
	uint8_t addr[20];
	char *path;

	if (signer_store_new(s, key, addr, &path, e) < 0)
		return -1;
	set_key_fields(rec, addr, path);
	free(path);
	return 0;
}

int
signrec_new(cJSON *rec, struct signer *s, struct or_err *e)
{
	uint8_t key[32];
	int rc;

	if (secp_new_key(s->secp, key, e) < 0)
		return -1;
	rc = store_new(rec, s, key, e);
	wipe(key, sizeof(key));
	return rc;
}

int
signrec_import(cJSON *rec, struct signer *s, const char *file,
    struct or_err *e)
{
	uint8_t key[32];
	int rc;

	if (signer_read_raw_key(file, key, e) < 0)
		return -1;
	rc = store_new(rec, s, key, e);
	wipe(key, sizeof(key));
	return rc;
}

int
signrec_passwd(cJSON *rec, struct signer *s, struct or_err *e)
{
	if (signer_passwd(s, e) < 0)
		return -1;
	set_key_fields(rec, s->addr, s->path);
	return 0;
}

cJSON *
signrec_list_entry(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	uint8_t addr[20];
	cJSON *rec = NULL;
	int r;

	/* files that are no v3 keystores are not listed */
	if ((r = keydir_peek(p, addr)) >= 0) {
		rec = json_object();
		json_set_str(rec, "path", p);
		if (r == 1) {
			char c[43];

			set_address(rec, "address", addr);
			address_checksum(c, addr);
			json_set_str(rec, "addressChecksum", c);
		}
	}
	free(p);
	return rec;
}
