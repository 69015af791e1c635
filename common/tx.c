/* tx: build, sign-hash, encode and decode Ethereum transactions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "hex.h"
#include "intval.h"
#include "keccak.h"
#include "quantity.h"
#include "rlp.h"
#include "tx.h"
#include "u256.h"
#include "banned.h"

/* chainId * 2 + 36 must fit the legacy v field */
#define MAX_CHAIN_ID ((UINT64_MAX - 36) / 2)

static int
need_u64(const cJSON *rec, const char *key, uint64_t max, uint64_t *out,
    struct or_err *e)
{
	int r = json_field_u64(rec, key, max, out, e);

	if (r == 0)
		return or_error(e, "sign.missing_field", "missing '%s'", key);
	return r < 0 ? -1 : 0;
}

/* An optional wei amount (value, fees); returns 1 present, 0 absent, -1
 * bad.  A string with a unit suffix ("1ether", "1.5gwei") is read exactly
 * (conventions.md section 3); any other value is an integer, with the
 * int.* codes of intval. */
static int
opt_wei(const cJSON *rec, const char *key, uint8_t out[32], struct or_err *e)
{
	const cJSON *v = json_get(rec, key);
	struct quantity q;
	int i;

	memset(out, 0, 32);
	if (v == NULL)
		return 0;
	if (quantity_has_unit(v)) {
		if (quantity_wei_from_json(v, key, &q, e) < 0)
			return -1;
		for (i = 0; i < 32; i++)	/* limbs to big-endian bytes */
			out[31 - i] = (uint8_t)(q.w[i / 8] >> (8 * (i % 8)));
		return 1;
	}
	return intval_from_json(v, 256, 0, out, key, e) < 0 ? -1 : 1;
}

static int
access_from_json(const cJSON *list, struct buf *out, struct or_err *e)
{
	const cJSON *it, *keys, *k;
	struct buf item = { 0 }, ks = { 0 };
	uint8_t addr[20], slot[32];
	const char *s;
	char what[64];
	int i = 0, rc = -1;

	if (!cJSON_IsArray(list))
		return or_error(e, "sign.bad_access_list",
		    "'accessList' must be an array");
	cJSON_ArrayForEach(it, list) {
		item.len = ks.len = 0;
		snprintf(what, sizeof(what), "accessList[%d].address", i);
		if (!cJSON_IsObject(it) ||
		    (s = json_strval(json_get(it, "address"), NULL)) == NULL) {
			or_error(e, "sign.bad_access_list",
			    "'accessList[%d]' must be an object with "
			    "'address' and 'storageKeys'", i);
			goto out;
		}
		if (address_decode(s, addr, what, e) < 0)
			goto out;
		keys = json_get(it, "storageKeys");
		if (keys != NULL && !cJSON_IsArray(keys)) {
			or_error(e, "sign.bad_access_list",
			    "'accessList[%d].storageKeys' must be an array", i);
			goto out;
		}
		cJSON_ArrayForEach(k, keys) {
			snprintf(what, sizeof(what),
			    "accessList[%d].storageKeys", i);
			if ((s = json_strval(k, NULL)) == NULL) {
				or_error(e, "sign.bad_access_list",
				    "'%s' must hold bytes32 strings", what);
				goto out;
			}
			if (hex_decode_fixed(s, slot, 32, what, e) < 0)
				goto out;
			rlp_put_bytes(&ks, slot, 32);
		}
		rlp_put_bytes(&item, addr, 20);
		rlp_put_list(&item, (uint8_t *)ks.p, ks.len);
		rlp_put_list(out, (uint8_t *)item.p, item.len);
		i++;
	}
	rc = 0;
out:
	buf_free(&item);
	buf_free(&ks);
	return rc;
}

static int
choose_type(const cJSON *rec, struct tx *t, struct or_err *e)
{
	uint64_t type;
	int r;

	if (json_get(rec, "gasPrice") != NULL &&
	    json_get(rec, "maxFeePerGas") != NULL)
		return or_error(e, "sign.fee_conflict",
		    "both 'gasPrice' and 'maxFeePerGas' are present");
	r = json_field_u64(rec, "type", JSON_MAX_SAFE, &type, e);
	if (r < 0)
		return -1;
	if (r == 0) {
		/* conventions.md section 2 */
		if (json_get(rec, "maxFeePerGas") != NULL)
			type = 2;
		else if (json_get(rec, "accessList") != NULL)
			type = 1;
		else
			type = 0;
	}
	if (type > 2)
		return or_error(e, "sign.bad_type",
		    "transaction type %llu is not supported (0, 1 or 2)",
		    (unsigned long long)type);
	t->type = (int)type;
	return 0;
}

int
tx_from_json(const cJSON *rec, struct tx *t, struct or_err *e)
{
	const cJSON *v;
	const char *s;
	size_t n;
	int r;

	memset(t, 0, sizeof(*t));
	if (choose_type(rec, t, e) < 0)
		return -1;
	if (json_get(rec, "chainId") == NULL)
		return or_error(e, "sign.no_chain_id",
		    "missing 'chainId': refusing to sign a transaction that "
		    "could be replayed on another chain");
	if (need_u64(rec, "chainId", MAX_CHAIN_ID, &t->chain_id, e) < 0)
		return -1;
	t->has_chain_id = 1;
	/* EIP-2681: the nonce stays below 2^64-1 */
	if (need_u64(rec, "nonce", UINT64_MAX - 1, &t->nonce, e) < 0 ||
	    need_u64(rec, "gasLimit", UINT64_MAX, &t->gas_limit, e) < 0)
		return -1;
	if (t->type == 2) {
		if (json_get(rec, "gasPrice") != NULL)
			return or_error(e, "sign.fee_conflict",
			    "'gasPrice' in a type 2 transaction (use "
			    "'maxFeePerGas')");
		if ((r = opt_wei(rec, "maxFeePerGas", t->max_fee, e)) <= 0)
			return r < 0 ? -1 : or_error(e, "sign.missing_field",
			    "missing 'maxFeePerGas'");
		if ((r = opt_wei(rec, "maxPriorityFeePerGas", t->max_priority,
		    e)) <= 0)
			return r < 0 ? -1 : or_error(e, "sign.missing_field",
			    "missing 'maxPriorityFeePerGas'");
		if (memcmp(t->max_priority, t->max_fee, 32) > 0) {
			char tip[80], cap[80];

			u256_to_dec(t->max_priority, tip);
			u256_to_dec(t->max_fee, cap);
			return or_error(e, "sign.priority_above_max",
			    "the tip 'maxPriorityFeePerGas' (%s wei) is above "
			    "the cap 'maxFeePerGas' (%s wei): raise the cap or "
			    "lower the tip (it is not lowered silently)", tip,
			    cap);
		}
	} else {
		if (json_get(rec, "maxFeePerGas") != NULL ||
		    json_get(rec, "maxPriorityFeePerGas") != NULL)
			return or_error(e, "sign.fee_conflict",
			    "EIP-1559 fee fields in a type %d transaction",
			    t->type);
		if ((r = opt_wei(rec, "gasPrice", t->gas_price, e)) <= 0)
			return r < 0 ? -1 : or_error(e, "sign.missing_field",
			    "missing 'gasPrice'");
	}
	if ((v = json_get(rec, "to")) != NULL) {
		if ((s = json_strval(v, NULL)) == NULL)
			return or_error(e, "json.bad_field", "'to' must be an "
			    "address string (omit it to create a contract)");
		if (address_decode(s, t->to, "to", e) < 0)
			return -1;
		t->has_to = 1;
	}
	if (opt_wei(rec, "value", t->value, e) < 0)
		return -1;
	if ((r = json_field_str(rec, "data", &s, &n, e)) < 0)
		return -1;
	if (r == 1 && hex_decode(s, n, &t->data, &t->data_len, "data", e) < 0)
		return -1;
	if ((v = json_get(rec, "accessList")) != NULL) {
		if (t->type == 0)
			return or_error(e, "sign.fee_conflict",
			    "'accessList' in a type 0 transaction");
		if (access_from_json(v, &t->access, e) < 0)
			return -1;
	}
	return 0;
}

/* The fields shared by the signing payload and the signed payload. */
static void
put_fields(const struct tx *t, struct buf *b)
{
	if (t->type != 0) {
		rlp_put_u64(b, t->chain_id);
		rlp_put_u64(b, t->nonce);
	} else {
		rlp_put_u64(b, t->nonce);
	}
	if (t->type == 2) {
		rlp_put_uint(b, t->max_priority, 32);
		rlp_put_uint(b, t->max_fee, 32);
	} else {
		rlp_put_uint(b, t->gas_price, 32);
	}
	rlp_put_u64(b, t->gas_limit);
	rlp_put_bytes(b, t->to, t->has_to ? 20 : 0);
	rlp_put_uint(b, t->value, 32);
	rlp_put_bytes(b, t->data, t->data_len);
	if (t->type != 0)
		rlp_put_list(b, (uint8_t *)t->access.p, t->access.len);
}

static void
envelope(const struct tx *t, const struct buf *payload, struct buf *out)
{
	if (t->type != 0)
		buf_addc(out, t->type);
	rlp_put_list(out, (uint8_t *)payload->p, payload->len);
}

void
tx_sighash(const struct tx *t, uint8_t hash[32])
{
	struct buf p = { 0 }, out = { 0 };

	put_fields(t, &p);
	if (t->type == 0 && t->has_chain_id) {
		/* EIP-155: chainId, 0, 0 */
		rlp_put_u64(&p, t->chain_id);
		rlp_put_u64(&p, 0);
		rlp_put_u64(&p, 0);
	}
	envelope(t, &p, &out);
	keccak256(out.p, out.len, hash);
	buf_free(&p);
	buf_free(&out);
}

void
tx_set_signature(struct tx *t, const uint8_t rs[64], int recid)
{
	memcpy(t->rs, rs, 64);
	t->recid = recid;
	if (t->type == 0)
		t->v = t->has_chain_id ? t->chain_id * 2 + 35 + (uint64_t)recid :
		    27 + (uint64_t)recid;
}

void
tx_encode_signed(const struct tx *t, struct buf *raw)
{
	struct buf p = { 0 };

	put_fields(t, &p);
	if (t->type == 0)
		rlp_put_u64(&p, t->v);
	else
		rlp_put_u64(&p, (uint64_t)t->recid);
	rlp_put_uint(&p, t->rs, 32);
	rlp_put_uint(&p, t->rs + 32, 32);
	envelope(t, &p, raw);
	buf_free(&p);
}

static int
dec_access(const struct rlp_item *it, struct buf *out, struct or_err *e)
{
	struct rlp_item ent, pair[3], key;
	size_t off, koff, used, kused, n;

	if (!it->list)
		return or_error(e, "tx.bad_fields", "access list is not a list");
	/* validate each [address, [keys]]; the payload is kept as it is */
	for (off = 0; off < it->n; off += used) {
		if (rlp_decode_prefix(it->p + off, it->n - off, &ent, &used,
		    e) < 0 || rlp_list(&ent, pair, 3, &n, e) < 0)
			return -1;
		if (n != 2 || pair[0].list || pair[0].n != 20 || !pair[1].list)
			return or_error(e, "tx.bad_fields",
			    "access list entry is not [address, [keys]]");
		for (koff = 0; koff < pair[1].n; koff += kused) {
			if (rlp_decode_prefix(pair[1].p + koff,
			    pair[1].n - koff, &key, &kused, e) < 0)
				return -1;
			if (key.list || key.n != 32)
				return or_error(e, "tx.bad_fields",
				    "access list storage key is not 32 bytes");
		}
	}
	buf_add(out, it->p, it->n);
	return 0;
}

int
tx_decode(const uint8_t *raw, size_t n, struct tx *t, struct or_err *e)
{
	struct rlp_item top, f[12];
	size_t cnt, want, k = 0;
	memset(t, 0, sizeof(*t));
	if (n == 0)
		return or_error(e, "tx.bad_type", "empty transaction");
	if (raw[0] >= 0xc0) {
		t->type = 0;
	} else if (raw[0] == 1 || raw[0] == 2) {
		t->type = raw[0];
		raw++;
		n--;
	} else {
		return or_error(e, "tx.bad_type",
		    "transaction type 0x%02x is not supported", raw[0]);
	}
	if (rlp_decode(raw, n, &top, e) < 0 || rlp_list(&top, f, 12, &cnt, e) < 0)
		return -1;
	want = t->type == 0 ? 9 : t->type == 1 ? 11 : 12;
	if (cnt != want)
		return or_error(e, "tx.bad_fields",
		    "type %d transaction has %zu fields, not %zu", t->type, cnt,
		    want);
	if (t->type != 0) {
		if (rlp_u64(&f[k++], &t->chain_id, "chainId", e) < 0)
			return -1;
		t->has_chain_id = 1;
	}
	if (rlp_u64(&f[k++], &t->nonce, "nonce", e) < 0)
		return -1;
	if (t->type == 2) {
		if (rlp_uint(&f[k++], t->max_priority, 32,
		    "maxPriorityFeePerGas", e) < 0 ||
		    rlp_uint(&f[k++], t->max_fee, 32, "maxFeePerGas", e) < 0)
			return -1;
	} else if (rlp_uint(&f[k++], t->gas_price, 32, "gasPrice", e) < 0) {
		return -1;
	}
	if (rlp_u64(&f[k++], &t->gas_limit, "gasLimit", e) < 0)
		return -1;
	if (f[k].list || (f[k].n != 0 && f[k].n != 20))
		return or_error(e, "tx.bad_fields",
		    "'to' is neither empty nor 20 bytes");
	t->has_to = f[k].n == 20;
	if (t->has_to)
		memcpy(t->to, f[k].p, 20);
	k++;
	if (rlp_uint(&f[k++], t->value, 32, "value", e) < 0)
		return -1;
	if (f[k].list)
		return or_error(e, "tx.bad_fields", "'data' is a list");
	t->data_len = f[k].n;
	t->data = (uint8_t *)xmemdup(f[k].p, f[k].n);
	k++;
	if (t->type != 0 && dec_access(&f[k++], &t->access, e) < 0)
		goto fail;
	if (rlp_u64(&f[k++], &t->v, "v", e) < 0)
		goto fail;
	if (rlp_uint(&f[k++], t->rs, 32, "r", e) < 0 ||
	    rlp_uint(&f[k++], t->rs + 32, 32, "s", e) < 0)
		goto fail;
	if (t->type != 0) {
		if (t->v > 1) {
			or_error(e, "tx.bad_v", "yParity must be 0 or 1");
			goto fail;
		}
		t->recid = (int)t->v;
	} else if (t->v == 27 || t->v == 28) {
		t->recid = (int)(t->v - 27);
	} else if (t->v >= 35) {
		t->has_chain_id = 1;
		t->chain_id = (t->v - 35) / 2;
		t->recid = (int)((t->v - 35) % 2);
	} else {
		or_error(e, "tx.bad_v", "legacy v %llu is not 27, 28 or EIP-155",
		    (unsigned long long)t->v);
		goto fail;
	}
	return 0;
fail:
	tx_free(t);
	return -1;
}

static cJSON *
access_to_json(const struct tx *t)
{
	cJSON *arr = json_array();
	struct rlp_item list, ent[3], key;
	size_t off = 0, used, n, i;
	struct or_err e;
	char hex[67];

	list.list = 1;
	list.p = (const uint8_t *)t->access.p;
	list.n = t->access.len;
	while (off < list.n && rlp_decode_prefix(list.p + off, list.n - off,
	    &key, &used, &e) == 0 && rlp_list(&key, ent, 3, &n, &e) == 0) {
		cJSON *o = json_object(), *keys = json_array();

		hex_encode(hex, ent[0].p, 20);
		json_set_str(o, "address", hex);
		for (i = 0; i < ent[1].n; i += 33) {
			hex_encode(hex, ent[1].p + i + 1, 32);
			json_push(keys, json_new_str(hex));
		}
		json_set(o, "storageKeys", keys);
		json_push(arr, o);
		off += used;
	}
	return arr;
}

/* Integer fields are JSON numbers (conventions.md section 4); a value that
 * a number cannot carry exactly is written as a decimal string instead. */
static cJSON *
new_u64(uint64_t v)
{
	char dec[24];

	if (v <= JSON_MAX_SAFE)
		return json_new_uint(v);
	snprintf(dec, sizeof(dec), "%llu", (unsigned long long)v);
	return json_new_str(dec);
}

static void
set_u256(cJSON *o, const char *key, const uint8_t v[32])
{
	char dec[80];

	u256_to_dec(v, dec);
	json_set_str(o, key, dec);
}

cJSON *
tx_to_json(const struct tx *t)
{
	cJSON *o = json_object();
	char hex[67], *data;

	json_set_int(o, "type", t->type);
	if (t->has_chain_id)
		json_set(o, "chainId", new_u64(t->chain_id));
	json_set(o, "nonce", new_u64(t->nonce));
	if (t->has_to) {
		hex_encode(hex, t->to, 20);
		json_set_str(o, "to", hex);
	}
	set_u256(o, "value", t->value);
	data = hex_encode_new(t->data, t->data_len);
	json_set_str(o, "data", data);
	free(data);
	json_set(o, "gasLimit", new_u64(t->gas_limit));
	if (t->type == 2) {
		set_u256(o, "maxFeePerGas", t->max_fee);
		set_u256(o, "maxPriorityFeePerGas", t->max_priority);
	} else {
		set_u256(o, "gasPrice", t->gas_price);
	}
	if (t->type != 0)
		json_set(o, "accessList", access_to_json(t));
	if (t->type == 0)
		json_set(o, "v", new_u64(t->v));
	else
		json_set_int(o, "yParity", t->recid);
	hex_encode(hex, t->rs, 32);
	json_set_str(o, "r", hex);
	hex_encode(hex, t->rs + 32, 32);
	json_set_str(o, "s", hex);
	return o;
}

void
tx_free(struct tx *t)
{
	free(t->data);
	t->data = NULL;
	buf_free(&t->access);
}
